// tests/jet/pitfalls.test.cpp -- the places where other AD libraries go wrong (DESIGN.md §2).
//
// Exact results are compared bit for bit (tdtest::same, NaN == NaN): pow at 0, pow of a
// negative base with an integer exponent, a direction that does not move a singular
// argument, linear operations, comparisons and select. Domain errors must give NaN in the
// offending lane only; tanh/sigmoid at +-800 finite derivatives; expm1/log1p at 1e-10 within
// 1 eps; and one generic user function must compile and agree on double and every jet.
#include <array>
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

/// Every lane of every coefficient of y equals want[k] exactly.
template <class J>
::testing::AssertionResult exact(J const& y, std::initializer_list<double> want) {
  int k = 0;
  for (double w : want) {
    auto const& c = y.c[k];
    for (std::size_t l = 0; l < lanes_v<typename J::value_type>; ++l) {
      auto const got = lane(c, l);
      if (!same(got, static_cast<decltype(got)>(w)))
        return ::testing::AssertionFailure()
               << "coefficient " << k << ", lane " << l << ": got " << got << ", want " << w;
    }
    ++k;
  }
  return ::testing::AssertionSuccess();
}

template <class T>
class Pitfalls : public testing::Test {};
using Types = testing::Types<float, double, xsimd::batch<float>, xsimd::batch<double>,
                             xsimd::batch<double, xsimd::sse2>>;
TYPED_TEST_SUITE(Pitfalls, Types);

// ---- powers at zero and of negative bases ---------------------------------------------

TYPED_TEST(Pitfalls, PowAtZeroIsExact) {
  using T = TypeParam;
  using J2 = Jet<T, 2>;
  using J4 = Jet<T, 4>;
  J2 const x = J2::variable(bc<T>(0));
  EXPECT_TRUE(exact(pow(x, 2.0), {0, 0, 2}));
  EXPECT_TRUE(exact(pow(x, 2), {0, 0, 2}));
  EXPECT_TRUE(exact(pow(x, 3), {0, 0, 0}));
  EXPECT_TRUE(exact(pow(x, 3.0), {0, 0, 0}));
  EXPECT_TRUE(exact(pow(x, 2.5), {0, 0, 0}));  // 2.5 x^1.5, 3.75 x^0.5: 0 at 0
  EXPECT_TRUE(exact(pow(x, 0), {1, 0, 0}));
  J4 const x4 = J4::variable(bc<T>(0));
  EXPECT_TRUE(exact(pow(x4, 2.0), {0, 0, 2, 0, 0}));
  EXPECT_TRUE(exact(pow(x4, 2), {0, 0, 2, 0, 0}));
  EXPECT_TRUE(exact(pow(x4, 3), {0, 0, 0, 6, 0}));
  EXPECT_TRUE(exact(pow(x4, 3.0), {0, 0, 0, 6, 0}));
  EXPECT_TRUE(exact(pow(x4, 4), {0, 0, 0, 0, 24}));
  // The shared-primal and collapsed jets: f = x0^2 + x1^3 at the origin.
  MultiJet<T, 2> m0(bc<T>(0)), m1(bc<T>(0));
  m0.d1(0) = bc<T>(1);
  m1.d1(1) = bc<T>(1);
  EXPECT_TRUE(exact(pow(m0, 2.0) + pow(m1, 3.0), {0, 0, 0, 2, 0}));
  CollapsedJet<T, 2> c0(bc<T>(0)), c1(bc<T>(0));
  c0.d1(0) = bc<T>(1);
  c1.d1(1) = bc<T>(1);
  EXPECT_TRUE(exact(pow(c0, 2.0) + pow(c1, 3), {0, 0, 0, 2}));
}

TYPED_TEST(Pitfalls, PowOfNegativeBaseWithIntegerExponent) {
  using T = TypeParam;
  using J2 = Jet<T, 2>;
  J2 const x = J2::variable(bc<T>(-2));
  EXPECT_TRUE(exact(pow(x, 3), {-8, 12, -12}));
  EXPECT_TRUE(exact(pow(x, 3.0), {-8, 12, -12}));
  EXPECT_TRUE(exact(pow(x, 2.0), {4, -4, 2}));
  EXPECT_TRUE(exact(pow(x, -3), {-0.125, -0.1875, -0.375}));
  EXPECT_TRUE(exact(pow(x, -3.0), {-0.125, -0.1875, -0.375}));
  EXPECT_TRUE(exact(pow(x, 4.0), {16, -32, 48}));
  auto const x4 = Jet<T, 4>::variable(bc<T>(-2));
  EXPECT_TRUE(exact(pow(x4, 3.0), {-8, 12, -12, 6, 0}));
  EXPECT_TRUE(exact(pow(x4, 3), {-8, 12, -12, 6, 0}));
  MultiJet<T, 1> m(bc<T>(-2));
  m.d1(0) = bc<T>(1);
  EXPECT_TRUE(exact(pow(m, 3.0), {-8, 12, -12}));
  CollapsedJet<T, 1> c(bc<T>(-2));
  c.d1(0) = bc<T>(1);
  EXPECT_TRUE(exact(pow(c, 3.0), {-8, 12, -12}));
}

