// tests/tape/tape.test.cpp -- recorded and parsed tapes against the templated drivers, on every
// instruction set this CPU supports (forced one by one), for double and float, at point
// counts that hit every SIMD tail.
#include <gtest/gtest.h>

#include "problems.hpp"

namespace {

using namespace tapetest;

template <class Real, class F>
void check_problem(F const& f, std::string const& expr, std::size_t n, double lo, double hi,
                   std::string const& name) {
  auto const recorded = td::tape::record(f, n);
  auto const parsed = td::tape::parse(expr, n);
  EXPECT_EQ(recorded.dimension(), n);
  EXPECT_EQ(parsed.dimension(), n);
  for (std::size_t k : {1u, 3u, 17u, 31u, 100u}) {
    auto const x = random_points<Real>(k, n, lo, hi, unsigned(k * 31 + n));
    auto const ref = by_driver<Real>(f, x, k, n);
    for_each_arch([&](std::string const& arch) {
      std::string const label =
          name + " n=" + std::to_string(n) + " k=" + std::to_string(k) + " " + arch;
      expect_same(by_tape<Real>(recorded, x, k, n), ref, tolerance<Real>(), label + " recorded");
      expect_same(by_tape<Real>(parsed, x, k, n), ref, tolerance<Real>(), label + " parsed");
    });
  }
}

template <class Real>
class TapeVsDriver : public ::testing::Test {};
using Reals = ::testing::Types<double, float>;
TYPED_TEST_SUITE(TapeVsDriver, Reals);

TYPED_TEST(TapeVsDriver, LogSumOfSquares) {
  for (std::size_t n : {1u, 3u, 8u, 64u})
    check_problem<TypeParam>(log_sum_sq{}, log_sum_sq::expr(), n, -2, 2, "logsumsq");
}
TYPED_TEST(TapeVsDriver, Product) {
  for (std::size_t n : {1u, 2u, 5u, 9u})
    check_problem<TypeParam>(product{}, product::expr(), n, -1, 3, "prod");
}
TYPED_TEST(TapeVsDriver, Rosenbrock) {
  for (std::size_t n : {2u, 3u, 10u, 33u})
    check_problem<TypeParam>(rosenbrock{}, rosenbrock::expr(), n, -2, 2, "rosenbrock");
}
TYPED_TEST(TapeVsDriver, Transcendental) {
  for (std::size_t n : {2u, 5u, 20u})
    check_problem<TypeParam>(transcendental{}, transcendental::expr(), n, -3, 3, "mix");
}
TYPED_TEST(TapeVsDriver, TanhMlp) {
  for (auto [n, h] : {std::pair<std::size_t, std::size_t>{3, 4}, {10, 16}}) {
    mlp const net(n, h);
    check_problem<TypeParam>(net, net.expr(), n, -2, 2, "mlp");
  }
}

// Closed forms, independent of the drivers: f = log(sum x^2), r = |x|^2:
// d_i = 2 x_i / r, d_ii = 2/r - 4 x_i^2 / r^2, Laplacian (2n - 4)/r.
TEST(Tape, LogSumOfSquaresClosedForm) {
  std::size_t const n = 5, k = 13;
  auto const t = td::tape::parse("log(sum(x^2))", n);
  auto const x = random_points<double>(k, n, -2, 2, 3);
  for_each_arch([&](std::string const& arch) {
    auto r = by_tape<double>(t, x, k, n);
    for (std::size_t p = 0; p < k; ++p) {
      double s = 0;
      for (std::size_t i = 0; i < n; ++i) s += x[p * n + i] * x[p * n + i];
      EXPECT_NEAR(r.value[p], std::log(s), 1e-14) << arch;
      EXPECT_NEAR(r.lap[p], (2.0 * n - 4) / s, 1e-12 * (1 + std::abs((2.0 * n - 4) / s))) << arch;
      for (std::size_t i = 0; i < n; ++i) {
        double const xi = x[p * n + i];
        EXPECT_NEAR(r.grad[p * n + i], 2 * xi / s, 1e-13 / s) << arch;
        EXPECT_NEAR(r.diag[p * n + i], 2 / s - 4 * xi * xi / (s * s), 1e-12 / (s * s)) << arch;
      }
    }
  });
}

TEST(Tape, WeightedLaplacianAndLaplacianMatchDiagonal) {
  std::size_t const n = 7, k = 19;
  auto const t = td::tape::parse(transcendental::expr(), n);
  auto const x = random_points<double>(k, n, -2, 2, 5);
  std::vector<double> a = {1, -2, 0, 0.5, 3, -1, 2};
  auto const pv = td::points_view<double>::row_major(x.data(), k, n);
  for_each_arch([&](std::string const& arch) {
    auto const d = t.hessian_diagonal(pv);
    std::vector<double> w(k), lap(k), wref(k);
    t.weighted_laplacian(pv, a, w);
    t.laplacian(pv, lap);
    td::weighted_laplacian(transcendental{}, pv, std::span<double const>(a),
                           std::span<double>(wref));
    for (std::size_t p = 0; p < k; ++p) {
      double s = 0, ws = 0;
      for (std::size_t i = 0; i < n; ++i) s += d.diag(p, i), ws += a[i] * d.diag(p, i);
      EXPECT_NEAR(lap[p], s, 1e-13 * (1 + std::abs(s))) << arch;
      EXPECT_NEAR(w[p], ws, 1e-13 * (1 + std::abs(ws))) << arch;
      EXPECT_NEAR(w[p], wref[p], 1e-12 * (1 + std::abs(ws))) << arch;
    }
  });
}

// Row-major points and outputs move through W x W transposes (full batches, runs of W
// consecutive inputs), column-major ones lane by lane: the bits must agree. The output skips
// x20..x24 (zero columns between two runs) and n is no multiple of any batch width.
TYPED_TEST(TapeVsDriver, RowMajorMatchesColumnMajorBitwise) {
  using Real = TypeParam;
  std::size_t const n = 45;
  std::string expr = "x44";
  for (std::size_t i = 0; i < 44; ++i) {
    std::size_t const j = (i + 1 >= 20 && i + 1 < 25) || i == 43 ? 0 : i + 1;
    if (i < 20 || i >= 25) expr += " + sin(x" + std::to_string(i) + ") * x" + std::to_string(j);
  }
  auto const t = td::tape::parse(expr, n);
  for (std::size_t k : {5u, 16u, 37u, 64u}) {
    auto const x = random_points<Real>(k, n, -2, 2, unsigned(k));
    std::vector<Real> xc(k * n);
    for (std::size_t p = 0; p < k; ++p)
      for (std::size_t i = 0; i < n; ++i) xc[i * k + p] = x[p * n + i];
    for_each_arch([&](std::string const& arch) {
      auto const r = by_tape<Real>(t, x, k, n);
      std::vector<Real> v(k), g(k * n), d(k * n), lap(k);
      t.evaluate(td::points_view<Real>::col_major(xc.data(), k, n),
                 td::outputs<Real>{v, td::matrix_ref<Real>::col_major(g.data(), k, n),
                                   td::matrix_ref<Real>::col_major(d.data(), k, n), lap});
      for (std::size_t p = 0; p < k; ++p) {
        EXPECT_EQ(r.value[p], v[p]) << arch << " k=" << k << " p=" << p;
        EXPECT_EQ(r.lap[p], lap[p]) << arch << " k=" << k << " p=" << p;
        for (std::size_t i = 0; i < n; ++i) {
          EXPECT_EQ(r.grad[p * n + i], g[i * k + p]) << arch << " k=" << k << " " << p << "," << i;
          EXPECT_EQ(r.diag[p * n + i], d[i * k + p]) << arch << " k=" << k << " " << p << "," << i;
        }
        for (std::size_t i = 20; i < 25; ++i) EXPECT_EQ(r.grad[p * n + i], Real(0)) << arch;
      }
    });
  }
}

TEST(Tape, ValueOnlyAndStridedLayouts) {
  std::size_t const n = 4, k = 11;
  auto const t = td::tape::parse(rosenbrock::expr(), n);
  auto const x = random_points<double>(k, n, -2, 2, 9);
  // Column-major copy of the same points.
  std::vector<double> xc(k * n);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < n; ++i) xc[i * k + p] = x[p * n + i];
  auto const ref = by_driver<double>(rosenbrock{}, x, k, n);
  std::vector<double> v(k), g(k * n);
  t.evaluate(td::points_view<double>::col_major(xc.data(), k, n),
             td::outputs<double>{v, td::matrix_ref<double>::col_major(g.data(), k, n), {}, {}});
  expect_close(v, ref.value, 1e-14, "value", "colmajor");
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < n; ++i)
      EXPECT_NEAR(g[i * k + p], ref.grad[p * n + i], 1e-12 * (1 + std::abs(ref.grad[p * n + i])));
  std::vector<double> only(k);
  t.evaluate(td::points_view<double>::row_major(x.data(), k, n),
             td::outputs<double>{only, {}, {}, {}});
  expect_close(only, ref.value, 1e-14, "value", "value only");
}

