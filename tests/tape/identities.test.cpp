// tests/tape/identities.test.cpp -- identities, constant exponents and build cost: the cases
// that once gave silent wrong answers on every path at once (x0*1 returned 1), checked
// against closed forms, under every pass configuration, parsed and recorded, on every ISA.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "problems.hpp"

namespace {

using namespace tapetest;

/// Value, gradient and diagonal of a tape at one point.
struct at_point {
  double value;
  std::vector<double> grad, diag;
};

at_point eval(td::tape const& t, std::vector<double> const& x) {
  std::size_t const n = x.size();
  at_point r{0, std::vector<double>(n), std::vector<double>(n)};
  t.evaluate(td::points_view<double>::row_major(x.data(), 1, n),
             td::outputs<double>{std::span<double>(&r.value, 1),
                                 td::matrix_ref<double>::row_major(r.grad.data(), 1, n),
                                 td::matrix_ref<double>::row_major(r.diag.data(), 1, n),
                                 {}});
  return r;
}

/// Every combination of the four passes.
std::vector<td::tape_passes> all_passes() {
  std::vector<td::tape_passes> r;
  for (int m = 0; m < 16; ++m) r.push_back({bool(m & 1), bool(m & 2), bool(m & 4), bool(m & 8)});
  return r;
}

std::string describe(td::tape_passes const& p) {
  return std::string("passes fold=") + char('0' + p.fold_constants) +
         " cse=" + char('0' + p.eliminate_common) + " dead=" + char('0' + p.remove_dead) +
         " sparse=" + char('0' + p.sparsity);
}

/// Exactly equal, NaN to NaN, and the same sign of zero.
void expect_identical(double got, double want, std::string const& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what << ": got " << got << ", want NaN";
    return;
  }
  EXPECT_EQ(got, want) << what;
  if (got == 0 && want == 0) EXPECT_EQ(std::signbit(got), std::signbit(want)) << what << ": sign";
}

// f(x) = x0 wrapped in an identity: value x0, gradient e0, diagonal 0 -- whatever the passes.
TEST(TapeIdentities, IdentityAtTheTopIsTheOperand) {
  char const* const exprs[] = {"x0*1",       "1*x0",     "x0/1",       "x0-0",       "x0+0",
                               "0+x0",       "x0^1",     "pow(x0,1)",  "x0*x1^0",    "(x0*1)*1",
                               "x0*(2-1)",   "x0^(3-2)", "+x0",        "x0 + 0*0",   "x0*1 + 0",
                               "x0 - (1-1)", "1*x0/1*1", "x0^(2*0.5)", "x0*x1^(1-1)"};
  std::vector<double> const pts[] = {{0.75, -2.5}, {-3.0, 0.5}, {0.0, 1.0}};
  for (char const* e : exprs)
    for (auto const& p : all_passes()) {
      // An exponent computed from constants is a general pow (e^(v log u)) unless folded.
      if (!p.fold_constants && std::string(e).find("^(") != std::string::npos) continue;
      auto const t = td::tape::parse(e, 2, p);
      for_each_arch([&](std::string const& arch) {
        for (auto const& x : pts) {
          std::string const what = std::string(e) + " " + describe(p) + " " + arch;
          auto const r = eval(t, x);
          expect_identical(r.value, x[0], what + " value");
          EXPECT_EQ(r.grad[0], 1.0) << what;
          EXPECT_EQ(r.grad[1], 0.0) << what;
          EXPECT_EQ(r.diag[0], 0.0) << what;
          EXPECT_EQ(r.diag[1], 0.0) << what;
        }
      });
    }
}

// Recorded identities: the same through tape::record.
TEST(TapeIdentities, RecordedIdentities) {
  using V = td::tape_var;
  std::function<V(std::span<V const>)> const fs[] = {
      [](std::span<V const> x) { return x[0] * 1.0; },
      [](std::span<V const> x) { return 1.0 * x[0]; },
      [](std::span<V const> x) { return x[0] / 1.0; },
      [](std::span<V const> x) { return x[0] + 0.0; },
      [](std::span<V const> x) { return x[0] - 0.0; },
      [](std::span<V const> x) { return pow(x[0], 1.0); },
      [](std::span<V const> x) { return x[0] * pow(x[1], 0.0); },
      [](std::span<V const> x) { return x[0] * (V(3.0) - V(2.0)); },
  };
  std::vector<double> const x = {-1.25, 4.0};
  for (std::size_t q = 0; q < std::size(fs); ++q)
    for (auto const& p : all_passes()) {
      auto const t = td::tape::record([&](auto const& v) { return fs[q](v); }, 2, p);
      auto const r = eval(t, x);
      std::string const what = "recorded #" + std::to_string(q) + " " + describe(p);
      EXPECT_EQ(r.value, x[0]) << what;
      EXPECT_EQ(r.grad[0], 1.0) << what;
      EXPECT_EQ(r.grad[1], 0.0) << what;
      EXPECT_EQ(r.diag[0], 0.0) << what;
    }
}

