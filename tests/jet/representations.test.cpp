// tests/jet/representations.test.cpp -- the three representations agree.
//
// For composite functions in n = 3..8 dimensions (a product of transcendental functions,
// nested divisions, a tanh MLP layer with fixed weights, log(sum x^2)), the Hessian diagonal
// is computed three ways: n passes of Jet<T, 2> (one per direction), one MultiJet<T, n>, one
// CollapsedJet<T, n>. Values, gradients and diagonals agree, and CollapsedJet::sum2() equals
// the sum of the MultiJet diagonal, within 8 eps of T relative to the largest entry of the
// same kind (max_i |d1_i|, max_i |d2_i|, sum_i |d2_i|; values relative to the size of the
// terms they sum, where a function says so): the representations only round in different
// orders. Harmonic functions give sum2 ~ 0 relative to sum_i |d2_i|.
// Types: float, double, and a double batch whose lanes hold different points.
#include <array>
#include <cmath>
#include <utility>

#include "jet/support.hpp"
#include "taylordiag/collapsed_jet.hpp"
#include "taylordiag/jet.hpp"
#include "taylordiag/multi_jet.hpp"

namespace {

using namespace tdtest;
using taylordiag::CollapsedJet;
using taylordiag::Jet;
using taylordiag::MultiJet;

// ---- the functions, written once for any number type (as a user would) ------------------

struct ProductOfTranscendentals {
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    using std::cos;
    using std::exp;
    using std::log;
    using std::sin;
    using std::sqrt;
    using std::tanh;
    V p = exp(0.3 * x[0]);
    for (std::size_t i = 1; i < N; ++i) {
      switch (i % 5) {
        case 0:
          p = p * exp(0.3 * x[i]);
          break;
        case 1:
          p = p * sin(x[i] + 2.0);
          break;
        case 2:
          p = p * log(2.0 + x[i] * x[i]);
          break;
        case 3:
          p = p * sqrt(1.0 + x[i] * x[i]);
          break;
        default:
          p = p * (tanh(x[i]) + cos(x[i]) * 0.5 + 2.0);
          break;
      }
    }
    return p;
  }
};

struct NestedDivisions {  // 1/(1 + x0^2/(2 + x1^2/(3 + ...)))
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    V d = V(double(N + 1));
    for (std::size_t i = N; i-- > 0;) d = double(i + 1) + x[i] * x[i] / d;
    return (1.0 + x[0]) / d;
  }
};

struct TanhLayer {  // sum_j v_j tanh(sum_i W_ji x_i + b_j), fixed weights, 4 hidden units
  // The value is a sum of terms up to sum_j |v_j| = 1.2 that cancel to as little as 1e-3:
  // its rounding error is relative to the terms, not to the sum.
  static constexpr double value_scale = 1.2;
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    using std::tanh;
    V out = V(0.0);
    for (int j = 0; j < 4; ++j) {
      V s = V(0.1 * j - 0.15);
      // Weights are multiples of 1/8 (exact), not sin(...): GCC folds sin() correctly rounded
      // where the loop is unrolled and calls libm where it is not, and a 1-ulp difference in a
      // weight is amplified by the cancellation between the hidden units.
      for (std::size_t i = 0; i < N; ++i)
        s = s + double(int((7 * j + 5 * i + 3) % 13) - 6) * 0.125 * x[i];
      out = out + (0.5 - 0.3 * j) * tanh(s);
    }
    return out;
  }
};

struct LogNorm {  // log(sum x^2)
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    using std::log;
    V s = x[0] * x[0];
    for (std::size_t i = 1; i < N; ++i) s = s + x[i] * x[i];
    return log(s);
  }
};

// Harmonic: the Laplacian is 0.
struct SaddleQuadratic {  // x0^2 - x1^2
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    return x[0] * x[0] - x[1] * x[1];
  }
};
struct ExpCos {  // e^x0 cos x1
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    using std::cos;
    using std::exp;
    return exp(x[0]) * cos(x[1]);
  }
};
struct Newton {  // |r|^(2-n) (1/|r| in 3-D), over all N coordinates
  template <class V, std::size_t N>
  V operator()(std::array<V, N> const& x) const {
    using std::pow;
    using std::sqrt;
    V s = x[0] * x[0];
    for (std::size_t i = 1; i < N; ++i) s = s + x[i] * x[i];
    if constexpr (N == 3)
      return 1.0 / sqrt(s);
    else
      return pow(s, (2.0 - double(N)) / 2);
  }
};

