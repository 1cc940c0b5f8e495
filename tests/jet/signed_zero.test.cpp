// tests/jet/signed_zero.test.cpp -- negation flips the sign bit, on scalars and every batch.
//
// IEEE negation of +0 is -0, and the sign of that zero decides results downstream:
// atan2(-0, -1) = -pi but atan2(+0, -1) = +pi, 1/(-0) = -inf, |x|' at -0 is -1. xsimd 8.1's
// AVX-512 unary minus is 0 - x, which gives +0 for -(+0) (AVX2 and SSE2 flip the sign bit),
// so the same jet code answered +pi on AVX-512 and -pi everywhere else. The references are
// plain IEEE arithmetic on one scalar (std::atan2, unary minus on a float or double) and the
// closed-form derivatives; every lane of every representation must match them.
#include <cmath>
#include <limits>

#include "jet/support.hpp"
#include "taylordiag/collapsed_jet.hpp"
#include "taylordiag/jet.hpp"
#include "taylordiag/multi_jet.hpp"

namespace {

using namespace tdtest;
using taylordiag::CollapsedJet;
using taylordiag::Jet;
using taylordiag::MultiJet;

template <class T>
T bc(double v) {  // broadcast
  return T(static_cast<scalar_t<T>>(v));
}

// Uniform access to the direction-0 coefficients of the three representations.
template <class J>
J seed(typename J::value_type const& x0) {
  if constexpr (requires { J::order; }) {
    return J::variable(x0);
  } else {
    J j(x0);
    j.d1(0) = bc<typename J::value_type>(1);
    return j;
  }
}
template <class J>
auto const& first(J const& y) {
  if constexpr (requires { J::order; })
    return y.c[1];
  else
    return y.d1(0);
}
template <class J>
auto const& second(J const& y) {
  if constexpr (requires { J::order; })
    return y.c[2];
  else if constexpr (requires { y.sum2(); })
    return y.sum2();
  else
    return y.d2(0);
}

/// Every lane of v equals want, sign bit included (NaN matches NaN of any sign).
template <class T>
::testing::AssertionResult bits(T const& v, scalar_t<T> want) {
  for (std::size_t l = 0; l < lanes_v<T>; ++l) {
    auto const got = lane(v, l);
    bool const ok = (std::isnan(got) && std::isnan(want)) ||
                    (got == want && std::signbit(got) == std::signbit(want));
    if (!ok)
      return ::testing::AssertionFailure()
             << "lane " << l << ": got " << got << " (sign " << std::signbit(got) << "), want "
             << want << " (sign " << std::signbit(want) << ")";
  }
  return ::testing::AssertionSuccess();
}

template <class T>
class SignedZero : public testing::Test {};
using Types = testing::Types<float, double, xsimd::batch<float>, xsimd::batch<double>,
#if XSIMD_WITH_AVX2
                             xsimd::batch<float, xsimd::avx2>, xsimd::batch<double, xsimd::avx2>,
#endif
                             xsimd::batch<float, xsimd::sse2>, xsimd::batch<double, xsimd::sse2>>;
TYPED_TEST_SUITE(SignedZero, Types);

template <class T, class Body>
void for_each_jet(Body const& body) {
  body(Jet<T, 2>{}, "Jet<T, 2>");
  body(Jet<T, 4>{}, "Jet<T, 4>");
  body(MultiJet<T, 2>{}, "MultiJet<T, 2>");
  body(CollapsedJet<T, 2>{}, "CollapsedJet<T, 2>");
}

TYPED_TEST(SignedZero, DetailNegIsIeeeNegation) {
  using T = TypeParam;
  using S = scalar_t<T>;
  S const inf = std::numeric_limits<S>::infinity(), nan = std::numeric_limits<S>::quiet_NaN();
  for (S x : {S(0), S(-0.0), S(1.5), S(-2), inf, -inf, std::numeric_limits<S>::denorm_min()})
    EXPECT_TRUE(bits(taylordiag::detail::neg(bc<T>(x)), -x)) << x;
  // NaN stays NaN, its sign bit flipped (what unary minus does on a scalar).
  for (S x : {nan, -nan}) {
    T const y = taylordiag::detail::neg(bc<T>(x));
    for (std::size_t l = 0; l < lanes_v<T>; ++l) {
      EXPECT_TRUE(std::isnan(lane(y, l)));
      EXPECT_NE(std::signbit(lane(y, l)), std::signbit(x));
    }
  }
}

TYPED_TEST(SignedZero, NegatingZeroFlipsEverySignBit) {
  using T = TypeParam;
  using S = scalar_t<T>;
  for_each_jet<T>([](auto proto, char const* what) {
    using J = decltype(proto);
    J const y = -seed<J>(bc<T>(0));  // -x at x = +0: (-0, -1, -0, ...)
    EXPECT_TRUE(bits(y.value(), S(-0.0))) << what;
    EXPECT_TRUE(bits(first(y), S(-1))) << what;
    EXPECT_TRUE(bits(second(y), S(-0.0))) << what;
    J const z = -seed<J>(bc<T>(-0.0));  // at x = -0: +0
    EXPECT_TRUE(bits(z.value(), S(0))) << what;
    EXPECT_TRUE(bits(first(z), S(-1))) << what;
  });
}

TYPED_TEST(SignedZero, Atan2OfNegatedZeroIsMinusPi) {
  using T = TypeParam;
  using S = scalar_t<T>;
  S const minus_pi = std::atan2(S(-0.0), S(-1));
  ASSERT_TRUE(std::signbit(minus_pi));
  for_each_jet<T>([&](auto proto, char const* what) {
    using J = decltype(proto);
    // atan2(-x, -1) = -pi + atan(x) for x > 0: derivatives those of atan at 0 (1, 0, -2, 0).
    J const y = atan2(-seed<J>(bc<T>(0)), -1.0);
    EXPECT_TRUE(bits(y.value(), minus_pi)) << what;
    EXPECT_TRUE(bits(first(y), S(1))) << what;
    for (std::size_t l = 0; l < lanes_v<T>; ++l) EXPECT_EQ(lane(second(y), l), S(0)) << what;
    if constexpr (requires { J::order; }) {
      if constexpr (J::order == 4) {
        for (std::size_t l = 0; l < lanes_v<T>; ++l) {
          EXPECT_TRUE(close_eps(lane(y.d(3), l), -2, 4)) << what;
          EXPECT_TRUE(close_eps(lane(y.d(4), l), 0, 4, 1)) << what;
        }
      }
    }
    // With the second argument a jet too (chain2 on both operands).
    J const w = atan2(-seed<J>(bc<T>(0)), J(-1.0));
    EXPECT_TRUE(bits(w.value(), minus_pi)) << what;
    // At x = -0 the negation is +0 and the angle +pi.
    J const v = atan2(-seed<J>(bc<T>(-0.0)), -1.0);
    EXPECT_TRUE(bits(v.value(), std::atan2(S(0), S(-1)))) << what;
  });
}

TYPED_TEST(SignedZero, ReciprocalOfNegatedZeroIsMinusInfinity) {
  using T = TypeParam;
  using S = scalar_t<T>;
  S const inf = std::numeric_limits<S>::infinity();
  for_each_jet<T>([&](auto proto, char const* what) {
    using J = decltype(proto);
    // -1/x at x -> 0+: value -inf, derivative 1/x^2 -> +inf.
    J const y = 1.0 / (-seed<J>(bc<T>(0)));
    EXPECT_TRUE(bits(y.value(), -inf)) << what;
    EXPECT_TRUE(bits(first(y), inf)) << what;
    J const z = 1.0 / (-seed<J>(bc<T>(-0.0)));
    EXPECT_TRUE(bits(z.value(), inf)) << what;
  });
}

TYPED_TEST(SignedZero, SubtractionIsNotNegation) {
  using T = TypeParam;
  using S = scalar_t<T>;
  for_each_jet<T>([&](auto proto, char const* what) {
    using J = decltype(proto);
    J const x = seed<J>(bc<T>(0));
    // 0 - x and x - 0 are subtractions: +0 - +0 = +0 (IEEE), only the derivatives negate.
    J const a = 0.0 - x;
    EXPECT_TRUE(bits(a.value(), S(0))) << what;
    EXPECT_TRUE(bits(first(a), S(-1))) << what;
    J const b = x - 0.0;
    EXPECT_TRUE(bits(b.value(), S(0))) << what;
    // -x - x: (-0) - (+0) = -0.
    J const c = -x - x;
    EXPECT_TRUE(bits(c.value(), S(-0.0))) << what;
    EXPECT_TRUE(bits(first(c), S(-2))) << what;
    // (-x) * -1 = (-0)(-1) = +0; the sign of the product follows the negation.
    J const d = (-x) * -1.0;
    EXPECT_TRUE(bits(d.value(), S(0))) << what;
  });
}

TYPED_TEST(SignedZero, AbsOfNegatedZeroTakesTheSignedSide) {
  using T = TypeParam;
  using S = scalar_t<T>;
  for_each_jet<T>([&](auto proto, char const* what) {
    using J = decltype(proto);
    // |u|' = sign(u) u' with sign(+-0) = +-1 (docs/rules.md): u = -x at x = +0 is -0, so
    // d|-x|/dx = (-1)(-1) = 1; at x = -0, u = +0 and the derivative is -1.
    J const y = abs(-seed<J>(bc<T>(0)));
    EXPECT_TRUE(bits(y.value(), S(0))) << what;
    EXPECT_TRUE(bits(first(y), S(1))) << what;
    J const z = abs(-seed<J>(bc<T>(-0.0)));
    EXPECT_TRUE(bits(first(z), S(-1))) << what;
  });
}

TYPED_TEST(SignedZero, NegatedRowEntriesAtZero) {
  using T = TypeParam;
  using S = scalar_t<T>;
  namespace r = taylordiag::rules;
  T const zero = bc<T>(0), one = bc<T>(1);
  // Each of these entries is -(something that is +0 here), so -0 exactly.
  EXPECT_TRUE(bits(r::sin_rule::eval(zero).f2, S(-0.0)));   // -sin 0
  EXPECT_TRUE(bits(r::cos_rule::eval(zero).f1, S(-0.0)));   // -sin 0
  EXPECT_TRUE(bits(r::acos_rule::eval(zero).f2, S(-0.0)));  // -x / (1-x^2)^(3/2)
  EXPECT_TRUE(bits(r::asinh_rule::eval(zero).f2, S(-0.0)));
  EXPECT_TRUE(bits(r::log_rule::eval(bc<T>(std::numeric_limits<double>::infinity())).f2,
                   S(-0.0)));                                      // -1/x^2 at +inf
  EXPECT_TRUE(bits(r::atan2_rule::eval(zero, one).fv, S(-0.0)));   // -y/r^2
  EXPECT_TRUE(bits(r::atan2_rule::eval(zero, one).fuu, S(-0.0)));  // -2xy/r^4
  EXPECT_TRUE(bits(r::hypot_rule::eval(zero, one).fuv, S(-0.0)));  // -uv/h^3
  // Higher order: cos' = -sin as a jet, so d cos(x)/dx at +0 is -0 like the scalar.
  auto const c4 = cos(Jet<T, 4>::variable(zero));
  EXPECT_TRUE(bits(c4.d(1), S(-0.0)));
  EXPECT_TRUE(bits(c4.d(2), S(-1)));
  auto const c2 = cos(Jet<T, 2>::variable(zero));
  EXPECT_TRUE(bits(c2.d(1), S(-0.0)));
}

}  // namespace

