// tests/tape/passes.test.cpp -- each optimisation pass preserves results, does what it claims
// (fewer instructions, fewer directions), and the dependency analysis is exact.
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "problems.hpp"
#include "tape_program.hpp"

namespace {

using namespace tapetest;

std::vector<td::tape_passes> configurations() {
  std::vector<td::tape_passes> c(6);
  c[1].fold_constants = false;
  c[2].eliminate_common = false;
  c[3].remove_dead = false;
  c[4].sparsity = false;
  c[5] = {false, false, false, false};
  return c;
}

template <class F>
void check_passes(F const& f, std::string const& expr, std::size_t n, std::string const& name) {
  std::size_t const k = 21;
  auto const x = random_points<double>(k, n, -1.5, 1.5, unsigned(n));
  auto const ref = by_driver<double>(f, x, k, n);
  auto const all = td::tape::record(f, n);
  for (auto const& p : configurations()) {
    std::string const label = name + " fold=" + std::to_string(p.fold_constants) +
                              " cse=" + std::to_string(p.eliminate_common) +
                              " dead=" + std::to_string(p.remove_dead) +
                              " sparse=" + std::to_string(p.sparsity);
    auto const r = td::tape::record(f, n, p);
    auto const q = td::tape::parse(expr, n, p);
    expect_same(by_tape<double>(r, x, k, n), ref, tolerance<double>(), label + " recorded");
    expect_same(by_tape<double>(q, x, k, n), ref, tolerance<double>(), label + " parsed");
    EXPECT_LE(all.size(), r.size()) << label;
    EXPECT_LE(all.direction_entries(), r.direction_entries()) << label;
    EXPECT_EQ(r.dependencies(), all.dependencies()) << label;
  }
}

TEST(Passes, PreserveResults) {
  check_passes(log_sum_sq{}, log_sum_sq::expr(), 9, "logsumsq");
  check_passes(product{}, product::expr(), 6, "prod");
  check_passes(rosenbrock{}, rosenbrock::expr(), 7, "rosenbrock");
  check_passes(transcendental{}, transcendental::expr(), 6, "mix");
  mlp const net(4, 5);
  check_passes(net, net.expr(), 4, "mlp");
}

// Without folding and sparsity, sin(1) keeps all n directions while the constant 1 has
// none: its entries are zero (they once read another instruction's stale entries).
TEST(Passes, DenseUnaryOfConstant) {
  td::tape_passes const none{false, false, false, false};
  // Leave non-zero values in this thread's cached workspace first.
  td::options one;
  one.threads = 1;
  auto const big = td::tape::parse("sum(exp(x))", 50);
  std::vector<double> const xb(50 * 64, 0.7);
  (void)big.hessian_diagonal(td::points_view<double>::row_major(xb.data(), 64, 50), one);
  auto const t = td::tape::parse("sin(1) * x0 + x1 + 2 * cos(3) + exp(0.5) / 4", 2, none);
  std::vector<double> const x = {0.3, 0.4};
  auto const r = t.hessian_diagonal(td::points_view<double>::row_major(x.data(), 1, 2), one);
  EXPECT_DOUBLE_EQ(r.gradient[0], std::sin(1.0));
  EXPECT_DOUBLE_EQ(r.gradient[1], 1.0);
  EXPECT_EQ(r.diagonal[0], 0.0);
  EXPECT_EQ(r.diagonal[1], 0.0);
}

TEST(Passes, EachDoesItsJob) {
  td::tape_passes none{false, false, false, true};
  // Folding: a constant sub-expression becomes one constant.
  auto folded = td::tape::parse("x0 * (2^3 + sin(0) * 4)", 1);
  auto raw = td::tape::parse("x0 * (2^3 + sin(0) * 4)", 1, none);
  EXPECT_LT(folded.size(), raw.size());
  EXPECT_EQ(folded.size(), 2u);  // x0, then x0 * 8
  // CSE: sin(x0) computed once.
  td::tape_passes no_cse;
  no_cse.eliminate_common = false;
  EXPECT_LT(td::tape::parse("sin(x0) + sin(x0)*cos(x0) + cos(x0)", 1).size(),
            td::tape::parse("sin(x0) + sin(x0)*cos(x0) + cos(x0)", 1, no_cse).size());
  // Dead code: an unused recorded value does not survive.
  auto rec = [](auto const& x) {
    using std::exp;
    auto unused = exp(x[1]) * x[2];
    (void)unused;
    return x[0] * x[0];
  };
  td::tape_passes keep_dead;
  keep_dead.remove_dead = false;
  EXPECT_EQ(td::tape::record(rec, 3).size(), 2u);
  EXPECT_EQ(td::tape::record(rec, 3, keep_dead).size(), 6u);
  // Sum flattening (with dead code): a recorded chain s = s + x_i^2 carries O(n) directions.
  std::size_t const n = 64;
  auto const flat = td::tape::record(log_sum_sq{}, n);
  EXPECT_EQ(flat.direction_entries(), 4 * n);  // x_i, x_i^2, the sum, the log
  EXPECT_GT(td::tape::record(log_sum_sq{}, n, keep_dead).direction_entries(), n * n / 2);
  // Sparsity off: every instruction carries all n directions.
  td::tape_passes dense;
  dense.sparsity = false;
  auto const d = td::tape::record(log_sum_sq{}, n, dense);
  EXPECT_EQ(d.direction_entries(), d.size() * n);
}

// The sets of inputs that reach each instruction, as sets.
std::set<std::vector<std::uint32_t>> dependency_sets(td::tape const& t) {
  auto const& p = t.program();
  std::set<std::vector<std::uint32_t>> s;
  for (std::size_t j = 0; j < p.code.size(); ++j)
    s.insert(std::vector<std::uint32_t>(p.dep_input.begin() + p.dep_begin[j],
                                        p.dep_input.begin() + p.dep_begin[j] + p.dep_count[j]));
  return s;
}

TEST(Sparsity, RosenbrockIsExact) {
  std::size_t const n = 8;
  for (auto const& t :
       {td::tape::record(rosenbrock{}, n), td::tape::parse(rosenbrock::expr(), n)}) {
    std::set<std::vector<std::uint32_t>> want = {{}};  // constants
    std::vector<std::uint32_t> all;
    for (std::uint32_t i = 0; i < n; ++i) {
      want.insert({i});
      if (i + 1 < n) want.insert({i, i + 1});
      all.push_back(i);
    }
    want.insert(all);
    EXPECT_EQ(dependency_sets(t), want);
    // Work: each term carries at most 2 directions; only the sum carries n.
    auto const& p = t.program();
    std::size_t wide = 0;
    for (std::size_t j = 0; j < p.code.size(); ++j) wide += p.dep_count[j] > 2;
    EXPECT_EQ(wide, 1u);
  }
}

TEST(Sparsity, BandedIsExact) {
  std::size_t const n = 9;
  auto const t = td::tape::parse("sum(exp(x * x[i+1]) * x[i+2])", n);
  std::set<std::vector<std::uint32_t>> want = {};
  std::vector<std::uint32_t> all;
  for (std::uint32_t i = 0; i < n; ++i) {
    want.insert({i});
    if (i + 1 < n - 1) want.insert({i, i + 1});
    if (i + 2 < n) want.insert({i, i + 1, i + 2});
    all.push_back(i);
  }
  want.insert(all);
  EXPECT_EQ(dependency_sets(t), want);
}

TEST(Passes, ScalesReadByOneSumAreFused) {
  // 2 x0 - 3 x1 + x2 x0: the scales are computed inside the sum (no entries of their own),
  // also under a subtraction; x2 x0 (not a scale) keeps its two.
  std::size_t const n = 3, k = 11;
  auto const t = td::tape::parse("2*x0 - 3*x1 + x2*x0", n);
  EXPECT_EQ(t.direction_entries(), 8u);  // x0, x1, x2 (1 each), x2*x0 (2), the sum (3)
  auto const& p = t.program();
  std::size_t fused = 0;
  for (auto const& i : p.code) fused += i.code == td::detail::op::scale && i.b != 0;
  EXPECT_EQ(fused, 2u);
  auto const x = random_points<double>(k, n, -1.5, 1.5, 5);
  for_each_arch([&](std::string const& arch) {
    auto const r = by_tape<double>(t, x, k, n);
    for (std::size_t q = 0; q < k; ++q) {
      double const* xq = &x[q * n];
      EXPECT_DOUBLE_EQ(r.value[q], 2 * xq[0] - 3 * xq[1] + xq[2] * xq[0]) << arch;
      EXPECT_DOUBLE_EQ(r.grad[q * n + 0], 2 + xq[2]) << arch;
      EXPECT_EQ(r.grad[q * n + 1], -3.0) << arch;
      EXPECT_EQ(r.grad[q * n + 2], xq[0]) << arch;
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(r.diag[q * n + i], 0.0) << arch;
    }
  });
}

TEST(Sparsity, UnreachedInputsGiveExactZeros) {
  std::size_t const n = 6;
  auto const t = td::tape::parse("x0 * x2 + sin(x4)", n);
  EXPECT_EQ(t.dependencies(), (std::vector<std::size_t>{0, 2, 4}));
  auto const x = random_points<double>(5, n, -1, 1, 2);
  auto const r = by_tape<double>(t, x, 5, n);
  for (std::size_t p = 0; p < 5; ++p)
    for (std::size_t i : {1u, 3u, 5u}) {
      EXPECT_EQ(r.grad[p * n + i], 0.0);
      EXPECT_EQ(r.diag[p * n + i], 0.0);
    }
  EXPECT_EQ(t.direction_entries(), 9u);  // x0, x2, x4 (1 each), x0*x2 (2), sin (1), the sum (3)
}

}  // namespace
