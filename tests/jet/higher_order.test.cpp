// tests/jet/higher_order.test.cpp -- Jet<T, K> for K = 1..6 against known Taylor series.
//
// Every derivative d(k), k = 0..K, of exp(a x), 1/(1-x), sin, cos, log(1+x), sqrt, atan,
// products, quotients and compositions is compared with its closed form in long double;
// the order-K path (y' = phi'(u) u') must agree with the K = 2 fast path (the (phi, phi',
// phi'') rows) on orders 0..2. Types: float, double, and a double batch whose lanes hold
// different points.
//
// Bound: |d(k) - exact| <= tol * eps * max(|exact|, amplitude), tol = 4 (k + 1)^2 unless
// stated; the amplitude is the size of the oscillating family (sin: 1, atan: (k-1)! cos^k).
#include <cmath>
#include <functional>
#include <numbers>
#include <utility>
#include <vector>

#include "jet/support.hpp"
#include "taylordiag/jet.hpp"

namespace {

using namespace tdtest;
using taylordiag::Jet;

constexpr ld pi = std::numbers::pi_v<ld>;

ld factorial(int k) {
  ld f = 1;
  for (int i = 2; i <= k; ++i) f *= i;
  return f;
}

ld default_tol(int k) {
  return 4.0L * (k + 1) * (k + 1);
}

/// Checks f on Jet<T, K> for K = 1..6 at the points xs against exact(x, k), with the
/// amplitude floor(x, k) and the bound tolf(k) (in eps of T).
template <class T, class F, class E, class Fl = ld (*)(ld, int)>
void check_series(
    char const* what, F const& f, E const& exact, std::vector<double> const& xs,
    Fl floor = [](ld, int) -> ld { return 0; }, ld (*tolf)(int) = default_tol) {
  using S = scalar_t<T>;
  constexpr std::size_t W = lanes_v<T>;
  auto one_order = [&]<int K>() {
    for (std::size_t start = 0; start < xs.size(); start += W) {
      S x[W];
      for (std::size_t l = 0; l < W; ++l) x[l] = static_cast<S>(xs[(start + l) % xs.size()]);
      Jet<T, K> const y = f(Jet<T, K>::variable(from_lanes<T>(x)));
      for (std::size_t l = 0; l < W; ++l)
        for (int k = 0; k <= K; ++k)
          EXPECT_TRUE(close_eps(lane(y.d(k), l), exact(ld(x[l]), k), tolf(k), floor(ld(x[l]), k)))
              << what << " at x = " << double(x[l]) << ", K = " << K << ", derivative " << k
              << ", lane " << l;
    }
  };
  [&]<int... Ks>(std::integer_sequence<int, Ks...>) {
    (one_order.template operator()<Ks + 1>(), ...);
  }
  (std::make_integer_sequence<int, 6>{});
}

template <class T>
class HigherOrder : public testing::Test {};
using Types = testing::Types<float, double, xsimd::batch<double>>;
TYPED_TEST_SUITE(HigherOrder, Types);

// ---- elementary series ------------------------------------------------------------------

TYPED_TEST(HigherOrder, ExpOfLinear) {
  using T = TypeParam;
  for (double a : {1.0, -0.7, 2.0}) {
    check_series<T>(
        "exp(a x)", [a](auto const& x) { return exp(a * x); },
        [a](ld x, int k) { return std::pow(ld(a), k) * std::exp(ld(a) * x); },
        {0.3, -1.2, 0.0, 2.5});
  }
}

TYPED_TEST(HigherOrder, GeometricSeries) {  // 1/(1-x): k!/(1-x)^(k+1)
  using T = TypeParam;
  auto exact = [](ld x, int k) { return factorial(k) / std::pow(1 - x, ld(k + 1)); };
  std::vector<double> xs = {0.5, -0.3, 0.0, 0.9, -2.0};
  check_series<T>(
      "1/(1-x)", [](auto const& x) { return 1.0 / (1.0 - x); }, exact, xs);
  check_series<T>(
      "pow(1-x, -1)", [](auto const& x) { return pow(1.0 - x, -1); }, exact, xs);
}

TYPED_TEST(HigherOrder, SinCos) {  // sin(x + k pi/2), cos(x + k pi/2)
  using T = TypeParam;
  auto one = [](ld, int) -> ld { return 1; };
  std::vector<double> xs = {0.3, -1.2, 0.0, 2.5, 3.0};
  check_series<T>(
      "sin", [](auto const& x) { return sin(x); },
      [](ld x, int k) { return std::sin(x + k * pi / 2); }, xs, one);
  check_series<T>(
      "cos", [](auto const& x) { return cos(x); },
      [](ld x, int k) { return std::cos(x + k * pi / 2); }, xs, one);
}

TYPED_TEST(HigherOrder, LogOnePlus) {  // (-1)^(k-1) (k-1)!/(1+x)^k
  using T = TypeParam;
  auto exact = [](ld x, int k) {
    if (k == 0) return std::log1p(x);
    return (k % 2 ? 1 : -1) * factorial(k - 1) / std::pow(1 + x, ld(k));
  };
  // log(1 + x) rounds 1 + x first (that is what log1p is for), so its points avoid x ~ 0
  check_series<T>(
      "log(1+x)", [](auto const& x) { return log(1.0 + x); },
      [&](ld x, int k) { return k == 0 ? std::log(1 + x) : exact(x, k); },
      {0.3, -0.5, 0.75, 2.5, 10});
  check_series<T>("log1p", [](auto const& x) { return log1p(x); }, exact,
                  {0.3, -0.5, 1e-6, 2.5, 10});
}

TYPED_TEST(HigherOrder, Sqrt) {  // (1/2)(1/2 - 1)...(1/2 - k + 1) x^(1/2 - k)
  using T = TypeParam;
  auto falling = [](ld c, int k) {
    ld p = 1;
    for (int j = 0; j < k; ++j) p *= c - j;
    return p;
  };
  std::vector<double> xs = {0.3, 1.0, 2.5, 100, 1e-3};
  check_series<T>(
      "sqrt", [](auto const& x) { return sqrt(x); },
      [&](ld x, int k) { return falling(0.5L, k) * std::pow(x, 0.5L - k); }, xs);
  check_series<T>(
      "pow(x, 2.5)", [](auto const& x) { return pow(x, 2.5); },
      [&](ld x, int k) { return falling(2.5L, k) * std::pow(x, 2.5L - k); }, xs,
      [](ld, int) -> ld { return 0; },  // xsimd's pow: up to 9 eps (see rules.md)
      [](int k) { return 12 + default_tol(k); });
  check_series<T>(
      "cbrt", [](auto const& x) { return cbrt(x); },
      [&](ld x, int k) { return falling(1.0L / 3, k) * std::pow(x, 1.0L / 3 - k); }, xs);
  std::vector<double> all = {0.3, -1.5, 2.5, -0.1, 1.0};  // x^5: exact falling factorial
  check_series<T>(
      "pow(x, 5)", [](auto const& x) { return pow(x, 5); },
      [&](ld x, int k) { return falling(5, k) * std::pow(x, ld(5 - k)); }, all);
  check_series<T>(
      "x*x*x*x*x", [](auto const& x) { return x * x * x * x * x; },
      [&](ld x, int k) { return falling(5, k) * std::pow(x, ld(5 - k)); }, all);
}

TYPED_TEST(HigherOrder, Atan) {  // (k-1)! cos^k(th) sin(k (th + pi/2)), th = atan x
  using T = TypeParam;
  check_series<T>(
      "atan", [](auto const& x) { return atan(x); },
      [](ld x, int k) {
        ld th = std::atan(x);
        return k == 0
                   ? th
                   : factorial(k - 1) * std::pow(std::cos(th), ld(k)) * std::sin(k * (th + pi / 2));
      },
      {0.3, -1.2, 0.0, 2.5, -7.0},
      [](ld x, int k) {
        return k == 0 ? 0 : factorial(k - 1) * std::pow(std::cos(std::atan(x)), ld(k));
      });
}

// ---- products, quotients, compositions ---------------------------------------------------

TYPED_TEST(HigherOrder, Products) {
  using T = TypeParam;
  std::vector<double> xs = {0.3, -1.2, 0.0, 2.5};
  check_series<T>(
      "x e^x", [](auto const& x) { return x * exp(x); },
      [](ld x, int k) { return (x + k) * std::exp(x); }, xs,
      [](ld x, int k) { return (std::fabs(x) + k) * std::exp(x); });
  check_series<T>(  // e^x sin x: 2^(k/2) e^x sin(x + k pi/4)
      "e^x sin x", [](auto const& x) { return exp(x) * sin(x); },
      [](ld x, int k) { return std::pow(2.0L, k / 2.0L) * std::exp(x) * std::sin(x + k * pi / 4); },
      xs, [](ld x, int k) { return std::pow(2.0L, k / 2.0L) * std::exp(x); });
  check_series<T>(
      "2^x", [](auto const& x) { return pow(2.0, x); },
      [](ld x, int k) { return std::pow(std::numbers::ln2_v<ld>, k) * std::exp2(x); }, xs);
}

TYPED_TEST(HigherOrder, Compositions) {  // identities: the result is x, x^2 or 1 exactly
  // The exact derivatives of order >= 2 are 0, reached by cancelling terms of size about
  // k! x^(1-k) (x^(2-k) for x^2): the bound is relative to that size.
  using T = TypeParam;
  std::vector<double> xs = {0.3, 1.7, 2.5, 0.05};
  auto identity = [](ld x, int k) -> ld { return k == 0 ? x : k == 1 ? 1 : 0; };
  auto square = [](ld x, int k) -> ld { return k == 0 ? x * x : k == 1 ? 2 * x : k == 2 ? 2 : 0; };
  auto scale1 = [](ld x, int k) -> ld { return factorial(k) * std::pow(x, ld(1 - k)); };
  auto scale2 = [](ld x, int k) -> ld { return factorial(k) * std::pow(x, ld(2 - k)); };
  check_series<T>(
      "exp(log x)", [](auto const& x) { return exp(log(x)); }, identity, xs, scale1);
  check_series<T>(
      "log(exp x)", [](auto const& x) { return log(exp(x)); }, identity, xs,
      [](ld x, int k) -> ld { return factorial(k) * std::max<ld>(1, x); });
  check_series<T>(
      "atan(tan x)", [](auto const& x) { return atan(tan(x * 0.5)) * 2.0; }, identity,
      {0.3, 1.7, -1.0, 0.05}, [](ld, int k) -> ld { return factorial(k) * std::pow(2.0L, k); });
  check_series<T>(
      "sqrt(x) sqrt(x)", [](auto const& x) { return sqrt(x) * sqrt(x); }, identity, xs, scale1);
  check_series<T>(
      "1/(1/x)", [](auto const& x) { return 1.0 / (1.0 / x); }, identity, xs, scale1);
  check_series<T>(
      "exp(2 log x)", [](auto const& x) { return exp(2.0 * log(x)); }, square, xs, scale2);
  check_series<T>(
      "sin^2 + cos^2", [](auto const& x) { return sin(x) * sin(x) + cos(x) * cos(x); },
      [](ld, int k) -> ld { return k == 0 ? 1 : 0; }, {0.3, -1.2, 2.5, 4.0},
      [](ld, int k) -> ld { return std::pow(2.0L, k); });
  check_series<T>(
      "cosh^2 - sinh^2", [](auto const& x) { return cosh(x) * cosh(x) - sinh(x) * sinh(x); },
      [](ld, int k) -> ld { return k == 0 ? 1 : 0; }, {0.3, -1.2, 2.5},
      [](ld x, int k) -> ld { return std::pow(2.0L, k) * std::cosh(x) * std::cosh(x); });
}

TYPED_TEST(HigherOrder, QuotientMatchesFunction) {  // tan = sin/cos, tanh = sinh/cosh
  using T = TypeParam;
  using S = scalar_t<T>;
  for (double x0 : {0.3, -1.2, 0.9, 2.0}) {
    auto x = Jet<T, 6>::variable(T(S(x0)));
    auto q = sin(x) / cos(x), t = tan(x);
    auto qh = sinh(x) / cosh(x), th = tanh(x);
    for (int k = 0; k <= 6; ++k) {
      ld scale = std::fabs(ld(lane(t.d(k), 0))) + factorial(k);
      EXPECT_TRUE(close_eps(lane(q.d(k), 0), ld(lane(t.d(k), 0)), default_tol(k), scale))
          << "tan at " << x0 << ", derivative " << k;
      EXPECT_TRUE(close_eps(lane(qh.d(k), 0), ld(lane(th.d(k), 0)), default_tol(k), factorial(k)))
          << "tanh at " << x0 << ", derivative " << k;
    }
  }
}

// ---- the order-K path agrees with the K = 2 fast path on orders 0..2 -------------------

/// 16 eps relative to the derivative; with `terms` set, relative to the largest of |d0|,
/// |d1|, |d2| instead (for composites whose d2 is a difference of larger terms, where the
/// two paths' different rounding and FMA contraction is amplified).
template <class T>
void agree(char const* what, auto const& f, std::vector<double> const& xs, bool terms = false) {
  using S = scalar_t<T>;
  for (double x0 : xs) {
    Jet<T, 2> const a = f(Jet<T, 2>::variable(T(S(x0))));
    Jet<T, 6> const b = f(Jet<T, 6>::variable(T(S(x0))));
    for (int k = 0; k <= 2; ++k) {
      S const fast = lane(a.d(k), 0);
      ld scale = 0;
      if (terms)
        for (int j = 0; j <= 2; ++j) scale = std::max(scale, std::fabs(ld(lane(a.d(j), 0))));
      EXPECT_TRUE(close_eps(lane(b.d(k), 0), ld(fast), 16, scale))
          << what << " at " << x0 << ", derivative " << k;
    }
  }
}

TYPED_TEST(HigherOrder, OrderKAgreesWithFastPath) {
  using T = TypeParam;
  std::vector<double> pos = {0.3, 1.7, 0.05, 4.0}, unit = {0.3, -0.7, 0.05, 0.95},
                      any = {0.3, -1.7, 2.5, -0.05};
#define TD_AGREE(fn, pts) \
  agree<T>(               \
      #fn, [](auto const& x) { return fn(x); }, pts)
  TD_AGREE(exp, any);
  TD_AGREE(exp2, any);
  TD_AGREE(expm1, any);
  TD_AGREE(log, pos);
  TD_AGREE(log2, pos);
  TD_AGREE(log10, pos);
  TD_AGREE(log1p, pos);
  TD_AGREE(sqrt, pos);
  TD_AGREE(cbrt, any);
  TD_AGREE(sin, any);
  TD_AGREE(cos, any);
  TD_AGREE(tan, unit);
  TD_AGREE(asin, unit);
  TD_AGREE(acos, unit);
  TD_AGREE(atan, any);
  TD_AGREE(sinh, any);
  TD_AGREE(cosh, any);
  TD_AGREE(tanh, any);
  TD_AGREE(asinh, any);
  TD_AGREE(atanh, unit);
  TD_AGREE(erf, any);
  TD_AGREE(erfc, any);
  TD_AGREE(sigmoid, any);
  TD_AGREE(softplus, any);
  TD_AGREE(abs, any);
#undef TD_AGREE
  agree<T>("acosh", [](auto const& x) { return acosh(x); }, {1.3, 2.0, 7.5});
  agree<T>(
      "pow(x, 3)", [](auto const& x) { return pow(x, 3); }, any);
  agree<T>(
      "pow(x, -2.0)", [](auto const& x) { return pow(x, -2.0); }, any);
  agree<T>(
      "pow(x, 0.7)", [](auto const& x) { return pow(x, 0.7); }, pos);
  agree<T>(
      "pow(3, x)", [](auto const& x) { return pow(3.0, x); }, any);
  agree<T>(
      "pow(x, x)", [](auto const& x) { return pow(x, x); }, pos);
  agree<T>(
      "atan2(x, 2 - x)", [](auto const& x) { return atan2(x, 2.0 - x); }, any);
  agree<T>("atan2(2 - x, x)", [](auto const& x) { return atan2(2.0 - x, x); },
           {0.3, 1.7, 2.5, 4.0});
  agree<T>(
      "hypot(x, 2 - x)", [](auto const& x) { return hypot(x, 2.0 - x); }, any);
  agree<T>(
      "x/(1 + x^2)", [](auto const& x) { return x / (1.0 + x * x); }, any, true);
}

}  // namespace
