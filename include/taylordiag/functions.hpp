// taylordiag/functions.hpp -- arithmetic, comparisons and elementary functions for every jet.
//
// Written once for all three representations (Jet, MultiJet, CollapsedJet): linear
// operations act on the flat coefficient array; products, quotients and the elementary
// functions call the representation's mul / div / chain / chain2, fed by the rows of
// rules.hpp. Jets mix with arithmetic constants and with their value type T on either side.
// Comparisons compare values and give bool (scalar T) or a per-lane mask (batch T); `select`
// picks whole jets lane by lane, so branch-free user code is exact for every point.
//
// User functions are written once, generically:
//     auto f = [](auto const& x) { using std::log; return log(x[0] * x[0] + x[1] * x[1]); };
// `using std::log;` lets the same f run on plain doubles; jets find taylordiag::log by ADL.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "taylordiag/detail/simd.hpp"
#include "taylordiag/rules.hpp"

namespace taylordiag {

/// Any taylordiag jet (Jet, MultiJet, CollapsedJet).
template <class J>
concept jet_type = requires {
  requires std::remove_cvref_t<J>::is_taylordiag_jet;
};

/// A constant that mixes with jets over T: an arithmetic value or a T.
template <class U, class T>
concept constant_for = std::is_arithmetic_v<U> || std::is_same_v<U, T>;

namespace detail {
template <class J>
inline constexpr bool higher_order_v = [] {
  if constexpr (requires { J::order; })
    return J::order > 2;
  else
    return false;
}();

template <class J>
using value_of = typename J::value_type;

/// phi(u) for a unary row R.
template <class R, class J>
inline J unary(J const& u) {
  if constexpr (higher_order_v<J>) {
    return J::integrate(R::eval(u.c[0]).f0, R::prime(u.truncated()), u);
  } else {
    return J::template chain<R::singular>(u, R::eval(u.c[0]));
  }
}
}  // namespace detail

// ---- linear operations: coefficient by coefficient -------------------------------------

template <jet_type J>
inline J operator+(J const& u) {
  return u;
}
// IEEE negation of every coefficient: detail::neg, not unary minus on a batch (+0 for -(+0)
// on xsimd 8.1's AVX-512). u - v and s - u stay subtractions: +0 - +0 = +0.
template <jet_type J>
inline J operator-(J const& u) {
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = detail::neg(u.c[i]);
  return y;
}
template <jet_type J>
inline J operator+(J const& u, J const& v) {
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = u.c[i] + v.c[i];
  return y;
}
template <jet_type J>
inline J operator-(J const& u, J const& v) {
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = u.c[i] - v.c[i];
  return y;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator+(J u, U const& s) {
  u.c[0] = u.c[0] + detail::lift<detail::value_of<J>>(s);
  return u;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator+(U const& s, J u) {
  u.c[0] = detail::lift<detail::value_of<J>>(s) + u.c[0];
  return u;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator-(J u, U const& s) {
  u.c[0] = u.c[0] - detail::lift<detail::value_of<J>>(s);
  return u;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator-(U const& s, J const& u) {
  J y = -u;
  y.c[0] = detail::lift<detail::value_of<J>>(s) - u.c[0];
  return y;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator*(J const& u, U const& s) {
  auto const t = detail::lift<detail::value_of<J>>(s);
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = u.c[i] * t;
  return y;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator*(U const& s, J const& u) {
  return u * s;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator/(J const& u, U const& s) {
  auto const t = detail::lift<detail::value_of<J>>(s);
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = u.c[i] / t;
  return y;
}

// ---- products and quotients -----------------------------------------------------------

// (u + h u')(v + h v') = uv + h (u'v + uv') + ...
template <jet_type J>
inline J operator*(J const& u, J const& v) {
  return J::mul(u, v);
}
// u/v, with q = u/v:  q' = (u' - q v')/v
template <jet_type J>
inline J operator/(J const& u, J const& v) {
  return J::div(u, v);
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J operator/(U const& s, J const& v) {
  return J::div(J(s), v);
}

template <jet_type J, class U>
requires jet_type<U> || constant_for<U, detail::value_of<J>>
inline J& operator+=(J& u, U const& v) {
  return u = u + v;
}
template <jet_type J, class U>
requires jet_type<U> || constant_for<U, detail::value_of<J>>
inline J& operator-=(J& u, U const& v) {
  return u = u - v;
}
template <jet_type J, class U>
requires jet_type<U> || constant_for<U, detail::value_of<J>>
inline J& operator*=(J& u, U const& v) {
  return u = u * v;
}
template <jet_type J, class U>
requires jet_type<U> || constant_for<U, detail::value_of<J>>
inline J& operator/=(J& u, U const& v) {
  return u = u / v;
}

// ---- comparisons (of values) and lane-wise selection ----------------------------------

#define TAYLORDIAG_COMPARISON(op)                            \
  template <jet_type J>                                      \
  inline auto operator op(J const& u, J const& v) {          \
    return u.c[0] op v.c[0];                                 \
  }                                                          \
  template <jet_type J, constant_for<detail::value_of<J>> U> \
  inline auto operator op(J const& u, U const& s) {          \
    return u.c[0] op detail::lift<detail::value_of<J>>(s);   \
  }                                                          \
  template <jet_type J, constant_for<detail::value_of<J>> U> \
  inline auto operator op(U const& s, J const& u) {          \
    return detail::lift<detail::value_of<J>>(s) op u.c[0];   \
  }
TAYLORDIAG_COMPARISON(<)
TAYLORDIAG_COMPARISON(<=)
TAYLORDIAG_COMPARISON(>)
TAYLORDIAG_COMPARISON(>=)
TAYLORDIAG_COMPARISON(==)
TAYLORDIAG_COMPARISON(!=)
#undef TAYLORDIAG_COMPARISON

/// c ? a : b, lane by lane, for plain values (scalars and batches).
template <detail::value_type T>
inline T select(detail::mask_t<T> const& c, T const& a, T const& b) {
  return detail::select(c, a, b);
}
/// c ? a : b, lane by lane, for whole jets (value and every derivative).
template <jet_type J>
inline J select(detail::mask_t<detail::value_of<J>> const& c, J const& a, J const& b) {
  J y;
  TAYLORDIAG_UNROLL
  for (std::size_t i = 0; i < J::size; ++i) y.c[i] = detail::select(c, a.c[i], b.c[i]);
  return y;
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J select(detail::mask_t<detail::value_of<J>> const& c, J const& a, U const& b) {
  return select(c, a, J(b));
}
template <jet_type J, constant_for<detail::value_of<J>> U>
inline J select(detail::mask_t<detail::value_of<J>> const& c, U const& a, J const& b) {
  return select(c, J(a), b);
}

// ---- elementary functions: one line each, rows in rules.hpp ---------------------------

#define TAYLORDIAG_UNARY(name)                   \
  template <jet_type J>                          \
  inline J name(J const& u) {                    \
    return detail::unary<rules::name##_rule>(u); \
  }
TAYLORDIAG_UNARY(exp)
TAYLORDIAG_UNARY(exp2)
TAYLORDIAG_UNARY(expm1)
TAYLORDIAG_UNARY(log)
TAYLORDIAG_UNARY(log2)
TAYLORDIAG_UNARY(log10)
TAYLORDIAG_UNARY(log1p)
TAYLORDIAG_UNARY(sqrt)
TAYLORDIAG_UNARY(cbrt)
TAYLORDIAG_UNARY(sin)
TAYLORDIAG_UNARY(cos)
TAYLORDIAG_UNARY(tan)
TAYLORDIAG_UNARY(asin)
TAYLORDIAG_UNARY(acos)
TAYLORDIAG_UNARY(atan)
TAYLORDIAG_UNARY(sinh)
TAYLORDIAG_UNARY(cosh)
TAYLORDIAG_UNARY(tanh)
TAYLORDIAG_UNARY(asinh)
TAYLORDIAG_UNARY(acosh)
TAYLORDIAG_UNARY(atanh)
TAYLORDIAG_UNARY(erf)
TAYLORDIAG_UNARY(erfc)
TAYLORDIAG_UNARY(sigmoid)
TAYLORDIAG_UNARY(softplus)
TAYLORDIAG_UNARY(abs)
#undef TAYLORDIAG_UNARY

template <jet_type J>
inline J fabs(J const& u) {
  return abs(u);
}

/// The logistic function 1/(1 + e^-x) for plain values, so user code runs on doubles too.
template <detail::value_type T>
inline T sigmoid(T const& x) {
  return rules::sigmoid_rule::value(x);
}
/// log(1 + e^x) for plain values, without overflow or cancellation.
template <detail::value_type T>
inline T softplus(T const& x) {
  return rules::softplus_rule::value(x);
}

// u^c for a constant exponent. An integer c (|c| <= 1024) is taken by repeated
// multiplication, which is exact in sign for u < 0 and exact at u = 0; any other c
// needs u >= 0.
template <jet_type J, class U>
requires std::is_arithmetic_v<U>
inline J pow(J const& u, U const& c) {
  using T = detail::value_of<J>;
  double const cd = static_cast<double>(c);
  bool const integral = std::is_integral_v<U> || (std::nearbyint(cd) == cd && std::abs(cd) <= 1024);
  if constexpr (detail::higher_order_v<J>) {
    auto const g = cd * pow(u.truncated(), cd - 1);
    T f0 = integral ? rules::ipow_rule::ipow(u.c[0], static_cast<int>(cd))
                    : rules::pow_rule::eval(u.c[0], cd).f0;
    return J::integrate(f0, g, u);
  } else {
    if (integral) {
      int const n = static_cast<int>(cd);
      if (n == 0) return J(1.0);
      if (n == 1) return u;
      if (n == 2) return u * u;
      return J::template chain<true>(u, rules::ipow_rule::eval(u.c[0], n));
    }
    return J::template chain<true>(u, rules::pow_rule::eval(u.c[0], cd));
  }
}

// b^u = e^(u log b) for a constant base b > 0.
template <jet_type J, class U>
requires std::is_arithmetic_v<U>
inline J pow(U const& b, J const& u) {
  if constexpr (detail::higher_order_v<J>) {
    auto const g = std::log(static_cast<double>(b)) * pow(b, u.truncated());
    return J::integrate(rules::scalar_pow_rule::eval(b, u.c[0]).f0, g, u);
  } else {
    return J::template chain<false>(u, rules::scalar_pow_rule::eval(b, u.c[0]));
  }
}

// u^v for two jets, as e^(v log u): needs u > 0.
template <jet_type J>
inline J pow(J const& u, J const& v) {
  if constexpr (detail::higher_order_v<J>) {
    J y = exp(v * log(u));
    y.c[0] = rules::pow2_rule::eval(u.c[0], v.c[0]).f;
    return y;
  } else {
    return J::template chain2<true>(u, v, rules::pow2_rule::eval(u.c[0], v.c[0]));
  }
}
template <jet_type J>
inline J pow(J const& u,
             detail::value_of<J> const& v) requires detail::is_batch_v<detail::value_of<J>> {
  return pow(u, J(v));
}

// atan2(y, x): the angle of (x, y); derivatives those of atan(y/x).
template <jet_type J>
inline J atan2(J const& y, J const& x) {
  if constexpr (detail::higher_order_v<J>) {
    using std::abs;
    auto const use_yx = abs(x.c[0]) >= abs(y.c[0]);
    J t = select(use_yx, atan(y / x), -atan(x / y));
    t.c[0] = rules::atan2_rule::eval(y.c[0], x.c[0]).f;
    return t;
  } else {
    return J::template chain2<true>(y, x, rules::atan2_rule::eval(y.c[0], x.c[0]));
  }
}

// hypot(u, v) = sqrt(u^2 + v^2) without overflow in the value.
template <jet_type J>
inline J hypot(J const& u, J const& v) {
  if constexpr (detail::higher_order_v<J>) {
    J h = sqrt(u * u + v * v);
    h.c[0] = rules::hypot_rule::eval(u.c[0], v.c[0]).f;
    return h;
  } else {
    return J::template chain2<true>(u, v, rules::hypot_rule::eval(u.c[0], v.c[0]));
  }
}

// min / max pick one argument lane by lane (ties take the first); fmin / fmax also ignore a
// NaN argument, as std::fmin does.
template <jet_type J>
inline J min(J const& u, J const& v) {
  return select(v.c[0] < u.c[0], v, u);
}
template <jet_type J>
inline J max(J const& u, J const& v) {
  return select(u.c[0] < v.c[0], v, u);
}
// (detail::is_nan, not u != u: on AVX/AVX-512 batches xsimd's != is ordered and missed NaN.)
template <jet_type J>
inline J fmin(J const& u, J const& v) {
  return select((v.c[0] < u.c[0]) || detail::is_nan(u.c[0]), v, u);
}
template <jet_type J>
inline J fmax(J const& u, J const& v) {
  return select((u.c[0] < v.c[0]) || detail::is_nan(u.c[0]), v, u);
}

// Mixed jet / constant forms of the binary functions.
#define TAYLORDIAG_MIXED(name)                               \
  template <jet_type J, constant_for<detail::value_of<J>> U> \
  inline J name(J const& u, U const& s) {                    \
    return name(u, J(s));                                    \
  }                                                          \
  template <jet_type J, constant_for<detail::value_of<J>> U> \
  inline J name(U const& s, J const& u) {                    \
    return name(J(s), u);                                    \
  }
TAYLORDIAG_MIXED(atan2)
TAYLORDIAG_MIXED(hypot)
TAYLORDIAG_MIXED(min)
TAYLORDIAG_MIXED(max)
TAYLORDIAG_MIXED(fmin)
TAYLORDIAG_MIXED(fmax)
#undef TAYLORDIAG_MIXED

}  // namespace taylordiag
