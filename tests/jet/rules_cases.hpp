// tests/jet/rules_cases.hpp -- one case per elementary function: the function on jets, its
// long double reference and closed-form derivatives, the sweep, and the asserted bounds.
//
// Every case is a function g(t) = f(a + t du, b + t dv) of one variable t, evaluated at t = 0
// for a sweep of points (a, b): unary functions ignore b (du = 1), binary ones move both
// arguments so that the mixed second partial is exercised. d1 and d2 are dg/dt and d2g/dt2.
// Bounds (docs/rules.md quotes them): relative error in eps of the lane type, against the
// long double closed form, with an absolute floor where the exact result crosses zero or
// underflows (see support.hpp); tol = 0 means the result must be exact.
#pragma once

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "jet/support.hpp"
#include "taylordiag/jet.hpp"

namespace tdtest::rules {

using P = std::array<double, 2>;
using Points = std::vector<P>;

/// Tolerances of one case for one lane type: value, d1, d2 in eps, and their floors.
struct Tol {
  ld v, d1, d2;
  ld fv = 0, f1 = 0, f2 = 0;
};

/// Lane type of T is float / T is an xsimd batch: for the few bounds that differ.
template <class T>
inline constexpr bool f32 = std::is_same_v<scalar_t<T>, float>;
template <class T>
inline constexpr bool bat = td::detail::is_batch_v<T>;

inline Points unary_points(std::vector<double> xs) {
  Points p;
  for (double x : xs) p.push_back({x, 0.0});
  return p;
}

constexpr ld pi = std::numbers::pi_v<ld>;
constexpr ld ln2 = std::numbers::ln2_v<ld>;
constexpr ld ln10 = std::numbers::ln10_v<ld>;
constexpr ld two_over_sqrtpi = 2 * std::numbers::inv_sqrtpi_v<ld>;

// The cases below read as a table, one function per block; clang-format would unfold them.
// clang-format off
// A unary case: du = 1, dv = 0. BODY defines f, ref, d1, d2, points, len, tol.
#define TD_UNARY_CASE(NAME, ...)                         \
  struct NAME##_case {                                   \
    static constexpr char const* name = #NAME;           \
    static constexpr double du = 1, dv = 0;              \
    __VA_ARGS__                                          \
  };

// ---- exponentials and logarithms ----------------------------------------------------------

