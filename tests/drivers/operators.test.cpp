// tests/drivers/operators.test.cpp -- the drivers beyond the diagonal, against closed forms:
//  * harmonic functions (x^2 - y^2, e^x cos y, 1/|r| in 3-D) have Laplacian ~ 0, by laplacian()
//    (collapsed jets) and by the diagonal's row sum, for every strategy;
//  * weighted_laplacian with mixed-sign and zero weights equals sum_i a_i diag_i;
//  * directional_second equals v^T H v (and first = v . grad) from a closed-form Hessian;
//  * pure_partials<4> equals the closed-form pure partials of order 1..4;
//  * a vector-valued f (std::array and std::vector of m jets) gives, per output, what the
//    scalar drivers give for that output.
#include <numbers>

#include "drivers/common.hpp"

namespace {
using namespace tdtest;

struct saddle {  // x^2 - y^2
  template <class X>
  auto operator()(X const& x) const {
    return x[0] * x[0] - x[1] * x[1];
  }
};
struct exp_cos {  // e^x cos y
  template <class X>
  auto operator()(X const& x) const {
    using std::cos, std::exp;
    return exp(x[0]) * cos(x[1]);
  }
};
struct coulomb {  // 1/|r| in 3-D
  template <class X>
  auto operator()(X const& x) const {
    using std::sqrt;
    return 1.0 / sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
  }
};

/// Laplacian ~ 0 relative to the size of the diagonal entries it sums.
template <class Real, class F>
void check_harmonic(F const& f, std::size_t n, double lo, double hi) {
  std::size_t const k = 2 * W<Real> + 3;
  auto x = make_points<Real>(k, n, lo, hi);
  auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
  // The entries cancel: their sum is zero only up to a few roundings of the largest entry.
  ld const rt = 256 * ld(std::numeric_limits<Real>::epsilon());
  auto const lap = td::laplacian(f, pts);
  for (td::strategy s : all_strategies) {
    auto const r =
        td::hessian_diagonal(f, pts, td::options{.threads = 2, .method = s, .block_points = 0});
    ld largest = 0;
    for (std::size_t p = 0; p < k; ++p) {
      ld scale = 0, sum = 0;
      for (std::size_t i = 0; i < n; ++i)
        scale = std::max(scale, std::fabs(ld(r.diag(p, i)))), sum += r.diag(p, i);
      EXPECT_LE(std::fabs(sum), rt * scale) << name(s) << " point " << p;
      EXPECT_LE(std::fabs(ld(lap[p])), rt * scale) << "laplacian() at point " << p;
      largest = std::max(largest, scale);
    }
    EXPECT_GT(largest, 0.1);  // the test is not vacuous
  }
}

TEST(Harmonic, LaplacianVanishes) {
  check_harmonic<double>(saddle{}, 2, -2, 2);
  check_harmonic<float>(saddle{}, 2, -2, 2);
  check_harmonic<double>(exp_cos{}, 2, -2, 2);
  check_harmonic<float>(exp_cos{}, 2, -2, 2);
  check_harmonic<double>(coulomb{}, 3, 0.5, 2);  // away from the origin
  check_harmonic<float>(coulomb{}, 3, 0.5, 2);
}

/// weighted_laplacian(a) vs sum_i a_i diag_i, for weights of both signs and zeros.
template <class Real>
void check_weighted() {
  for (std::size_t n : {1, 2, 3, 7, 9, 17, 64}) {
    std::size_t const k = W<Real> + 1;
    auto const x = make_points<Real>(k, n, -1, 1);
    auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
    auto const r = td::hessian_diagonal(mlp{}, pts);
    std::vector<std::vector<Real>> weight_sets;
    std::vector<Real> a(n);
    for (std::size_t i = 0; i < n; ++i)
      a[i] = Real(i % 4 == 0 ? 0.0 : i % 4 == 1 ? 2.5 : i % 4 == 2 ? -1.25 : 0.5);
    weight_sets.push_back(a);
    weight_sets.push_back(std::vector<Real>(n, Real(0)));   // all zero: the operator is 0
    weight_sets.push_back(std::vector<Real>(n, Real(-1)));  // minus the Laplacian
    for (auto const& w : weight_sets) {
      std::vector<Real> out(k, Real(-777));
      td::weighted_laplacian(mlp{}, pts, std::span<Real const>(w), std::span<Real>(out));
      for (std::size_t p = 0; p < k; ++p) {
        ld want = 0, scale = 0;
        for (std::size_t i = 0; i < n; ++i) {
          want += ld(w[i]) * r.diag(p, i);
          scale += std::fabs(ld(w[i]) * r.diag(p, i));
        }
        EXPECT_LE(std::fabs(ld(out[p]) - want),
                  16 * ld(std::numeric_limits<Real>::epsilon()) * (scale + 1e-3L))
            << "n " << n << " point " << p << " got " << double(out[p]) << " want " << double(want);
      }
    }
  }
}
TEST(Weighted, MixedSignsAndZeros) {
  check_weighted<double>();
  check_weighted<float>();
}

/// log(s), s = |x|^2: H = 2/s I - 4 x x^T / s^2, so v^T H v = 2|v|^2/s - 4 (x.v)^2/s^2 and
/// v . grad = 2 (x.v)/s. Directions as row-major and as column-major views.
template <class Real>
void check_directional() {
  for (std::size_t n : {1, 3, 7, 64}) {
    for (std::size_t m : {1, 3, 10}) {
      std::size_t const k = W<Real> + 2;
      auto const x = make_points<Real>(k, n, 0.3, 2);
      auto const v = make_points<Real>(m, n, -1, 1, 5);
      std::vector<Real> vc(n * m);
      for (std::size_t r = 0; r < m; ++r)
        for (std::size_t i = 0; i < n; ++i) vc[i * m + r] = v[r * n + i];
      auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
      for (auto const& dirs : {td::points_view<Real>::row_major(v.data(), m, n),
                               td::points_view<Real>::col_major(vc.data(), m, n)}) {
        for (td::strategy s : all_strategies) {
          std::vector<Real> out(k * m), first(k * m);
          td::directional_second(log_norm{}, pts, dirs,
                                 td::matrix_ref<Real>::row_major(out.data(), k, m),
                                 td::matrix_ref<Real>::row_major(first.data(), k, m),
                                 td::options{.threads = {}, .method = s, .block_points = 0});
          for (std::size_t p = 0; p < k; ++p)
            for (std::size_t r = 0; r < m; ++r) {
              ld s2 = 0, xv = 0, vv = 0, mag = 0;
              for (std::size_t i = 0; i < n; ++i) {
                ld const xi = x[p * n + i], vi = v[r * n + i];
                s2 += xi * xi, xv += xi * vi, vv += vi * vi;
              }
              ld const want2 = 2 * vv / s2 - 4 * xv * xv / (s2 * s2), want1 = 2 * xv / s2;
              mag = 2 * vv / s2 + 4 * vv / s2;  // |terms| bound, (x.v)^2 <= |x|^2 |v|^2
              ld const t = 64 * ld(std::numeric_limits<Real>::epsilon()) * ld(n);
              EXPECT_LE(std::fabs(ld(out[p * m + r]) - want2), t * mag)
                  << name(s) << " n " << n << " m " << m;
              EXPECT_LE(std::fabs(ld(first[p * m + r]) - want1), t * (mag + 2 * std::sqrt(vv / s2)))
                  << name(s) << " n " << n << " m " << m;
            }
        }
      }
    }
  }
}
TEST(Directional, MatchesClosedFormHessian) {
  check_directional<double>();
  check_directional<float>();
}

/// f = sum_i (i+1) sin(x_i) + (sum_i x_i)^2 + exp(x_0 / 2):
/// d^k f/dx_i^k = (i+1) sin(x_i + k pi/2) + [k=1] 2S + [k=2] 2 + [i=0] 2^-k e^(x_0/2).
struct sines {
  template <class X>
  auto operator()(X const& x) const {
    using std::exp, std::sin;
    auto s = x[0];
    auto t = 1.0 * sin(x[0]);
    for (std::size_t i = 1; i < x.size(); ++i) s += x[i], t += double(i + 1) * sin(x[i]);
    return t + s * s + exp(x[0] / 2.0);
  }
};

template <class Real>
void check_pure_partials() {
  for (std::size_t n : {1, 2, 7, 64}) {
    std::size_t const k = W<Real> + 3;
    auto const x = make_points<Real>(k, n, -1, 1);
    auto const r = td::pure_partials<4>(sines{}, td::points_view<Real>::row_major(x.data(), k, n),
                                        td::options{.threads = 2, .method = {}, .block_points = 0});
    ASSERT_EQ(r.order, 4u);
    for (std::size_t p = 0; p < k; ++p) {
      ld S = 0;
      for (std::size_t i = 0; i < n; ++i) S += x[p * n + i];
      for (std::size_t i = 0; i < n; ++i) {
        ld const xi = x[p * n + i];
        for (int o = 1; o <= 4; ++o) {
          ld want = ld(i + 1) * std::sin(xi + o * std::numbers::pi_v<ld> / 2);
          ld mag = ld(i + 1);
          if (o == 1) want += 2 * S, mag += std::fabs(2 * S) + 2 * ld(n);
          if (o == 2) want += 2, mag += 2;
          if (i == 0) want += std::ldexp(std::exp(ld(x[p * n]) / 2), -o), mag += 1;
          EXPECT_LE(std::fabs(ld(r(p, i, std::size_t(o))) - want),
                    64 * ld(std::numeric_limits<Real>::epsilon()) * mag)
              << "n " << n << " point " << p << " i " << i << " order " << o;
        }
      }
    }
  }
}
TEST(PurePartials, Order4MatchesClosedForm) {
  check_pure_partials<double>();
  check_pure_partials<float>();
}

/// f: R^n -> R^3 = (log_norm, product, mlp) as std::array and as std::vector; output o,
/// coordinate i at column o*n + i; compared bitwise with the scalar drivers per output.
template <class Real>
void check_vector_valued() {
  auto fa = [](auto const& x) { return std::array{log_norm{}(x), product{}(x), mlp{}(x)}; };
  auto fv = [](auto const& x) {
    using J = std::remove_cvref_t<decltype(x[0])>;
    return std::vector<J>{log_norm{}(x), product{}(x), mlp{}(x)};
  };
  std::size_t const m = 3;
  for (std::size_t n : {1, 3, 9}) {
    std::size_t const k = W<Real> + 1;
    auto const x = make_points<Real>(k, n, 0.1, 0.3);
    auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
    for (td::strategy s : all_strategies) {
      td::options const opt{.threads = 2, .method = s, .block_points = 0};
      std::vector<td::diagonal_result<Real>> scalar = {td::hessian_diagonal(log_norm{}, pts, opt),
                                                       td::hessian_diagonal(product{}, pts, opt),
                                                       td::hessian_diagonal(mlp{}, pts, opt)};
      std::vector<std::vector<Real>> slap = {
          td::laplacian(log_norm{}, pts), td::laplacian(product{}, pts), td::laplacian(mlp{}, pts)};
      for (int which = 0; which < 2; ++which) {
        std::vector<Real> val(k * m), grad(k * m * n), diag(k * m * n), lap(k * m);
        td::vector_outputs<Real> out{td::matrix_ref<Real>::row_major(val.data(), k, m),
                                     td::matrix_ref<Real>::row_major(grad.data(), k, m * n),
                                     td::matrix_ref<Real>::row_major(diag.data(), k, m * n),
                                     {}};
        if (which == 0)
          td::evaluate_vector(fa, m, pts, out, opt);
        else
          td::evaluate_vector(fv, m, pts, out, opt);
        // Collapsed: value and Laplacian per output, no diagonal.
        std::vector<Real> cval(k * m), clap(k * m);
        td::vector_outputs<Real> cout{td::matrix_ref<Real>::row_major(cval.data(), k, m),
                                      {},
                                      {},
                                      td::matrix_ref<Real>::row_major(clap.data(), k, m)};
        if (which == 0)
          td::evaluate_vector(fa, m, pts, cout, opt);
        else
          td::evaluate_vector(fv, m, pts, cout, opt);
        for (std::size_t p = 0; p < k; ++p)
          for (std::size_t o = 0; o < m; ++o) {
            SCOPED_TRACE(std::string(name(s)) + (which ? " vector" : " array") + " output " +
                         std::to_string(o));
            EXPECT_EQ(val[p * m + o], scalar[o].value[p]);
            EXPECT_EQ(cval[p * m + o], scalar[o].value[p]);
            EXPECT_EQ(clap[p * m + o], slap[o][p]);
            for (std::size_t i = 0; i < n; ++i) {
              EXPECT_EQ(grad[p * m * n + o * n + i], scalar[o].grad(p, i));
              EXPECT_EQ(diag[p * m * n + o * n + i], scalar[o].diag(p, i));
            }
          }
      }
      // f returning the wrong number of outputs is reported as an error naming f.
      std::vector<Real> val2(k * 2);
      try {
        td::evaluate_vector(fa, 2, pts,
                            td::vector_outputs<Real>{
                                td::matrix_ref<Real>::row_major(val2.data(), k, 2), {}, {}, {}},
                            opt);
        ADD_FAILURE() << "no error for m = 2 with 3 outputs";
      } catch (td::error const& e) {
        EXPECT_EQ(e.argument(), "f");
      }
    }
  }
}
TEST(VectorValued, PerOutputMatchesScalarDrivers) {
  check_vector_valued<double>();
  check_vector_valued<float>();
}

}  // namespace