// ---- the three evaluations ----------------------------------------------------------------

template <class T, std::size_t N>
struct Diag {
  T value[3];  // per representation: Jet passes (of pass 0), MultiJet, CollapsedJet
  std::array<T, N> d1[3], d2[2];
  T sum2;
};

template <class T, std::size_t N, class F>
Diag<T, N> evaluate(F const& f, std::array<T, N> const& x0) {
  Diag<T, N> r;
  T const one = T(scalar_t<T>(1));
  for (std::size_t i = 0; i < N; ++i) {  // representation 1: one Jet pass per direction
    std::array<Jet<T, 2>, N> x;
    for (std::size_t j = 0; j < N; ++j)
      x[j] = j == i ? Jet<T, 2>::variable(x0[j]) : Jet<T, 2>(x0[j]);
    Jet<T, 2> const y = f(x);
    if (i == 0) r.value[0] = y.value();
    r.d1[0][i] = y.d(1);
    r.d2[0][i] = y.d(2);
  }
  std::array<MultiJet<T, int(N)>, N> xm;
  std::array<CollapsedJet<T, int(N)>, N> xc;
  for (std::size_t j = 0; j < N; ++j) {
    xm[j] = MultiJet<T, int(N)>(x0[j]);
    xm[j].d1(int(j)) = one;
    xc[j] = CollapsedJet<T, int(N)>(x0[j]);
    xc[j].d1(int(j)) = one;
  }
  auto const ym = f(xm);
  auto const yc = f(xc);
  r.value[1] = ym.value();
  r.value[2] = yc.value();
  for (std::size_t i = 0; i < N; ++i) {
    r.d1[1][i] = ym.d1(int(i));
    r.d1[2][i] = yc.d1(int(i));
    r.d2[1][i] = ym.d2(int(i));
  }
  r.sum2 = yc.sum2();
  return r;
}

/// Lane l of point p: coordinates in [-1.3, 1.4], different for every lane and point.
template <class S>
S coordinate(int p, std::size_t l, std::size_t i) {
  return static_cast<S>(std::sin(0.7 + 1.3 * p + 2.1 * double(l) + 0.37 * double(i * i + i)) *
                        1.35);
}

template <class T, std::size_t N, class F>
void check_agree(char const* what, F const& f, bool shift = false) {
  using S = scalar_t<T>;
  constexpr std::size_t W = lanes_v<T>;
  constexpr ld tol = 8;
  for (int p = 0; p < 3; ++p) {
    std::array<T, N> x0;
    for (std::size_t i = 0; i < N; ++i) {
      S buf[W];
      for (std::size_t l = 0; l < W; ++l) buf[l] = coordinate<S>(p, l, i) + (shift ? S(2) : S(0));
      x0[i] = from_lanes<T>(buf);
    }
    auto const r = evaluate<T, N>(f, x0);
    for (std::size_t l = 0; l < W; ++l) {
      SCOPED_TRACE(testing::Message()
                   << what << ", n = " << N << ", point " << p << ", lane " << l);
      ld s1 = 0, s2 = 0, sum = 0, sum_abs = 0;
      for (std::size_t i = 0; i < N; ++i) {
        s1 = std::max(s1, std::fabs(ld(lane(r.d1[1][i], l))));
        s2 = std::max(s2, std::fabs(ld(lane(r.d2[1][i], l))));
        sum += lane(r.d2[1][i], l);
        sum_abs += std::fabs(ld(lane(r.d2[1][i], l)));
      }
      ld const v = lane(r.value[1], l);
      ld v0 = 0;
      if constexpr (requires { F::value_scale; }) v0 = F::value_scale;
      EXPECT_TRUE(close_eps(lane(r.value[0], l), v, tol, v0)) << "value, Jet vs MultiJet";
      EXPECT_TRUE(close_eps(lane(r.value[2], l), v, tol, v0)) << "value, CollapsedJet vs MultiJet";
      for (std::size_t i = 0; i < N; ++i) {
        ld const g = lane(r.d1[1][i], l), h = lane(r.d2[1][i], l);
        EXPECT_TRUE(close_eps(lane(r.d1[0][i], l), g, tol, s1))
            << "d1(" << i << "), Jet vs MultiJet";
        EXPECT_TRUE(close_eps(lane(r.d1[2][i], l), g, tol, s1))
            << "d1(" << i << "), Collapsed vs MultiJet";
        EXPECT_TRUE(close_eps(lane(r.d2[0][i], l), h, tol, s2))
            << "d2(" << i << "), Jet vs MultiJet";
      }
      EXPECT_TRUE(close_eps(lane(r.sum2, l), sum, tol, sum_abs)) << "sum2 vs sum of MultiJet d2";
    }
  }
}