// An identity on a real function keeps the function: log(sum x^2) + 0 against its closed
// form (r = |x|^2: d_i = 2 x_i / r, d_ii = 2/r - 4 x_i^2 / r^2).
TEST(TapeIdentities, IdentityOnLogSumOfSquares) {
  std::vector<double> const x = {0.5, -1.5, 2.0};
  long double r = 0;
  for (double v : x) r += (long double)v * v;
  for (char const* e : {"log(sum(x^2)) + 0", "log(sum(x^2)) * 1", "1 * log(sum(x^2)) / 1",
                        "log(sum(x^2))^1", "pow(log(sum(x^2)), 1) - 0"})
    for (auto const& p : all_passes()) {
      auto const res = eval(td::tape::parse(e, 3, p), x);
      std::string const what = std::string(e) + " " + describe(p);
      EXPECT_NEAR(res.value, double(std::log(r)), 1e-15) << what;
      for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_NEAR(res.grad[i], double(2 * x[i] / r), 1e-15) << what;
        EXPECT_NEAR(res.diag[i], double(2 / r - 4 * x[i] * x[i] / (r * r)), 1e-15) << what;
      }
    }
}

// x^c for a negative integer c: exact (repeated multiplication), inf at 0, right signs for
// x < 0 -- whether c is a literal, parenthesised, folded or recorded.
TEST(TapeIdentities, NegativeIntegerExponents) {
  double const inf = std::numeric_limits<double>::infinity();
  struct expect_row {
    double x, v, g, d;
  };
  // x^-2: -2 x^-3, 6 x^-4;  x^-3: -3 x^-4, 12 x^-5.
  // Each form with whether it needs constant folding to become x^c (x0^(0-2) is a general pow
  // when the passes are off; literal forms never are).
  struct form {
    char const* expr;
    bool needs_folding;
  };
  std::pair<std::vector<form>, std::vector<expect_row>> const cases[] = {
      {{{"x0^-2", false},
        {"x0^(-2)", false},
        {"pow(x0,-2)", false},
        {"x0^(0-2)", true},
        {"x0^(-4/2)", true}},
       {{0.0, inf, -inf, inf}, {-2.0, 0.25, 0.25, 0.375}, {0.5, 4, -16, 96}}},
      {{{"x0^-3", false},
        {"x0^(-3)", false},
        {"pow(x0,-3)", false},
        {"x0^-(3)", false},
        {"x0^(1-4)", true}},
       {{-2.0, -0.125, -0.1875, -0.375}, {0.0, inf, -inf, inf}, {2.0, 0.125, -0.1875, 0.375}}},
  };
  for (auto const& [forms, rows] : cases)
    for (auto const& [e, needs_folding] : forms)
      for (auto const& p : all_passes()) {
        if (needs_folding && !p.fold_constants) continue;
        auto const t = td::tape::parse(e, 1, p);
        for_each_arch([&](std::string const& arch) {
          for (auto const& row : rows) {
            std::string const what =
                std::string(e) + " at " + std::to_string(row.x) + " " + describe(p) + " " + arch;
            auto const r = eval(t, {row.x});
            EXPECT_EQ(r.value, row.v) << what;
            EXPECT_EQ(r.grad[0], row.g) << what;
            EXPECT_EQ(r.diag[0], row.d) << what;
          }
        });
      }
  // Recorded with a constant exponent.
  auto const t = td::tape::record([](auto const& x) { return pow(x[0], -3.0); }, 1);
  auto const r = eval(t, {-2.0});
  EXPECT_EQ(r.value, -0.125);
  EXPECT_EQ(r.grad[0], -0.1875);
  EXPECT_EQ(r.diag[0], -0.375);
}

// x^0 is 1 and pow(f, 1) is f, as taylordiag::pow(J, c) gives; 2^x (a folded base) is b^x.
TEST(TapeIdentities, FoldedExponentsAndBases) {
  for (auto const& p : all_passes()) {
    auto const r0 = eval(td::tape::parse("x0^(1-1) + x1", 2, p), {-7.0, 2.0});
    EXPECT_EQ(r0.value, 3.0) << describe(p);
    EXPECT_EQ(r0.grad[0], 0.0) << describe(p);
    auto const r = eval(td::tape::parse("(1+1)^x0", 1, p), {3.0});
    EXPECT_NEAR(r.value, 8.0, 1e-14) << describe(p);
    double const l = std::log(2.0);
    EXPECT_NEAR(r.grad[0], 8 * l, 1e-13) << describe(p);
    EXPECT_NEAR(r.diag[0], 8 * l * l, 1e-13) << describe(p);
  }
}

