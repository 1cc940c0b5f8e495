// tests/drivers/strategies_threads.test.cpp -- the same answer however it is computed:
//  * per_direction, shared_primal and automatic agree (to a few ulps of the row scale);
//  * 1, 2, 4 threads, the caller's arena, and any block_points give BITWISE identical
//    outputs (memcmp) for every driver;
//  * row-major, column-major and padded inputs and outputs give bitwise identical results;
//  * a point gives the same bits alone as inside a large array (lane and tail independence).
#include <tuple>

#include "drivers/common.hpp"

namespace {
using namespace tdtest;

template <class Real>
struct all_outputs {
  std::vector<Real> value, grad, diag, lap, clap, wlap, dir2, dir1, partials;
  bool operator==(all_outputs const& o) const {
    auto same = [](std::vector<Real> const& a, std::vector<Real> const& b) {
      return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Real)) == 0;
    };
    return same(value, o.value) && same(grad, o.grad) && same(diag, o.diag) && same(lap, o.lap) &&
           same(clap, o.clap) && same(wlap, o.wlap) && same(dir2, o.dir2) && same(dir1, o.dir1) &&
           same(partials, o.partials);
  }
};

/// Every driver on k x n points (row-major) with the given options.
template <class Real, class F>
all_outputs<Real> run_all(F const& f, std::vector<Real> const& x, std::size_t k, std::size_t n,
                          td::options opt) {
  auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
  all_outputs<Real> r;
  r.value.resize(k), r.grad.resize(k * n), r.diag.resize(k * n), r.lap.resize(k);
  td::evaluate(f, pts,
               td::outputs<Real>{r.value, td::matrix_ref<Real>::row_major(r.grad.data(), k, n),
                                 td::matrix_ref<Real>::row_major(r.diag.data(), k, n), r.lap},
               opt);
  r.clap = td::laplacian(f, pts, opt);
  std::vector<Real> a(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = Real(i % 3 == 0 ? 0.0 : i % 3 == 1 ? 1.5 : -0.75);
  r.wlap.resize(k);
  td::weighted_laplacian(f, pts, std::span<Real const>(a), std::span<Real>(r.wlap), opt);
  std::size_t const m = 3;
  auto const v = make_points<Real>(m, n, -1, 1, 99);
  r.dir2.resize(k * m), r.dir1.resize(k * m);
  td::directional_second(f, pts, td::points_view<Real>::row_major(v.data(), m, n),
                         td::matrix_ref<Real>::row_major(r.dir2.data(), k, m),
                         td::matrix_ref<Real>::row_major(r.dir1.data(), k, m), opt);
  r.partials = td::pure_partials<3>(f, pts, opt).partials;
  return r;
}

template <class Real, class F>
void check_threads_and_blocks(F const& f, double lo, double hi) {
  constexpr std::size_t w = W<Real>;
  for (std::size_t n : {3, 20}) {
    for (std::size_t k : {w + 1, std::size_t(1000)}) {
      auto const x = make_points<Real>(k, n, lo, hi);
      for (td::strategy s : all_strategies) {
        SCOPED_TRACE(std::string(name(s)) + " n = " + std::to_string(n) +
                     " k = " + std::to_string(k));
        auto const one =
            run_all(f, x, k, n, td::options{.threads = 1, .method = s, .block_points = 0});
        for (int t : {2, 4}) {
          EXPECT_TRUE(
              run_all(f, x, k, n, td::options{.threads = t, .method = s, .block_points = 0}) == one)
              << t << " threads";
        }
        EXPECT_TRUE(
            run_all(f, x, k, n, td::options{.threads = {}, .method = s, .block_points = 0}) == one)
            << "caller's arena";
        for (std::size_t bp : {std::size_t(1), w, 3 * w + 1, std::size_t(1000)}) {
          EXPECT_TRUE(run_all(f, x, k, n,
                              td::options{.threads = 2, .method = s, .block_points = bp}) == one)
              << "block_points " << bp;
        }
      }
    }
  }
}

TEST(Determinism, ThreadsAndBlocksBitwiseDouble) {
  check_threads_and_blocks<double>(mlp{}, -1, 1);
}
TEST(Determinism, ThreadsAndBlocksBitwiseFloat) {
  check_threads_and_blocks<float>(log_norm{}, 0.3, 2);
}

/// Each point alone (k = 1, every lane a copy of it) gives the bits it gets inside the array.
template <class Real, class F>
void check_position_independence(F const& f, double lo, double hi) {
  std::size_t const n = 5, k = 3 * W<Real> + 3;
  auto const x = make_points<Real>(k, n, lo, hi);
  for (td::strategy s : all_strategies) {
    td::options const opt{.threads = 2, .method = s, .block_points = 0};
    auto const all = run_all(f, x, k, n, opt);
    for (std::size_t p : {std::size_t(0), W<Real> - 1, W<Real>, k - 1}) {
      std::vector<Real> xp(x.begin() + long(p * n), x.begin() + long((p + 1) * n));
      auto const single = run_all(f, xp, 1, n, opt);
      EXPECT_EQ(std::memcmp(&single.value[0], &all.value[p], sizeof(Real)), 0)
          << name(s) << " point " << p;
      EXPECT_EQ(std::memcmp(single.diag.data(), &all.diag[p * n], n * sizeof(Real)), 0)
          << name(s) << " point " << p;
      EXPECT_EQ(std::memcmp(single.grad.data(), &all.grad[p * n], n * sizeof(Real)), 0)
          << name(s) << " point " << p;
      EXPECT_EQ(std::memcmp(&single.clap[0], &all.clap[p], sizeof(Real)), 0)
          << name(s) << " point " << p;
      EXPECT_EQ(std::memcmp(single.partials.data(), &all.partials[p * n * 3], 3 * n * sizeof(Real)),
                0);
    }
  }
}

TEST(Determinism, PositionIndependenceDouble) {
  check_position_independence<double>(mlp{}, -1, 1);
}
TEST(Determinism, PositionIndependenceFloat) {
  check_position_independence<float>(log_norm{}, 0.3, 2);
}

/// The three strategies compute the same derivatives (not necessarily the same bits: the
/// shared primal block may order FMAs differently).
template <class Real, class F>
void check_strategies_agree(F const& f, double lo, double hi) {
  ld const rt = 16 * ld(std::numeric_limits<Real>::epsilon());
  for (std::size_t n : {1, 2, 3, 5, 8, 9, 64}) {
    std::size_t const k = W<Real> + 1;
    auto const x = make_points<Real>(k, n, lo, hi);
    auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
    std::vector<td::diagonal_result<Real>> rs;
    for (td::strategy s : all_strategies)
      rs.push_back(
          td::hessian_diagonal(f, pts, td::options{.threads = {}, .method = s, .block_points = 0}));
    for (std::size_t p = 0; p < k; ++p) {
      auto const v0 = widen(&rs[0].value[p], 1);
      auto const g0 = widen(&rs[0].gradient[p * n], n), d0 = widen(&rs[0].diagonal[p * n], n);
      for (std::size_t s = 1; s < rs.size(); ++s) {
        SCOPED_TRACE(std::string(name(all_strategies[s])) + " n = " + std::to_string(n));
        ASSERT_TRUE(close_row(&rs[s].value[p], 1, v0.data(), 1, rt, "value"));
        ASSERT_TRUE(close_row(&rs[s].gradient[p * n], 1, g0.data(), n, rt, "gradient"));
        ASSERT_TRUE(close_row(&rs[s].diagonal[p * n], 1, d0.data(), n, rt, "diagonal"));
      }
    }
  }
}

TEST(Strategies, AgreeDouble) {
  check_strategies_agree<double>(mlp{}, -1, 1);
  check_strategies_agree<double>(log_norm{}, 0.3, 2);
}
TEST(Strategies, AgreeFloat) {
  check_strategies_agree<float>(mlp{}, -1, 1);
  check_strategies_agree<float>(log_norm{}, 0.3, 2);
}

/// Row-major, column-major and padded layouts, for the input and for every output.
template <class Real, class F>
void check_layouts(F const& f, double lo, double hi) {
  for (std::size_t n : {1, 3, 7}) {
    for (std::size_t k : {std::size_t(1), W<Real> + 1, std::size_t(100)}) {
      SCOPED_TRACE("n = " + std::to_string(n) + " k = " + std::to_string(k));
      auto const x = make_points<Real>(k, n, lo, hi);
      std::size_t const ldr = n + 3, ldc = k + 5;  // padded leading dimensions
      std::vector<Real> xc(n * k), xpr(k * ldr, Real(NAN)), xpc(n * ldc, Real(NAN));
      for (std::size_t p = 0; p < k; ++p)
        for (std::size_t i = 0; i < n; ++i) {
          xc[i * k + p] = x[p * n + i];
          xpr[p * ldr + i] = x[p * n + i];
          xpc[i * ldc + p] = x[p * n + i];
        }
      std::vector<td::points_view<Real>> views = {
          td::points_view<Real>::row_major(x.data(), k, n),
          td::points_view<Real>::col_major(xc.data(), k, n),
          td::points_view<Real>::row_major(xpr.data(), k, n, ldr),
          td::points_view<Real>::col_major(xpc.data(), k, n, ldc)};
      for (td::strategy s : all_strategies) {
        td::options const opt{.threads = 2, .method = s, .block_points = 0};
        auto const want = td::hessian_diagonal(f, views[0], opt);
        for (std::size_t vi = 0; vi < views.size(); ++vi) {
          // Outputs: column-major value (stride 2), padded column-major gradient and diagonal.
          std::vector<Real> val(2 * k), grad(n * ldc), diag(n * ldc), lap(k);
          td::matrix_ref<Real> vref{val.data(), k, 1, 2, 1};
          td::evaluate(f, views[vi],
                       td::outputs<Real>{std::span<Real>(lap.data(), k),
                                         td::matrix_ref<Real>::col_major(grad.data(), k, n, ldc),
                                         td::matrix_ref<Real>::col_major(diag.data(), k, n, ldc),
                                         {}},
                       opt);
          // (value written into the `lap` buffer through the value slot: a plain span)
          for (std::size_t p = 0; p < k; ++p) {
            ASSERT_EQ(std::memcmp(&lap[p], &want.value[p], sizeof(Real)), 0)
                << "view " << vi << " " << name(s);
            for (std::size_t i = 0; i < n; ++i) {
              ASSERT_EQ(std::memcmp(&grad[i * ldc + p], &want.gradient[p * n + i], sizeof(Real)), 0)
                  << "view " << vi << " " << name(s);
              ASSERT_EQ(std::memcmp(&diag[i * ldc + p], &want.diagonal[p * n + i], sizeof(Real)), 0)
                  << "view " << vi << " " << name(s);
            }
          }
          // Strided value through evaluate_vector (m = 1 is a k x 1 matrix).
          td::evaluate_vector([&f](auto const& xs) { return std::array{f(xs)}; }, 1, views[vi],
                              td::vector_outputs<Real>{vref, {}, {}, {}}, opt);
          for (std::size_t p = 0; p < k; ++p)
            ASSERT_EQ(std::memcmp(&val[2 * p], &want.value[p], sizeof(Real)), 0)
                << "strided value, view " << vi;
        }
      }
    }
  }
}

TEST(Layouts, BitwiseIdenticalDouble) {
  check_layouts<double>(mlp{}, -1, 1);
}
TEST(Layouts, BitwiseIdenticalFloat) {
  check_layouts<float>(log_norm{}, 0.3, 2);
}

}  // namespace
