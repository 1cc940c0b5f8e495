// tests/drivers/block_points.test.cpp -- options::block_points at every size, both engines:
// 1, k - 1, k, k + 1, values whose rounding up to the SIMD width (8 W for the drivers, 16 for
// the tape) would wrap around size_t, SIZE_MAX / 2 and SIZE_MAX. Each must compute every point
// (a sentinel-filled output is fully overwritten) with the closed form of f = log(sum x^2):
//     value log r^2, gradient 2 x_i / r^2, diagonal 2 / r^2 - 4 x_i^2 / r^4,
//     Laplacian 2 (n - 2) / r^2   (r^2 = sum x^2),
// and give the same bits as the default block size (the contract: results do not depend on it).
#include <cstdint>
#include <limits>
#include <type_traits>

#include "drivers/common.hpp"
#include "taylordiag/tape.hpp"

namespace {
using namespace tdtest;

constexpr std::size_t size_max = std::numeric_limits<std::size_t>::max();

/// The block sizes to try for k points: small, around k, and near the top of size_t, where
/// (want + W - 1) / W * W (W <= 16) wraps to 0 or to a small number.
std::vector<std::size_t> block_sizes(std::size_t k) {
  std::vector<std::size_t> b = {1, 2, k - 1, k, k + 1, 2 * k + 1, size_max / 2, size_max / 2 + 1};
  for (std::size_t d = 0; d <= 16; ++d) b.push_back(size_max - d);
  return b;
}

template <class Real>
struct closed {
  std::vector<ld> value, grad, diag, lap;
};

/// The closed form of log(sum x^2) at k x n row-major points, in long double.
template <class Real>
closed<Real> log_norm_closed(std::vector<Real> const& x, std::size_t k, std::size_t n) {
  closed<Real> c{std::vector<ld>(k), std::vector<ld>(k * n), std::vector<ld>(k * n),
                 std::vector<ld>(k)};
  for (std::size_t p = 0; p < k; ++p) {
    ld r2 = 0;
    for (std::size_t i = 0; i < n; ++i) r2 += ld(x[p * n + i]) * ld(x[p * n + i]);
    c.value[p] = std::log(r2);
    c.lap[p] = 2 * ld(n - 2) / r2;
    for (std::size_t i = 0; i < n; ++i) {
      ld const xi = x[p * n + i];
      c.grad[p * n + i] = 2 * xi / r2;
      c.diag[p * n + i] = 2 / r2 - 4 * xi * xi / (r2 * r2);
    }
  }
  return c;
}

/// Every point's outputs against the closed form (sentinels left behind fail).
template <class Real>
void expect_closed(closed<Real> const& c, std::size_t k, std::size_t n,
                   std::type_identity_t<Real> const* value, std::type_identity_t<Real> const* grad,
                   std::type_identity_t<Real> const* diag, std::type_identity_t<Real> const* lap,
                   std::string const& what) {
  ld const rt = tol<Real>();
  for (std::size_t p = 0; p < k; ++p) {
    if (value) {
      ASSERT_TRUE(close_row(value + p, 1, &c.value[p], 1, rt, what + " value"));
    }
    if (grad) {
      ASSERT_TRUE(close_row(grad + p * n, 1, &c.grad[p * n], n, rt, what + " gradient"));
    }
    if (diag) {
      ASSERT_TRUE(close_row(diag + p * n, 1, &c.diag[p * n], n, rt, what + " diagonal"));
    }
    // A sum of n terms of the diagonal's scale: n roundings of it.
    if (lap) {
      ASSERT_TRUE(close_row(lap + p, 1, &c.lap[p], 1, rt * ld(n), what + " laplacian"));
    }
  }
}

template <class Real>
bool same_bits(std::vector<Real> const& a, std::vector<Real> const& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Real)) == 0;
}

template <class Real>
class BlockPoints : public ::testing::Test {};
using reals = ::testing::Types<double, float>;
TYPED_TEST_SUITE(BlockPoints, reals);