// ---- singular derivatives: infinite, and zero-safe for directions that do not move -----

TYPED_TEST(Pitfalls, SqrtAndCbrtAtZeroHaveInfiniteDerivatives) {
  using T = TypeParam;
  using J = Jet<T, 2>;
  constexpr auto inf = std::numeric_limits<scalar_t<T>>::infinity();
  J const x = J::variable(bc<T>(0));
  EXPECT_TRUE(exact(sqrt(x), {0, inf, -inf}));
  EXPECT_TRUE(exact(cbrt(x), {0, inf, -inf}));
  EXPECT_TRUE(exact(pow(x, 0.5), {0, inf, -inf}));
  EXPECT_TRUE(exact(pow(x, 1.5), {0, 0, inf}));
  // A pass along a direction that does not move x: 0 * inf must be 0, not NaN.
  J const still = J::variable(bc<T>(0), bc<T>(0));
  EXPECT_TRUE(exact(sqrt(still), {0, 0, 0}));
  EXPECT_TRUE(exact(cbrt(still), {0, 0, 0}));
  EXPECT_TRUE(exact(pow(still, 0.5), {0, 0, 0}));
}

TYPED_TEST(Pitfalls, UnmovedDirectionStaysExact) {  // f = sqrt(x0) + x1^2 at x0 = 0
  using T = TypeParam;
  constexpr auto inf = std::numeric_limits<scalar_t<T>>::infinity();
  auto f = [](auto const& x0, auto const& x1) { return sqrt(x0) + x1 * x1; };
  MultiJet<T, 2> m0(bc<T>(0)), m1(bc<T>(0.75));
  m0.d1(0) = bc<T>(1);
  m1.d1(1) = bc<T>(1);
  // value, d1 = (inf, 1.5), d2 = (-inf, 2): the x1 entry is exactly 2, not NaN
  EXPECT_TRUE(exact(f(m0, m1), {0.5625, inf, 1.5, -inf, 2}));
  auto g = [](auto const& x0, auto const& x1) { return cbrt(x0) * 3.0 + log(x1) + pow(x0, 0.5); };
  auto const gy = g(m0, m1);  // the x1 entry: -1/x1^2 from log, untouched by cbrt/pow at 0
  for (std::size_t l = 0; l < lanes_v<T>; ++l) {
    EXPECT_TRUE(close_eps(lane(gy.d2(1), l), -1 / 0.5625L, 2));
    EXPECT_EQ(lane(gy.d2(0), l), -inf);
  }
  // The Jet pass along e_1 and the collapsed jet's first-order part.
  using J = Jet<T, 2>;
  EXPECT_TRUE(exact(f(J(bc<T>(0)), J::variable(bc<T>(0.75))), {0.5625, 1.5, 2}));
  CollapsedJet<T, 2> c0(bc<T>(0)), c1(bc<T>(0.75));
  c0.d1(0) = bc<T>(1);
  c1.d1(1) = bc<T>(1);
  EXPECT_TRUE(exact(f(c0, c1), {0.5625, inf, 1.5, -inf}));
  // Only x1 moves: the Laplacian restricted to x1 is exactly 2.
  CollapsedJet<T, 1> s0(bc<T>(0)), s1(bc<T>(0.75));
  s1.d1(0) = bc<T>(1);
  EXPECT_TRUE(exact(f(s0, s1), {0.5625, 1.5, 2}));
}

// ---- domain errors: NaN in that lane only -------------------------------------------------