namespace {
using namespace tdtest;

// A constant f (returning a plain double) has zero derivatives everywhere.
TEST(EdgeCases, ConstantFunction) {
  std::size_t const n = 5, k = W<double> + 1;
  auto const x = make_points<double>(k, n, -1, 1);
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  auto f = [](auto const&) { return 3.0; };
  for (td::strategy s : all_strategies) {
    auto const r =
        td::hessian_diagonal(f, pts, td::options{.threads = 2, .method = s, .block_points = 0});
    EXPECT_EQ(r.value, std::vector<double>(k, 3.0));
    EXPECT_EQ(r.gradient, std::vector<double>(k * n, 0.0));
    EXPECT_EQ(r.diagonal, std::vector<double>(k * n, 0.0));
  }
  EXPECT_EQ(td::laplacian(f, pts), std::vector<double>(k, 0.0));
}

// Branches chosen per lane with select: points of one batch on both sides of the branch.
// f = x0 > 0 ? x0^2 x1 : -x0^3 + x1, so diag = (2 x1, 0) or (-6 x0, 0).
TEST(EdgeCases, PerLaneBranches) {
  std::size_t const n = 2, k = 2 * W<double> + 1;
  auto const x = make_points<double>(k, n, -1, 1);
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  auto f = [](auto const& v) {
    return select(v[0] > 0.0, v[0] * v[0] * v[1], -(v[0] * v[0] * v[0]) + v[1]);
  };
  for (td::strategy s : all_strategies) {
    auto const r =
        td::hessian_diagonal(f, pts, td::options{.threads = {}, .method = s, .block_points = 0});
    auto const l = td::laplacian(f, pts);
    for (std::size_t p = 0; p < k; ++p) {
      double const x0 = x[p * n], x1 = x[p * n + 1];
      double const d0 = x0 > 0 ? 2 * x1 : -6 * x0, g1 = x0 > 0 ? x0 * x0 : 1.0;
      EXPECT_NEAR(r.diag(p, 0), d0, 1e-15) << name(s) << " point " << p;
      EXPECT_EQ(r.diag(p, 1), 0.0);
      EXPECT_NEAR(r.grad(p, 1), g1, 1e-15);
      EXPECT_NEAR(l[p], d0, 1e-15);
    }
  }
}

// A zero direction gives zero first and second derivatives; e_i gives the diagonal.
TEST(EdgeCases, ZeroAndUnitDirections) {
  std::size_t const n = 4, k = W<double> + 1;
  auto const x = make_points<double>(k, n, 0.3, 2);
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  std::vector<double> v = {0, 0, 0, 0, 0, 0, 1, 0};  // rows: 0 and e_2
  std::vector<double> out(k * 2), first(k * 2);
  td::directional_second(log_norm{}, pts, td::points_view<double>::row_major(v.data(), 2, n),
                         td::matrix_ref<double>::row_major(out.data(), k, 2),
                         td::matrix_ref<double>::row_major(first.data(), k, 2));
  auto const r = td::hessian_diagonal(log_norm{}, pts);
  for (std::size_t p = 0; p < k; ++p) {
    EXPECT_EQ(out[2 * p], 0.0);
    EXPECT_EQ(first[2 * p], 0.0);
    EXPECT_NEAR(out[2 * p + 1], r.diag(p, 2), 1e-15);
    EXPECT_NEAR(first[2 * p + 1], r.grad(p, 2), 1e-15);
  }
}

}  // namespace