TEST(Tape, ThreadCountDoesNotChangeBits) {
  std::size_t const n = 12, k = 1000;
  auto const t = td::tape::parse(transcendental::expr(), n);
  auto const x = random_points<double>(k, n, -2, 2, 11);
  td::options one;
  one.threads = 1;
  td::options two;
  two.threads = 2;
  two.block_points = 16;
  auto const a = by_tape<double>(t, x, k, n, one);
  auto const b = by_tape<double>(t, x, k, n, two);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.grad, b.grad);
  EXPECT_EQ(a.diag, b.diag);
  EXPECT_EQ(a.lap, b.lap);
}

// Huge arguments take xsimd's scalar pio2 reduction inside each kernel; NaN in one point's
// input stays in that point.
TEST(Tape, HugeArgumentsAndNaNIsolation) {
  std::size_t const n = 2, k = 9;
  auto const f = [](auto const& x) {
    using std::cos;
    using std::sin;
    return sin(x[0]) * cos(x[1]);
  };
  auto const t = td::tape::record(f, n);
  std::vector<double> x = {1e22, 3, 1e300, -1e200, 0.5, 0.25, 1,  2,  3,
                           4,    5, 6,     7,      8,   9,    10, 11, 12};
  auto const ref = by_driver<double>(f, x, k, n);
  for_each_arch([&](std::string const& arch) {
    expect_same(by_tape<double>(t, x, k, n), ref, tolerance<double>(), arch);
  });
  x[2] = std::nan("");
  for_each_arch([&](std::string const& arch) {
    auto const r = by_tape<double>(t, x, k, n);
    EXPECT_TRUE(std::isnan(r.value[1])) << arch;
    for (std::size_t p = 0; p < k; ++p)
      if (p != 1) {
        EXPECT_FALSE(std::isnan(r.value[p])) << arch;
        EXPECT_FALSE(std::isnan(r.diag[p * n])) << arch;
        EXPECT_FALSE(std::isnan(r.lap[p])) << arch;
      }
  });
}