TYPED_TEST(SignedZero, LogAndSqrtAtNegativeZeroTakeTheDerivativesAtPlusZero) {
  using T = TypeParam;
  using S = scalar_t<T>;
  S const inf = std::numeric_limits<S>::infinity();
  for_each_jet<T>([&](auto proto, char const* what) {
    using J = decltype(proto);
    // log(-0) = log(+0) = -inf (IEEE), so the one-sided derivatives are those at +0:
    // 1/x -> +inf, -1/x^2 -> -inf. 1/(-0) would give -inf for the first.
    for (S x0 : {S(0), S(-0.0)}) {
      J const l = log(seed<J>(bc<T>(x0)));
      EXPECT_TRUE(bits(l.value(), -inf)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(first(l), inf)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(second(l), -inf)) << what << " x0 " << x0;
      J const l2 = log2(seed<J>(bc<T>(x0)));
      EXPECT_TRUE(bits(first(l2), inf)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(second(l2), -inf)) << what << " x0 " << x0;
      J const l10 = log10(seed<J>(bc<T>(x0)));
      EXPECT_TRUE(bits(first(l10), inf)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(second(l10), -inf)) << what << " x0 " << x0;
      // sqrt(-0) = -0 (IEEE); the derivatives 1/(2 sqrt x) -> +inf, -1/(4 x^1.5) -> -inf.
      J const r = sqrt(seed<J>(bc<T>(x0)));
      EXPECT_TRUE(bits(r.value(), x0)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(first(r), inf)) << what << " x0 " << x0;
      EXPECT_TRUE(bits(second(r), -inf)) << what << " x0 " << x0;
    }
  });
}