/// Lanes l with (l + phase) odd hold the bad point, the others good points.
template <class T, class F>
void check_nan_lanes(char const* what, F const& f, double good, double bad, std::size_t phase) {
  using S = scalar_t<T>;
  constexpr std::size_t W = lanes_v<T>;
  S x[W];
  for (std::size_t l = 0; l < W; ++l)
    x[l] = static_cast<S>((l + phase) % 2 ? bad : good + 0.01 * double(l));
  auto check = [&](auto const& y, char const* rep) {
    using J = std::remove_cvref_t<decltype(y)>;
    for (std::size_t l = 0; l < W; ++l)
      for (std::size_t k = 0; k < J::size; ++k) {
        S const got = lane(y.c[k], l);
        if ((l + phase) % 2)
          EXPECT_TRUE(std::isnan(got)) << what << " (" << rep << ") at " << bad << ": coefficient "
                                       << k << " of lane " << l << " is " << got << ", not NaN";
        else
          EXPECT_TRUE(std::isfinite(got))
              << what << " (" << rep << ") at " << x[l] << ": coefficient " << k << " of lane " << l
              << " is " << got;
      }
  };
  check(f(Jet<T, 2>::variable(from_lanes<T>(x))), "Jet<T, 2>");
  check(f(Jet<T, 4>::variable(from_lanes<T>(x))), "Jet<T, 4>");
  MultiJet<T, 2> m(from_lanes<T>(x));
  m.d1(0) = bc<T>(1);
  m.d1(1) = bc<T>(-0.5);
  check(f(m), "MultiJet");
  CollapsedJet<T, 2> c(from_lanes<T>(x));
  c.d1(0) = bc<T>(1);
  c.d1(1) = bc<T>(-0.5);
  check(f(c), "CollapsedJet");
}

template <class T, class F>
void check_nan_lanes(char const* what, F const& f, double good, double bad) {
  for (std::size_t phase : {0, 1}) check_nan_lanes<T>(what, f, good, bad, phase);
}

TYPED_TEST(Pitfalls, DomainErrorsGiveNaNInThatLaneOnly) {
  using T = TypeParam;
  check_nan_lanes<T>(
      "log", [](auto const& x) { return log(x); }, 0.5, -1.0);
  check_nan_lanes<T>(
      "log2", [](auto const& x) { return log2(x); }, 0.5, -1.0);
  check_nan_lanes<T>(
      "log10", [](auto const& x) { return log10(x); }, 0.5, -3.0);
  check_nan_lanes<T>(
      "log1p", [](auto const& x) { return log1p(x); }, 0.5, -1.5);
  check_nan_lanes<T>(
      "sqrt", [](auto const& x) { return sqrt(x); }, 0.5, -1.0);
  check_nan_lanes<T>(
      "acosh", [](auto const& x) { return acosh(x); }, 1.5, 0.5);
  check_nan_lanes<T>(
      "asin", [](auto const& x) { return asin(x); }, 0.5, 1.5);
  check_nan_lanes<T>(
      "acos", [](auto const& x) { return acos(x); }, 0.5, -1.5);
  check_nan_lanes<T>(
      "atanh", [](auto const& x) { return atanh(x); }, 0.5, 2.0);
  check_nan_lanes<T>(
      "pow(x, 0.5)", [](auto const& x) { return pow(x, 0.5); }, 0.5, -1.0);
  check_nan_lanes<T>(
      "pow(x, x)", [](auto const& x) { return pow(x, x); }, 0.5, -1.5);
}

// ---- large arguments, small arguments ---------------------------------------------------

TYPED_TEST(Pitfalls, SaturatingFunctionsStayFiniteAt800) {
  using T = TypeParam;
  for (double a : {800.0, -800.0}) {
    auto const x = Jet<T, 2>::variable(bc<T>(a));
    EXPECT_TRUE(exact(tanh(x), {a > 0 ? 1.0 : -1.0, 0, 0})) << a;
    EXPECT_TRUE(exact(sigmoid(x), {a > 0 ? 1.0 : 0.0, 0, 0})) << a;
    EXPECT_TRUE(exact(softplus(x), {a > 0 ? a : 0.0, a > 0 ? 1.0 : 0.0, 0})) << a;
    auto const y4 = tanh(Jet<T, 4>::variable(bc<T>(a)));
    EXPECT_TRUE(exact(y4, {a > 0 ? 1.0 : -1.0, 0, 0, 0, 0})) << a;
    MultiJet<T, 2> m(bc<T>(a));
    m.d1(0) = bc<T>(1);
    m.d1(1) = bc<T>(3);
    EXPECT_TRUE(exact(tanh(m), {a > 0 ? 1.0 : -1.0, 0, 0, 0, 0})) << a;
  }
}