template <class T, std::size_t N, class F>
void check_harmonic(char const* what, F const& f) {
  using S = scalar_t<T>;
  constexpr std::size_t W = lanes_v<T>;
  for (int p = 0; p < 3; ++p) {
    std::array<T, N> x0;
    for (std::size_t i = 0; i < N; ++i) {
      S buf[W];
      for (std::size_t l = 0; l < W; ++l) buf[l] = coordinate<S>(p, l, i) + S(0.1);
      x0[i] = from_lanes<T>(buf);
    }
    auto const r = evaluate<T, N>(f, x0);
    for (std::size_t l = 0; l < W; ++l) {
      ld sum_abs = 0;
      for (std::size_t i = 0; i < N; ++i) sum_abs += std::fabs(ld(lane(r.d2[1][i], l)));
      // sum2 = 0 up to rounding: 8 n eps of the diagonal's size (sum_i |d2_i|)
      EXPECT_TRUE(close_eps(lane(r.sum2, l), 0, 8 * N, sum_abs))
          << what << ", n = " << N << ", point " << p << ", lane " << l;
      ld sum = 0;
      for (std::size_t i = 0; i < N; ++i) sum += lane(r.d2[0][i], l);
      EXPECT_TRUE(close_eps(scalar_t<T>(sum), 0, 8 * N, sum_abs)) << what << ": sum of Jet d2";
    }
  }
}

template <class T>
class Representations : public testing::Test {};
using Types = testing::Types<float, double, xsimd::batch<double>>;
TYPED_TEST_SUITE(Representations, Types);

template <class T, class F>
void for_dims_3_to_8(char const* what, F const& f, bool shift = false) {
  [&]<std::size_t... Is>(std::index_sequence<Is...>) {
    (check_agree<T, Is + 3>(what, f, shift), ...);
  }
  (std::make_index_sequence<6>{});
}

TYPED_TEST(Representations, ProductOfTranscendentals) {
  for_dims_3_to_8<TypeParam>("product of transcendentals", ProductOfTranscendentals{});
}
TYPED_TEST(Representations, NestedDivisions) {
  for_dims_3_to_8<TypeParam>("nested divisions", NestedDivisions{});
}
TYPED_TEST(Representations, TanhLayer) {
  for_dims_3_to_8<TypeParam>("tanh layer", TanhLayer{});
}
TYPED_TEST(Representations, LogNorm) {
  for_dims_3_to_8<TypeParam>("log(sum x^2)", LogNorm{}, true);
}

TYPED_TEST(Representations, HarmonicFunctionsHaveZeroLaplacian) {
  using T = TypeParam;
  check_harmonic<T, 3>("x^2 - y^2", SaddleQuadratic{});
  check_harmonic<T, 5>("x^2 - y^2", SaddleQuadratic{});
  check_harmonic<T, 2>("e^x cos y", ExpCos{});
  check_harmonic<T, 4>("e^x cos y", ExpCos{});
  check_harmonic<T, 3>("1/|r|", Newton{});
  check_harmonic<T, 5>("|r|^(2-n)", Newton{});
  check_harmonic<T, 8>("|r|^(2-n)", Newton{});
}

}  // namespace
