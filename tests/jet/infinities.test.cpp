// tests/jet/infinities.test.cpp -- an infinite value does not turn zero terms into NaN.
//
// Once a value or a rule's derivative is +-inf (1/x at 0, exp(u) for u > 709), a product with
// a coefficient that is exactly 0 -- the second coefficient of a linear argument, a direction
// that does not move an operand -- is a zero term of the Taylor polynomial, not inf * 0 =
// NaN. The references are the closed-form limits: every derivative of 1/x at +-0 and of
// exp(x + 710) at 0 is infinite with the sign the formula gives.
#include <cmath>
#include <limits>

#include "jet/support.hpp"
#include "taylordiag/collapsed_jet.hpp"
#include "taylordiag/jet.hpp"
#include "taylordiag/multi_jet.hpp"
#include "taylordiag/rules.hpp"

namespace {

using namespace tdtest;
using taylordiag::CollapsedJet;
using taylordiag::Jet;
using taylordiag::MultiJet;

template <class T>
class Infinities : public testing::Test {};
using Types = testing::Types<double, xsimd::batch<double>, xsimd::batch<double, xsimd::sse2>>;
TYPED_TEST_SUITE(Infinities, Types);

template <class T>
T bc(double v) {
  return T(static_cast<scalar_t<T>>(v));
}

/// Every lane of v is want (infinities with their sign; NaN is never wanted here).
template <class T>
::testing::AssertionResult is(T const& v, double want) {
  for (std::size_t l = 0; l < lanes_v<T>; ++l) {
    double const got = double(lane(v, l));
    if (!(got == want))
      return ::testing::AssertionFailure() << "lane " << l << ": got " << got << ", want " << want;
  }
  return ::testing::AssertionSuccess();
}

double const inf = std::numeric_limits<double>::infinity();

TYPED_TEST(Infinities, ReciprocalAtZeroPerDirection) {
  using T = TypeParam;
  // 1/x: (1/x, -1/x^2, 2/x^3) -> (+inf, -inf, +inf) at +0 and (-inf, -inf, -inf) at -0.
  auto const y = 1.0 / Jet<T, 2>::variable(bc<T>(0));
  EXPECT_TRUE(is(y.c[0], inf));
  EXPECT_TRUE(is(y.c[1], -inf));
  EXPECT_TRUE(is(y.c[2], inf));
  auto const z = 1.0 / Jet<T, 2>::variable(bc<T>(-0.0));
  EXPECT_TRUE(is(z.c[0], -inf));
  EXPECT_TRUE(is(z.c[1], -inf));
  EXPECT_TRUE(is(z.c[2], -inf));
  // Order 4: (1/x)'''' = 24/x^5 -> +inf at +0; every coefficient infinite, none NaN.
  auto const w = 1.0 / Jet<T, 4>::variable(bc<T>(0));
  for (int k = 0; k <= 4; ++k) EXPECT_TRUE(is(w.c[k], k % 2 ? -inf : inf)) << k;
}

TYPED_TEST(Infinities, ReciprocalAtZeroSharedPrimal) {
  using T = TypeParam;
  // f = x1 / x0 at (0, 2): direction e0 gives (-x1/x0^2, 2 x1/x0^3) = (-inf, +inf); e1
  // gives (1/x0, 0) = (+inf, 0): d2 along e1 is exactly 0 (f is linear in x1).
  using M = MultiJet<T, 2>;
  M x0(bc<T>(0)), x1(bc<T>(2));
  x0.d1(0) = bc<T>(1);
  x1.d1(1) = bc<T>(1);
  M const y = x1 / x0;
  EXPECT_TRUE(is(y.value(), inf));
  EXPECT_TRUE(is(y.d1(0), -inf));
  EXPECT_TRUE(is(y.d2(0), inf));
  EXPECT_TRUE(is(y.d1(1), inf));
  EXPECT_TRUE(is(y.d2(1), 0));
  using C = CollapsedJet<T, 2>;
  C c0(bc<T>(0)), c1(bc<T>(2));
  c0.d1(0) = bc<T>(1);
  c1.d1(1) = bc<T>(1);
  C const s = c1 / c0;
  EXPECT_TRUE(is(s.d1(0), -inf));
  EXPECT_TRUE(is(s.d1(1), inf));
  EXPECT_TRUE(is(s.sum2(), inf));  // +inf + 0
}

TYPED_TEST(Infinities, OverflowingExpKeepsZeroTerms) {
  using T = TypeParam;
  // exp(x + 710) overflows: value and derivatives are +inf, and the second coefficient of
  // the linear argument (0) must not make the diagonal NaN.
  auto const e = exp(Jet<T, 2>::variable(bc<T>(0)) + 710.0);
  EXPECT_TRUE(is(e.c[0], inf));
  EXPECT_TRUE(is(e.c[1], inf));
  EXPECT_TRUE(is(e.c[2], inf));
  // exp(x0 + 710) * x1 at (0, 3): along e0 (inf, inf), along e1 (inf, 0).
  using M = MultiJet<T, 2>;
  M x0(bc<T>(0)), x1(bc<T>(3));
  x0.d1(0) = bc<T>(1);
  x1.d1(1) = bc<T>(1);
  M const y = exp(x0 + 710.0) * x1;
  EXPECT_TRUE(is(y.d1(0), inf));
  EXPECT_TRUE(is(y.d2(0), inf));
  EXPECT_TRUE(is(y.d1(1), inf));
  EXPECT_TRUE(is(y.d2(1), 0));
  // A binary row that overflows: pow(x0 + 2, 1100) through pow(u, v) with v a jet.
  M const p = pow(x0 + 2.0, x1 * 0.0 + 1100.0);
  EXPECT_TRUE(is(p.value(), inf));
  EXPECT_TRUE(is(p.d1(0), inf));
  EXPECT_TRUE(is(p.d2(0), inf));
}

TYPED_TEST(Infinities, FiniteValuesAreUnchanged) {
  using T = TypeParam;
  // The zero-safe products are taken only once a value is infinite: finite results keep
  // the fused formulas (here exact: (x + 1)(x - 1) = x^2 - 1 at x = 3 is (8, 6, 2)).
  auto const x = Jet<T, 2>::variable(bc<T>(3));
  auto const y = (x + 1.0) * (x - 1.0);
  EXPECT_TRUE(is(y.c[0], 8));
  EXPECT_TRUE(is(y.c[1], 6));
  EXPECT_TRUE(is(y.c[2], 2));
  auto const q = (x * x) / (x - 1.0);  // x^2/(x-1) at 3: 4.5, 3/4, 1/4
  EXPECT_TRUE(is(q.c[0], 4.5));
  EXPECT_TRUE(is(q.c[1], 0.75));
  EXPECT_TRUE(is(q.c[2], 0.25));
}

TYPED_TEST(Infinities, SubnormalResultsAreNotFlushed) {
  using T = TypeParam;
  // xsimd 8.1's exp (and so its pow) returns 0 below log(DBL_MIN) = -708.4, where IEEE has
  // subnormals down to exp(-745.1). Reference: std::exp / std::pow on one double, within one
  // unit of the subnormal spacing.
  double const tiny = std::numeric_limits<double>::denorm_min();
  for (double x : {-700.0, -709.0, -720.0, -740.0, -745.0, -746.0}) {
    auto const r = taylordiag::rules::exp_rule::eval(bc<T>(x));
    for (std::size_t l = 0; l < lanes_v<T>; ++l) {
      EXPECT_NEAR(double(lane(r.f0, l)), std::exp(x), tiny + 4e-16 * std::exp(x)) << x;
      EXPECT_NEAR(double(lane(r.f2, l)), std::exp(x), tiny + 4e-16 * std::exp(x)) << x;
    }
  }
  for (double c : {1070.5, 1060.25}) {
    auto const r = taylordiag::rules::pow_rule::eval(bc<T>(0.5), c);
    for (std::size_t l = 0; l < lanes_v<T>; ++l) {
      double const want = std::pow(0.5, c);
      ASSERT_GT(want, 0.0);
      EXPECT_NEAR(double(lane(r.f0, l)), want, tiny + 1e-13 * want) << c;
    }
  }
}

}  // namespace