TYPED_TEST(Pitfalls, Expm1AndLog1pAreAccurateNearZero) {
  using T = TypeParam;
  using S = scalar_t<T>;
  for (double a : {1e-10, -1e-10, 3e-8}) {
    S const x = static_cast<S>(a);
    auto const e = expm1(Jet<T, 2>::variable(bc<T>(a)));
    auto const l = log1p(Jet<T, 2>::variable(bc<T>(a)));
    EXPECT_TRUE(close_eps(lane(e.d(0), 0), std::expm1(ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(e.d(1), 0), std::exp(ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(e.d(2), 0), std::exp(ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(l.d(0), 0), std::log1p(ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(l.d(1), 0), 1 / (1 + ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(l.d(2), 0), -1 / ((1 + ld(x)) * (1 + ld(x))), 2)) << a;
    auto const e4 = expm1(Jet<T, 4>::variable(bc<T>(a)));
    EXPECT_TRUE(close_eps(lane(e4.d(0), 0), std::expm1(ld(x)), 1)) << a;
    EXPECT_TRUE(close_eps(lane(e4.d(4), 0), std::exp(ld(x)), 1)) << a;
  }
}

// ---- linear operations, constants on either side, comparisons, select ------------------

TYPED_TEST(Pitfalls, ArithmeticWithConstantsOnEitherSide) {
  using T = TypeParam;
  using J = Jet<T, 2>;
  J const x = J::variable(bc<T>(3));  // (3, 1, 0)
  J const y = x * x;                  // (9, 6, 2)
  T const t = bc<T>(2);
  EXPECT_TRUE(exact(-y, {-9, -6, -2}));
  EXPECT_TRUE(exact(+y, {9, 6, 2}));
  EXPECT_TRUE(exact(y + 1, {10, 6, 2}));
  EXPECT_TRUE(exact(1 + y, {10, 6, 2}));
  EXPECT_TRUE(exact(y - 1.5, {7.5, 6, 2}));
  EXPECT_TRUE(exact(1.5 - y, {-7.5, -6, -2}));
  EXPECT_TRUE(exact(y * 2, {18, 12, 4}));
  EXPECT_TRUE(exact(2 * y, {18, 12, 4}));
  EXPECT_TRUE(exact(y * t, {18, 12, 4}));
  EXPECT_TRUE(exact(t * y, {18, 12, 4}));
  EXPECT_TRUE(exact(t + y, {11, 6, 2}));
  EXPECT_TRUE(exact(y - t, {7, 6, 2}));
  EXPECT_TRUE(exact(y / 2, {4.5, 3, 1}));
  EXPECT_TRUE(exact(y / t, {4.5, 3, 1}));
  EXPECT_TRUE(exact(y / 2.0f, {4.5, 3, 1}));
  auto const r = 9 / y;  // 9/x^2: (1, -2/3, 2/3)
  EXPECT_TRUE(close_eps(lane(r.d(0), 0), 1, 1));
  EXPECT_TRUE(close_eps(lane(r.d(1), 0), -2.0L / 3, 2));
  EXPECT_TRUE(close_eps(lane(r.d(2), 0), 2.0L / 3, 4));
  EXPECT_TRUE(exact(t / (x - 1), {1, -0.5, 0.5}));
  EXPECT_TRUE(exact(x - x, {0, 0, 0}));
  EXPECT_TRUE(exact(x + x, {6, 2, 0}));

  J z = y;
  z += 1;
  EXPECT_TRUE(exact(z, {10, 6, 2}));
  z -= 1.0;
  EXPECT_TRUE(exact(z, {9, 6, 2}));
  z *= 2;
  EXPECT_TRUE(exact(z, {18, 12, 4}));
  z /= t;
  EXPECT_TRUE(exact(z, {9, 6, 2}));
  z += x;
  EXPECT_TRUE(exact(z, {12, 7, 2}));
  z -= x;
  EXPECT_TRUE(exact(z, {9, 6, 2}));
  z *= x;  // x^3: (27, 27, 18)
  EXPECT_TRUE(exact(z, {27, 27, 18}));
  z /= x;
  EXPECT_TRUE(exact(z, {9, 6, 2}));
  z += t;
  EXPECT_TRUE(exact(z, {11, 6, 2}));

  // The same on the other representations.
  MultiJet<T, 2> m(bc<T>(3));
  m.d1(0) = bc<T>(1);
  m.d1(1) = bc<T>(2);
  MultiJet<T, 2> mm = m * m;  // (9; 6, 12; 2, 8)
  mm *= 2;
  mm -= 1;
  EXPECT_TRUE(exact(1 + mm / 2, {9.5, 6, 12, 2, 8}));
  EXPECT_TRUE(exact(-(mm - t), {-15, -12, -24, -4, -16}));
  CollapsedJet<T, 2> c(bc<T>(3));
  c.d1(0) = bc<T>(1);
  c.d1(1) = bc<T>(2);
  CollapsedJet<T, 2> cc = c * c;  // (9; 6, 12; 2 + 8)
  cc *= t;
  EXPECT_TRUE(exact(cc - 1, {17, 12, 24, 20}));
  EXPECT_TRUE(exact(3 - cc / 2, {-6, -6, -12, -10}));
}

TYPED_TEST(Pitfalls, ComparisonsAndSelectAreLaneWise) {
  using T = TypeParam;
  using S = scalar_t<T>;
  using J = Jet<T, 2>;
  constexpr std::size_t W = lanes_v<T>;
  S xs[W];
  for (std::size_t l = 0; l < W; ++l)
    xs[l] = static_cast<S>(l % 3 == 0 ? -1.5 - double(l) : 0.5 + double(l));
  J const x = J::variable(from_lanes<T>(xs));
  // branch-free |x|^3 written with select: x^3 or -x^3 per lane
  J const x3 = x * x * x;
  J const a = select(x < 0, -x3, x3);
  J const b = select(0 > x, -x3, x3);
  J const c = select(x >= 0.0, x3, -x3);
  J const d = select(x < T(S(0)), -x3, x3);
  J const d2 = select(T(S(0)) > x, -x3, x3);  // T on the left
  J const e = select(x >= 0, x3, S(0));       // constant on one side
  for (std::size_t l = 0; l < W; ++l) {
    S const v = xs[l], s = v < 0 ? S(-1) : S(1);
    S const want[3] = {s * v * v * v, s * 3 * v * v, s * 6 * v};
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(lane(a.d(k), l), want[k]) << "lane " << l << ", coefficient " << k;
      EXPECT_EQ(lane(b.d(k), l), want[k]) << "lane " << l << ", coefficient " << k;
      EXPECT_EQ(lane(c.d(k), l), want[k]) << "lane " << l << ", coefficient " << k;
      EXPECT_EQ(lane(d.d(k), l), want[k]) << "lane " << l << ", coefficient " << k;
      EXPECT_EQ(lane(d2.d(k), l), want[k]) << "lane " << l << ", coefficient " << k;
      EXPECT_EQ(lane(e.d(k), l), v < 0 ? S(0) : want[k]) << "lane " << l << ", coefficient " << k;
    }
    // comparisons give the same mask as on the values
    EXPECT_EQ(lane(taylordiag::select(x == x, bc<T>(1), bc<T>(0)), l), S(1));
    EXPECT_EQ(lane(taylordiag::select(x != 0.5, bc<T>(1), bc<T>(0)), l),
              xs[l] != S(0.5) ? S(1) : S(0));
    EXPECT_EQ(lane(taylordiag::select(x <= 1, bc<T>(1), bc<T>(0)), l), xs[l] <= S(1) ? S(1) : S(0));
    EXPECT_EQ(lane(taylordiag::select(2 > x, bc<T>(1), bc<T>(0)), l), S(2) > xs[l] ? S(1) : S(0));
  }
  // min / max / abs pick per lane too
  J const mn = min(x, J(bc<T>(0))), mx = max(x, 0.0), ab = abs(x);
  for (std::size_t l = 0; l < W; ++l) {
    bool const neg = xs[l] < 0;
    EXPECT_EQ(lane(mn.d(1), l), neg ? S(1) : S(0));
    EXPECT_EQ(lane(mx.d(1), l), neg ? S(0) : S(1));
    EXPECT_EQ(lane(ab.d(0), l), std::fabs(xs[l]));
    EXPECT_EQ(lane(ab.d(1), l), neg ? S(-1) : S(1));
  }
  // fmin / fmax ignore a NaN argument, as std::fmin does
  J const nan = J(bc<T>(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_TRUE(exact(fmin(nan, J::variable(bc<T>(2))), {2, 1, 0}));
  EXPECT_TRUE(exact(fmax(J::variable(bc<T>(2)), nan), {2, 1, 0}));
}

// ---- one generic user function for double and every jet -------------------------------

struct UserFunction {
  template <class V>
  V operator()(std::array<V, 2> const& x) const {
    using std::atan2;
    using std::cos;
    using std::exp;
    using std::fmax;
    using std::hypot;
    using std::log1p;
    using std::pow;
    using std::sqrt;
    using std::tanh;
    using taylordiag::sigmoid;
    V const r = hypot(x[0], x[1]);
    V y = exp(x[0]) * cos(x[1]) + pow(x[0], 2) - 3.0 * pow(x[1], 3.0) / (1.0 + r);
    y += log1p(x[1] * x[1]) + atan2(x[1], x[0]) * tanh(x[0]) + sigmoid(x[0] - x[1]);
    y = y + sqrt(1.0 + x[0] * x[0]) * 2 - fmax(x[0], x[1]);
    return y;
  }
};

TEST(PitfallsGeneric, SameUserFunctionOnDoubleAndEveryJet) {
  std::array<double, 2> const p = {0.7, -0.4};
  UserFunction const f;
  double const v = f(p);
  // Finite differences in double for the reference second derivatives (coarse on purpose).
  auto fd2 = [&](int i) {
    double const h = 1e-4;
    auto q = p, r = p;
    q[i] += h;
    r[i] -= h;
    return (f(q) - 2 * v + f(r)) / (h * h);
  };
  double const h0 = fd2(0), h1 = fd2(1);

  auto check = [&](auto const& value, auto const& d2_0, auto const& d2_1, char const* what) {
    EXPECT_TRUE(close_eps(double(value), v, 16)) << what;
    EXPECT_NEAR(double(d2_0), h0, 1e-5 * (1 + std::fabs(h0))) << what;
    EXPECT_NEAR(double(d2_1), h1, 1e-5 * (1 + std::fabs(h1))) << what;
  };
  {
    using J = Jet<double, 2>;
    auto const y0 = f(std::array<J, 2>{J::variable(p[0]), J(p[1])});
    auto const y1 = f(std::array<J, 2>{J(p[0]), J::variable(p[1])});
    check(y0.value(), y0.d(2), y1.d(2), "Jet<double, 2>");
  }
  {
    using J = Jet<double, 4>;
    auto const y0 = f(std::array<J, 2>{J::variable(p[0]), J(p[1])});
    auto const y1 = f(std::array<J, 2>{J(p[0]), J::variable(p[1])});
    check(y0.value(), y0.d(2), y1.d(2), "Jet<double, 4>");
  }
  {
    using J = Jet<float, 2>;
    auto const y0 = f(std::array<J, 2>{J::variable(float(p[0])), J(float(p[1]))});
    EXPECT_NEAR(y0.d(2), h0, 1e-4 * (1 + std::fabs(h0))) << "Jet<float, 2>";
  }
  {
    MultiJet<double, 2> a(p[0]), b(p[1]);
    a.d1(0) = 1;
    b.d1(1) = 1;
    auto const y = f(std::array<MultiJet<double, 2>, 2>{a, b});
    check(y.value(), y.d2(0), y.d2(1), "MultiJet<double, 2>");
    CollapsedJet<double, 2> c(p[0]), d(p[1]);
    c.d1(0) = 1;
    d.d1(1) = 1;
    auto const z = f(std::array<CollapsedJet<double, 2>, 2>{c, d});
    EXPECT_TRUE(close_eps(z.sum2(), ld(y.d2(0)) + ld(y.d2(1)), 16,
                          std::fabs(y.d2(0)) + std::fabs(y.d2(1))));
  }
  {
    using B = xsimd::batch<double>;
    using J = MultiJet<B, 2>;
    J a{B(p[0])}, b{B(p[1])};
    a.d1(0) = B(1.0);
    b.d1(1) = B(1.0);
    auto const y = f(std::array<J, 2>{a, b});
    for (std::size_t l = 0; l < B::size; ++l)
      check(lane(y.value(), l), lane(y.d2(0), l), lane(y.d2(1), l), "MultiJet<batch<double>, 2>");
    using JF = Jet<xsimd::batch<float>, 2>;
    using BF = xsimd::batch<float>;
    auto const yf = f(std::array<JF, 2>{JF::variable(BF(float(p[0]))), JF(BF(float(p[1])))});
    EXPECT_NEAR(lane(yf.d(2), 3), h0, 1e-4 * (1 + std::fabs(h0))) << "Jet<batch<float>, 2>";
  }
}

}  // namespace