TD_UNARY_CASE(exp,
  template <class J> static J f(J const& u, J const&) { return exp(u); }
  static ld ref(ld x, ld) { return std::exp(x); }
  static ld d1(ld x, ld) { return std::exp(x); }
  static ld d2(ld x, ld) { return std::exp(x); }
  static Points points() { return unary_points(sweep(-80, 80, 25, {0, 1e-8, -1e-8, 0.3})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(exp2,
  template <class J> static J f(J const& u, J const&) { return exp2(u); }
  static ld ref(ld x, ld) { return std::exp2(x); }
  static ld d1(ld x, ld) { return ln2 * std::exp2(x); }
  static ld d2(ld x, ld) { return ln2 * ln2 * std::exp2(x); }
  static Points points() { return unary_points(sweep(-120, 120, 25, {0, 1e-8, -1e-8, 0.3})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(expm1,
  template <class J> static J f(J const& u, J const&) { return expm1(u); }
  static ld ref(ld x, ld) { return std::expm1(x); }
  static ld d1(ld x, ld) { return std::exp(x); }
  static ld d2(ld x, ld) { return std::exp(x); }
  static Points points() { return unary_points(sweep(-20, 20, 25, {1e-10, -1e-10, 1e-5, -3e-7, 0.3})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(log,
  template <class J> static J f(J const& u, J const&) { return log(u); }
  static ld ref(ld x, ld) { return std::log(x); }
  static ld d1(ld x, ld) { return 1 / x; }
  static ld d2(ld x, ld) { return -1 / (x * x); }
  static Points points() {
    return unary_points(sweep(0.01, 100, 25, {1e-12, 1e-6, 1 - 0x1p-20, 1 + 0x1p-20, 1e15}));
  }
  static ld len(ld x, ld) { return x; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(log2,
  template <class J> static J f(J const& u, J const&) { return log2(u); }
  static ld ref(ld x, ld) { return std::log2(x); }
  static ld d1(ld x, ld) { return 1 / (x * ln2); }
  static ld d2(ld x, ld) { return -1 / (x * x * ln2); }
  static Points points() {
    return unary_points(sweep(0.01, 100, 25, {1e-12, 1e-6, 1 - 0x1p-20, 1 + 0x1p-20, 1e15}));
  }
  static ld len(ld x, ld) { return x; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(log10,
  template <class J> static J f(J const& u, J const&) { return log10(u); }
  static ld ref(ld x, ld) { return std::log10(x); }
  static ld d1(ld x, ld) { return 1 / (x * ln10); }
  static ld d2(ld x, ld) { return -1 / (x * x * ln10); }
  static Points points() {
    return unary_points(sweep(0.01, 100, 25, {1e-12, 1e-6, 1 - 0x1p-20, 1 + 0x1p-20, 1e15}));
  }
  static ld len(ld x, ld) { return x; }
  template <class T> static Tol tol() { return {2, 2, 3}; })

TD_UNARY_CASE(log1p,
  template <class J> static J f(J const& u, J const&) { return log1p(u); }
  static ld ref(ld x, ld) { return std::log1p(x); }
  static ld d1(ld x, ld) { return 1 / (1 + x); }
  static ld d2(ld x, ld) { return -1 / ((1 + x) * (1 + x)); }
  static Points points() {
    return unary_points(sweep(-0.99, 50, 25, {-1 + 1e-6, 1e-10, -1e-10, 1e-5, 1e10}));
  }
  static ld len(ld x, ld) { return 1 + x; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

// ---- roots ----------------------------------------------------------------------------------

TD_UNARY_CASE(sqrt,
  template <class J> static J f(J const& u, J const&) { return sqrt(u); }
  static ld ref(ld x, ld) { return std::sqrt(x); }
  static ld d1(ld x, ld) { return 1 / (2 * std::sqrt(x)); }
  static ld d2(ld x, ld) { return -1 / (4 * x * std::sqrt(x)); }
  static Points points() { return unary_points(sweep(0.01, 100, 25, {1e-12, 1e-6, 0.3, 1e12})); }
  static ld len(ld x, ld) { return x; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(cbrt,
  template <class J> static J f(J const& u, J const&) { return cbrt(u); }
  static ld ref(ld x, ld) { return std::cbrt(x); }
  static ld d1(ld x, ld) { ld c = std::cbrt(x); return 1 / (3 * c * c); }
  static ld d2(ld x, ld) { ld c = std::cbrt(x); return -2 / (9 * x * c * c); }
  static Points points() {
    return unary_points(sweep(-50, 50, 24, {1e-12, -1e-12, 1e-6, -1e-6, 1e12, 0.3}));
  }
  static ld len(ld x, ld) { return std::fabs(x); }
  template <class T> static Tol tol() { return {2, 4, 4}; })

// ---- trigonometric --------------------------------------------------------------------------

TD_UNARY_CASE(sin,
  template <class J> static J f(J const& u, J const&) { return sin(u); }
  static ld ref(ld x, ld) { return std::sin(x); }
  static ld d1(ld x, ld) { return std::cos(x); }
  static ld d2(ld x, ld) { return -std::sin(x); }
  static Points points() { return unary_points(sweep(-10, 10, 25, {3.14159265358979, 1.5707963267949, 100, 1e-8})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(cos,
  template <class J> static J f(J const& u, J const&) { return cos(u); }
  static ld ref(ld x, ld) { return std::cos(x); }
  static ld d1(ld x, ld) { return -std::sin(x); }
  static ld d2(ld x, ld) { return -std::cos(x); }
  static Points points() { return unary_points(sweep(-10, 10, 25, {3.14159265358979, 1.5707963267949, 100, 1e-8})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(tan,
  template <class J> static J f(J const& u, J const&) { return tan(u); }
  static ld ref(ld x, ld) { return std::tan(x); }
  static ld d1(ld x, ld) { ld c = std::cos(x); return 1 / (c * c); }
  static ld d2(ld x, ld) { ld c = std::cos(x); return 2 * std::sin(x) / (c * c * c); }
  static Points points() { return unary_points(sweep(-1.5, 1.5, 25, {1.57, -1.57, 3, 10, 1e-8})); }
  static ld len(ld x, ld) {  // distance to the nearest pole pi/2 + k pi
    ld k = std::round((x - pi / 2) / pi);
    return std::min<ld>(1, std::fabs(x - (pi / 2 + k * pi)));
  }
  template <class T> static Tol tol() { return {2, 3, 4}; })

TD_UNARY_CASE(asin,
  template <class J> static J f(J const& u, J const&) { return asin(u); }
  static ld ref(ld x, ld) { return std::asin(x); }
  static ld d1(ld x, ld) { return 1 / std::sqrt((1 - x) * (1 + x)); }
  static ld d2(ld x, ld) { ld q = (1 - x) * (1 + x); return x / (q * std::sqrt(q)); }
  static Points points() {
    return unary_points(sweep(-0.99, 0.99, 25, {1 - 1e-6, -1 + 1e-6, 1 - 1e-3, -1 + 1e-3, 1e-8}));
  }
  static ld len(ld x, ld) { return std::min<ld>(1 - std::fabs(x), 1); }
  template <class T> static Tol tol() { return {2, 2, 4}; })

TD_UNARY_CASE(acos,
  template <class J> static J f(J const& u, J const&) { return acos(u); }
  static ld ref(ld x, ld) { return std::acos(x); }
  static ld d1(ld x, ld) { return -1 / std::sqrt((1 - x) * (1 + x)); }
  static ld d2(ld x, ld) { ld q = (1 - x) * (1 + x); return -x / (q * std::sqrt(q)); }
  static Points points() {
    return unary_points(sweep(-0.99, 0.99, 25, {1 - 1e-6, -1 + 1e-6, 1 - 1e-3, -1 + 1e-3, 1e-8}));
  }
  static ld len(ld x, ld) { return std::min<ld>(1 - std::fabs(x), 1); }
  template <class T> static Tol tol() { return {2, 2, 4}; })

TD_UNARY_CASE(atan,
  template <class J> static J f(J const& u, J const&) { return atan(u); }
  static ld ref(ld x, ld) { return std::atan(x); }
  static ld d1(ld x, ld) { return 1 / (1 + x * x); }
  static ld d2(ld x, ld) { ld q = 1 + x * x; return -2 * x / (q * q); }
  static Points points() { return unary_points(sweep(-20, 20, 25, {1e5, -1e5, 1e-8, 0.3})); }
  static ld len(ld x, ld) { return std::max<ld>(1, std::fabs(x)); }
  template <class T> static Tol tol() { return {2, 2, 3}; })

// ---- hyperbolic -----------------------------------------------------------------------------

TD_UNARY_CASE(sinh,
  template <class J> static J f(J const& u, J const&) { return sinh(u); }
  static ld ref(ld x, ld) { return std::sinh(x); }
  static ld d1(ld x, ld) { return std::cosh(x); }
  static ld d2(ld x, ld) { return std::sinh(x); }
  static Points points() { return unary_points(sweep(-80, 80, 25, {1e-8, -1e-8, 0.3, 0.7})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

TD_UNARY_CASE(cosh,
  template <class J> static J f(J const& u, J const&) { return cosh(u); }
  static ld ref(ld x, ld) { return std::cosh(x); }
  static ld d1(ld x, ld) { return std::sinh(x); }
  static ld d2(ld x, ld) { return std::cosh(x); }
  static Points points() { return unary_points(sweep(-80, 80, 25, {1e-8, -1e-8, 0.3, 0.7})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2}; })

// 1 - t^2 cancels once |t| rounds to 1 (|x| > 9 in float, 19 in double): there d1 and d2 are
// below eps and only an absolute bound (floor 1) holds.
TD_UNARY_CASE(tanh,
  template <class J> static J f(J const& u, J const&) { return tanh(u); }
  static ld ref(ld x, ld) { return std::tanh(x); }
  static ld d1(ld x, ld) { ld c = std::cosh(x); return 1 / (c * c); }
  static ld d2(ld x, ld) { ld c = std::cosh(x); return -2 * std::tanh(x) / (c * c); }
  static Points points() { return unary_points(sweep(-30, 30, 25, {1e-8, -1e-8, 0.3, 0.7, 800, -800})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 2, 0, 1, 1}; })

TD_UNARY_CASE(asinh,
  template <class J> static J f(J const& u, J const&) { return asinh(u); }
  static ld ref(ld x, ld) { return std::asinh(x); }
  static ld d1(ld x, ld) { return 1 / std::sqrt(1 + x * x); }
  static ld d2(ld x, ld) { ld q = 1 + x * x; return -x / (q * std::sqrt(q)); }
  static Points points() { return unary_points(sweep(-50, 50, 24, {1e-8, -1e-8, 1e5, 0.3})); }
  static ld len(ld x, ld) { return std::max<ld>(1, std::fabs(x)); }
  template <class T> static Tol tol() { return {2, 2, 4}; })

TD_UNARY_CASE(acosh,
  template <class J> static J f(J const& u, J const&) { return acosh(u); }
  static ld ref(ld x, ld) { return std::acosh(x); }
  static ld d1(ld x, ld) { return 1 / std::sqrt((x - 1) * (x + 1)); }
  static ld d2(ld x, ld) { ld q = (x - 1) * (x + 1); return -x / (q * std::sqrt(q)); }
  static Points points() { return unary_points(sweep(1.01, 50, 25, {1 + 1e-6, 1 + 1e-3, 1e5})); }
  static ld len(ld x, ld) { return std::min<ld>(x - 1, x); }
  template <class T> static Tol tol() { return {2, 2, 4}; })

TD_UNARY_CASE(atanh,
  template <class J> static J f(J const& u, J const&) { return atanh(u); }
  static ld ref(ld x, ld) { return std::atanh(x); }
  static ld d1(ld x, ld) { return 1 / ((1 - x) * (1 + x)); }
  static ld d2(ld x, ld) { ld q = (1 - x) * (1 + x); return 2 * x / (q * q); }
  static Points points() {
    return unary_points(sweep(-0.99, 0.99, 25, {1 - 1e-6, -1 + 1e-6, 1 - 1e-3, 1e-8}));
  }
  static ld len(ld x, ld) { return std::min<ld>(1 - std::fabs(x), 1); }
  template <class T> static Tol tol() { return {2, 2, 3}; })

// ---- special functions ----------------------------------------------------------------------

TD_UNARY_CASE(erf,
  template <class J> static J f(J const& u, J const&) { return erf(u); }
  static ld ref(ld x, ld) { return std::erf(x); }
  static ld d1(ld x, ld) { return two_over_sqrtpi * std::exp(-x * x); }
  static ld d2(ld x, ld) { return -2 * x * two_over_sqrtpi * std::exp(-x * x); }
  static Points points() { return unary_points(sweep(-5, 5, 24, {1e-8, -1e-8, 0.3, 0.5})); }
  static ld len(ld, ld) { return 0.5; }
  // d1, d2: e^(-x^2) is computed from the rounded x*x, so the error grows as ~2 x^2 eps
  // (4.3 eps at |x| = 5). xsimd 8.1's double erf is ~11 eps (its 2/sqrt(pi) is short).
  template <class T> static Tol tol() { return {bat<T> && !f32<T> ? 16.0L : 2.0L, 8, 8}; })

TD_UNARY_CASE(erfc,
  template <class J> static J f(J const& u, J const&) { return erfc(u); }
  static ld ref(ld x, ld) { return std::erfc(x); }
  static ld d1(ld x, ld) { return -two_over_sqrtpi * std::exp(-x * x); }
  static ld d2(ld x, ld) { return 2 * x * two_over_sqrtpi * std::exp(-x * x); }
  static Points points() { return unary_points(sweep(-5, 9, 25, {1e-8, -1e-8, 0.3, 0.5})); }
  static ld len(ld, ld) { return 0.25; }
  // d1, d2: ~2 x^2 eps as for erf (26 eps at x = 9 in float, 17 at x = 7.8 in double).
  // Value: xsimd 8.1's erfc is poor in the tail: 27 eps in float, and 53,000 eps (1.2e-11
  // relative) in double for x in [2.5, 9]; glibc's (scalar) is within 1 eps.
  template <class T> static Tol tol() {
    ld const d = f32<T> ? 48 : 32;
    return {!bat<T> ? 2.0L : f32<T> ? 48.0L : 1e5L, d, d};
  })

// s(1 - s) cancels once s rounds to 1 (x > 17 in float, 37 in double): floor 1 there.
TD_UNARY_CASE(sigmoid,
  template <class J> static J f(J const& u, J const&) { return sigmoid(u); }
  static ld ref(ld x, ld) { return 1 / (1 + std::exp(-x)); }
  static ld d1(ld x, ld) { ld e = std::exp(-x); return e / ((1 + e) * (1 + e)); }
  static ld d2(ld x, ld) { return -d1(x, 0) * std::tanh(x / 2); }
  static Points points() { return unary_points(sweep(-40, 40, 25, {0, 1e-8, -1e-8, 0.3})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 3, 8, 0, 0.25, 0.1}; })

TD_UNARY_CASE(softplus,
  template <class J> static J f(J const& u, J const&) { return softplus(u); }
  static ld ref(ld x, ld) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
  static ld d1(ld x, ld) { return 1 / (1 + std::exp(-x)); }
  static ld d2(ld x, ld) { ld e = std::exp(-x); return e / ((1 + e) * (1 + e)); }
  static Points points() { return unary_points(sweep(-40, 40, 25, {0, 1e-8, -1e-8, 0.3})); }
  static ld len(ld, ld) { return 1; }
  template <class T> static Tol tol() { return {2, 2, 3, 0, 0, 0.25}; })

TD_UNARY_CASE(abs,
  template <class J> static J f(J const& u, J const&) { return abs(u); }
  static ld ref(ld x, ld) { return std::fabs(x); }
  static ld d1(ld x, ld) { return x < 0 ? -1 : 1; }
  static ld d2(ld, ld) { return 0; }
  static Points points() { return unary_points(sweep(-10, 10, 24, {1e-8, -1e-8, 0.3})); }
  static ld len(ld x, ld) { return std::min<ld>(1, std::fabs(x)); }
  template <class T> static Tol tol() { return {0, 0, 0}; })

#undef TD_UNARY_CASE

// ---- powers ---------------------------------------------------------------------------------

/// u^N with an integer exponent given as int (AsDouble = false) or as the double N.0.
template <int N, bool AsDouble>
struct pow_int_case {
  static constexpr char const* name = AsDouble ? "pow(x, double n)" : "pow(x, int n)";
  static constexpr double du = 1, dv = 0;
  template <class J>
  static J f(J const& u, J const&) {
    if constexpr (AsDouble) return pow(u, static_cast<double>(N));
    else return pow(u, N);
  }
  static ld p(ld x, int n) { return std::pow(x, static_cast<ld>(n)); }
  static ld ref(ld x, ld) { return p(x, N); }
  static ld d1(ld x, ld) { return N * p(x, N - 1); }
  static ld d2(ld x, ld) { return ld(N) * (N - 1) * p(x, N - 2); }
  static Points points() { return unary_points(sweep(-5, 5, 24, {1e-3, -1e-3, 0.3})); }
  static ld len(ld x, ld) { return std::min<ld>(1, std::fabs(x)); }
  template <class T> static Tol tol() { return {2, 2, 3}; }
};

/// u^c with c = Num/Den not an integer: u > 0.
template <int Num, int Den>
struct pow_real_case {
  static constexpr char const* name = "pow(x, real c)";
  static constexpr double du = 1, dv = 0;
  static constexpr double c = static_cast<double>(Num) / Den;
  template <class J>
  static J f(J const& u, J const&) { return pow(u, c); }
  static ld ref(ld x, ld) { return std::pow(x, static_cast<ld>(c)); }
  static ld d1(ld x, ld) { return c * std::pow(x, static_cast<ld>(c) - 1); }
  static ld d2(ld x, ld) { return c * (c - 1) * std::pow(x, static_cast<ld>(c) - 2); }
  static Points points() { return unary_points(sweep(0.01, 50, 24, {1e-6, 1, 0.3, 1e6})); }
  static ld len(ld x, ld) { return x; }
  // xsimd's pow (batches) is less accurate than glibc's: up to ~9 eps over this sweep
  template <class T> static Tol tol() { return bat<T> ? Tol{12, 12, 12} : Tol{4, 6, 8}; }
};

/// b^u for a constant base b = Num/Den > 0.
template <int Num, int Den>
struct real_pow_case {
  static constexpr char const* name = "pow(real b, x)";
  static constexpr double du = 1, dv = 0;
  static constexpr double b = static_cast<double>(Num) / Den;
  template <class J>
  static J f(J const& u, J const&) { return pow(b, u); }
  static ld ref(ld x, ld) { return std::pow(static_cast<ld>(b), x); }
  static ld d1(ld x, ld) { return std::log(static_cast<ld>(b)) * ref(x, 0); }
  static ld d2(ld x, ld) { ld l = std::log(static_cast<ld>(b)); return l * l * ref(x, 0); }
  static Points points() { return unary_points(sweep(-20, 20, 25, {1e-8, 0.3})); }
  static ld len(ld, ld) { return 1; }
  // xsimd's pow error grows with |x log b| (36 eps for 10^20 in double, 22 in float)
  template <class T> static Tol tol() { return bat<T> ? Tol{48, 48, 48} : Tol{2, 2, 3}; }
};

/// u^v for two jets along (du, dv) = (1, 0.75): log g = v log u.
struct pow_jet_case {
  static constexpr char const* name = "pow(x, y)";
  static constexpr double du = 1, dv = 0.75;
  template <class J>
  static J f(J const& u, J const& v) { return pow(u, v); }
  static ld ref(ld a, ld b) { return std::pow(a, b); }
  static ld l1(ld a, ld b) { return dv * std::log(a) + b * du / a; }
  static ld l2(ld a, ld b) { return 2 * dv * du / a - b * du * du / (a * a); }
  static ld d1(ld a, ld b) { return ref(a, b) * l1(a, b); }
  static ld d2(ld a, ld b) { ld q = l1(a, b); return ref(a, b) * (q * q + l2(a, b)); }
  static std::array<ld, 3> floors(ld a, ld b) {  // sizes of the terms of d1, d2
    ld p = ref(a, b), t1 = std::fabs(dv * std::log(a)) + std::fabs(b * du / a);
    return {0, p * t1, p * (t1 * t1 + 2 * std::fabs(dv * du / a) + std::fabs(b) * du * du / (a * a))};
  }
  static Points points() {
    Points p;
    for (double a : sweep(0.05, 10, 7, {0.5, 1}))
      for (double b : sweep(-3, 3, 5)) p.push_back({a, b});
    return p;
  }
  static ld len(ld a, ld) { return std::min<ld>(a, 1); }
  template <class T> static Tol tol() { return bat<T> ? Tol{6, 6, 8} : Tol{2, 2, 2}; }
};

// ---- binary functions of two moving arguments --------------------------------------------

/// Points on circles of radius 0.5, 3 and 1e3 around the origin, every quadrant, never on
/// the negative x axis (the branch cut of atan2).
inline Points circle_points() {
  Points p;
  for (double r : {0.5, 3.0, 1e3})
    for (double th : sweep(-3.0, 3.0, 13)) p.push_back({r * std::sin(th), r * std::cos(th)});
  return p;
}

/// atan2(y, x) with (y, x) moving along (1, -0.6).
struct atan2_case {
  static constexpr char const* name = "atan2";
  static constexpr double du = 1, dv = -0.6;
  template <class J>
  static J f(J const& u, J const& v) { return atan2(u, v); }
  static ld ref(ld y, ld x) { return std::atan2(y, x); }
  static ld d1(ld y, ld x) { ld r2 = x * x + y * y; return (x * du - y * dv) / r2; }
  static ld d2(ld y, ld x) {
    ld r4 = (x * x + y * y) * (x * x + y * y);
    return (-2 * x * y * du * du + 2 * (y * y - x * x) * du * dv + 2 * x * y * dv * dv) / r4;
  }
  static std::array<ld, 3> floors(ld y, ld x) {  // sizes of the terms of d1, d2
    ld r2 = x * x + y * y, xy = std::fabs(x * y), a = std::fabs(du), b = std::fabs(dv);
    return {0, (std::fabs(x) * a + std::fabs(y) * b) / r2,
            (2 * xy * a * a + 2 * (x * x + y * y) * a * b + 2 * xy * b * b) / (r2 * r2)};
  }
  static Points points() { return circle_points(); }
  static ld len(ld y, ld x) { return std::hypot(x, y) / 2; }
  template <class T> static Tol tol() { return {2, 2, 3}; }
};

/// hypot(u, v) with (u, v) moving along (1, -0.6).
struct hypot_case {
  static constexpr char const* name = "hypot";
  static constexpr double du = 1, dv = -0.6;
  template <class J>
  static J f(J const& u, J const& v) { return hypot(u, v); }
  static ld ref(ld a, ld b) { return std::hypot(a, b); }
  static ld d1(ld a, ld b) { return (a * du + b * dv) / ref(a, b); }
  static ld d2(ld a, ld b) {
    ld h = ref(a, b);
    return (b * b * du * du - 2 * a * b * du * dv + a * a * dv * dv) / (h * h * h);
  }
  static std::array<ld, 3> floors(ld u, ld v) {  // sizes of the terms of d1, d2
    ld h = ref(u, v), a = std::fabs(du), b = std::fabs(dv);
    return {0, (std::fabs(u) * a + std::fabs(v) * b) / h,
            (v * v * a * a + 2 * std::fabs(u * v) * a * b + u * u * b * b) / (h * h * h)};
  }
  static Points points() { return circle_points(); }
  static ld len(ld a, ld b) { return std::hypot(a, b) / 2; }
  template <class T> static Tol tol() { return {2, 2, 4}; }
};

/// min / max / fmin / fmax: the result is one argument's jet, bit for bit (tol 0).
template <int Which>
struct minmax_case {
  static constexpr char const* name = Which == 0 ? "min" : Which == 1 ? "max" : Which == 2 ? "fmin" : "fmax";
  static constexpr double du = 1, dv = -0.5;
  template <class J>
  static J f(J const& u, J const& v) {
    if constexpr (Which == 0) return min(u, v);
    else if constexpr (Which == 1) return max(u, v);
    else if constexpr (Which == 2) return fmin(u, v);
    else return fmax(u, v);
  }
  static bool first(ld a, ld b) { return (Which == 0 || Which == 2) ? a <= b : a >= b; }
  static ld ref(ld a, ld b) { return first(a, b) ? a : b; }
  static ld d1(ld a, ld b) { return first(a, b) ? du : dv; }
  static ld d2(ld, ld) { return 0; }
  static Points points() {
    Points p;
    for (double a : sweep(-3, 3, 6))
      for (double b : sweep(-2.5, 2.5, 5)) p.push_back({a, b});
    return p;
  }
  static ld len(ld a, ld b) { return std::min<ld>(1, std::fabs(a - b) / 2); }
  template <class T> static Tol tol() { return {0, 0, 0}; }
};

// clang-format on

}  // namespace tdtest::rules