TYPED_TEST(BlockPoints, TemplatedDriversComputeEveryPoint) {
  using Real = TypeParam;
  constexpr Real sentinel = Real(-12345);
  std::size_t const n = 5;
  for (std::size_t k : {std::size_t(1), 3 * W<Real> + 3}) {
    auto const x = make_points<Real>(k, n, 0.5, 2);
    auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
    auto const c = log_norm_closed(x, k, n);
    auto const base = td::hessian_diagonal(log_norm{}, pts);
    auto const base_lap = td::laplacian(log_norm{}, pts);
    auto const base_pp = td::pure_partials<2>(log_norm{}, pts);
    for (std::size_t bp : block_sizes(k)) {
      for (int t : {1, 2}) {
        std::string const what = "k = " + std::to_string(k) +
                                 " block_points = " + std::to_string(bp) +
                                 " threads = " + std::to_string(t);
        SCOPED_TRACE(what);
        td::options const opt{.threads = t, .method = td::strategy::automatic, .block_points = bp};
        auto const r = td::hessian_diagonal(log_norm{}, pts, opt);
        expect_closed(c, k, n, r.value.data(), r.gradient.data(), r.diagonal.data(), nullptr, what);
        std::vector<Real> lap(k, sentinel);
        td::laplacian(log_norm{}, pts, std::span<Real>(lap), opt);
        expect_closed(c, k, n, nullptr, nullptr, nullptr, lap.data(), what);
        EXPECT_TRUE(same_bits(r.value, base.value) && same_bits(r.diagonal, base.diagonal) &&
                    same_bits(r.gradient, base.gradient))
            << "hessian_diagonal depends on block_points";
        EXPECT_TRUE(same_bits(lap, base_lap)) << "laplacian depends on block_points";
        auto const pp = td::pure_partials<2>(log_norm{}, pts, opt);
        EXPECT_TRUE(same_bits(pp.partials, base_pp.partials))
            << "pure_partials depends on block_points";
        std::vector<Real> a(n, Real(1)), w(k, sentinel);
        td::weighted_laplacian(log_norm{}, pts, std::span<Real const>(a), std::span<Real>(w), opt);
        expect_closed(c, k, n, nullptr, nullptr, nullptr, w.data(), what + " weighted");
      }
    }
  }
}

TYPED_TEST(BlockPoints, TapeComputesEveryPoint) {
  using Real = TypeParam;
  constexpr Real sentinel = Real(-12345);
  std::size_t const n = 5;
  auto const t = td::tape::parse("log(sum(x^2))", n);
  for (std::size_t k : {std::size_t(1), std::size_t(37)}) {  // 37: past 2 x 16 and not a multiple
    auto const x = make_points<Real>(k, n, 0.5, 2);
    auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
    auto const c = log_norm_closed(x, k, n);
    auto const base = t.hessian_diagonal(pts);
    for (std::size_t bp : block_sizes(k)) {
      for (int th : {1, 2}) {
        std::string const what = "k = " + std::to_string(k) +
                                 " block_points = " + std::to_string(bp) +
                                 " threads = " + std::to_string(th);
        SCOPED_TRACE(what);
        td::options const opt{.threads = th, .method = td::strategy::automatic, .block_points = bp};
        std::vector<Real> v(k, sentinel), g(k * n, sentinel), d(k * n, sentinel), l(k, sentinel);
        t.evaluate(pts,
                   td::outputs<Real>{v, td::matrix_ref<Real>::row_major(g.data(), k, n),
                                     td::matrix_ref<Real>::row_major(d.data(), k, n), l},
                   opt);
        expect_closed(c, k, n, v.data(), g.data(), d.data(), l.data(), what);
        EXPECT_TRUE(same_bits(v, base.value) && same_bits(g, base.gradient) &&
                    same_bits(d, base.diagonal))
            << "tape results depend on block_points";
        std::vector<Real> l2(k, sentinel);
        t.laplacian(pts, std::span<Real>(l2), opt);
        expect_closed(c, k, n, nullptr, nullptr, nullptr, l2.data(), what + " laplacian()");
      }
    }
  }
}

}  // namespace