TEST(Tape, ArgumentErrors) {
  auto const t = td::tape::parse("x0 * x1", 2);
  std::vector<double> x(6), out(3);
  EXPECT_THROW(t.evaluate(td::points_view<double>::row_major(x.data(), 2, 3),
                          td::outputs<double>{out, {}, {}, {}}),
               td::error);  // dimension 3 vs 2 (and value size)
  EXPECT_THROW(t.laplacian(td::points_view<double>::row_major(x.data(), 3, 2),
                           std::span<double>(out.data(), 2)),
               td::error);
  td::options bad;
  bad.threads = 0;
  EXPECT_THROW(t.laplacian(td::points_view<double>::row_major(x.data(), 3, 2), out, bad),
               td::error);
  std::vector<double> a = {1, std::nan("")};
  EXPECT_THROW(t.weighted_laplacian(td::points_view<double>::row_major(x.data(), 3, 2), a, out),
               td::error);
  EXPECT_THROW(td::force_tape_architecture("neon"), td::error);
  td::force_tape_architecture("auto");
}

TEST(Tape, RecordRejectsMisuse) {
  td::tape_var leaked;
  auto const t = td::tape::record(
      [&](auto const& x) {
        leaked = x[0];
        return x[0] * 2.0;
      },
      1);
  EXPECT_THROW((void)(leaked + 1.0), td::error);  // used outside the recording
  // An exception thrown by f propagates and leaves no recording behind.
  EXPECT_THROW(
      td::tape::record([](auto const&) -> td::tape_var { throw std::runtime_error("boom"); }, 2),
      std::runtime_error);
  auto const u = td::tape::record([](auto const& x) { return x[0] + 1.0; }, 1);
  EXPECT_EQ(u.dimension(), 1u);
  // Constants alone, outside a recording, are plain arithmetic.
  EXPECT_DOUBLE_EQ((td::tape_var(2.0) * 3.0).constant(), 6.0);
}

TEST(Tape, ConstantAndDefault) {
  td::tape t;
  EXPECT_EQ(t.dimension(), 0u);
  auto const c = td::tape::parse("2^3 + sin(0)", 2);
  std::vector<double> x = {1, 2}, v(1), g(2), d(2);
  c.evaluate(td::points_view<double>::row_major(x.data(), 1, 2),
             td::outputs<double>{v,
                                 td::matrix_ref<double>::row_major(g.data(), 1, 2),
                                 td::matrix_ref<double>::row_major(d.data(), 1, 2),
                                 {}});
  EXPECT_EQ(v[0], 8.0);
  EXPECT_EQ(g[0], 0.0);
  EXPECT_EQ(d[1], 0.0);
  EXPECT_TRUE(c.dependencies().empty());
}

}  // namespace