// Build cost linear in the direction entries: sum(x) at n = 10^6 has 2n entries (the inputs'
// and the sum's), and nested reductions are instantiated once (prod(prod(x)) is 2n + O(1)
// instructions, not n^2). The 8-deep product was a parser-fuzzer timeout (16.7M instructions).
TEST(TapeBuildCost, LinearInTheEntries) {
  std::size_t const n = 1000000;
  auto const t = td::tape::parse("sum(x)", n);
  EXPECT_EQ(t.direction_entries(), 2 * n);
  EXPECT_EQ(t.dependencies().size(), n);

  std::string nested = "x";
  for (int d = 0; d < 8; ++d) nested = "prod(" + nested + ")";
  for (auto const& p : all_passes()) {
    auto const q = td::tape::parse(nested, 8, p);
    EXPECT_LT(q.size(), std::size_t(8 * 16)) << describe(p);
    // At x = (1, ..., 1, -1): the inner product is -1, and every outer one (-1)^8 = 1.
    std::vector<double> x(8, 1.0);
    x[7] = -1;
    auto const r = eval(q, x);
    EXPECT_EQ(r.value, 1.0) << describe(p);
  }
  // sum(sum(sum(x))) at n = 1000 is n^2 sum(x), in 3n + O(1) instructions.
  auto const s3 = td::tape::parse("sum(sum(sum(x)))", 1000);
  EXPECT_LT(s3.size(), std::size_t(3100));
  std::vector<double> x(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i % 7) - 3;  // sum(x) = -3
  auto const r = eval(s3, x);
  EXPECT_EQ(r.value, -3e6);
  EXPECT_EQ(r.grad[5], 1e6);
}

// A body expanded n times beyond the instruction bound is refused before any work, and so is a
// dense layout (sparsity off) beyond the layout bound: clear errors, not gigabytes.
TEST(TapeBuildCost, BoundsBeforeWork) {
  std::string body = "x";
  for (int q = 0; q < 40; ++q) body += "+x";
  EXPECT_THROW((void)td::tape::parse("sum(" + body + ")", 1u << 20), td::parse_error);
  td::tape_passes dense;
  dense.sparsity = false;
  try {
    (void)td::tape::parse("sum(x^2)", 1u << 20, dense);  // ~3n instructions x n entries
    ADD_FAILURE() << "no error";
  } catch (td::error const& e) {
    EXPECT_NE(std::string(e.what()).find("dense layout"), std::string::npos) << e.what();
  }
}

// The dense layout of sum(x) at n = 10^4 has ~10^8 direction entries: within the words bound,
// but a 13 GB workspace per thread at evaluation. The entries bound refuses it at build time;
// the sparse layout of the same sum (2n entries) builds.
TEST(TapeBuildCost, WorkspaceBoundBeforeEvaluation) {
  td::tape_passes dense;
  dense.sparsity = false;
  dense.remove_dead = false;  // keep the n inputs and the sum as separate instructions
  try {
    (void)td::tape::parse("sum(x)", 10000, dense);
    ADD_FAILURE() << "no error";
  } catch (td::error const& e) {
    EXPECT_NE(std::string(e.what()).find("workspace"), std::string::npos) << e.what();
  }
  auto const t = td::tape::parse("sum(x)", 10000);
  EXPECT_LE(t.direction_entries(), 2u * 10000);
}

// Numbers beyond the double range are an error (as the CLI's CSV reader treats them);
// underflow rounds. Messages quote tokens with bytes escaped and long tokens cut.
TEST(TapeParseErrors, RangeAndQuoting) {
  EXPECT_THROW((void)td::tape::parse("1e400*x0", 1), td::parse_error);
  EXPECT_THROW((void)td::tape::parse("x0 - 2e308", 1), td::parse_error);
  EXPECT_EQ(eval(td::tape::parse("x0 + 1e-400", 1), {2.0}).value, 2.0);
  EXPECT_EQ(eval(td::tape::parse("x0 * 4.9e-324 * 1e300", 1), {1.0}).value, 4.9e-324 * 1e300);
  auto message = [](std::string const& e) {
    try {
      (void)td::tape::parse(e, 2);
    } catch (td::parse_error const& err) {
      return std::string(err.what());
    }
    return std::string("(no error)");
  };
  std::string const bad = message("x0 + \xff\xfe");
  EXPECT_NE(bad.find("\\xff"), std::string::npos) << bad;
  for (char c : bad) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << bad;
  std::string const longname = message("x0 + " + std::string(100000, 'q') + "(x1)");
  EXPECT_LT(longname.size(), 200u) << longname.substr(0, 300);
  EXPECT_NE(longname.find("'..."), std::string::npos) << longname;
  std::string const ctl = message("x0 + foo\x01\x02bar");
  for (char c : ctl) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << ctl;
}

}  // namespace
