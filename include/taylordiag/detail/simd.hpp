// taylordiag/detail/simd.hpp -- one vocabulary for plain scalars and xsimd batches.
//
// Every jet is templated on a value type T that is either a floating-point scalar or an
// xsimd::batch (one lane per point). The traits and helpers below let the rules and the
// drivers be written once for both.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

/// Put before a loop over the coefficients or directions of a jet: unrolls it completely.
/// GCC's default limit on complete peeling (16 iterations) leaves MultiJet<T, 8> (17
/// coefficients) as an array in memory, every operation a load/store round trip; unrolled,
/// the coefficients live in registers (MultiJet<batch, 8> 2.3x faster on log sum x^2, n = 64).
#if defined(__clang__)
#define TAYLORDIAG_UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define TAYLORDIAG_UNROLL _Pragma("GCC unroll 128")
#else
#define TAYLORDIAG_UNROLL
#endif

namespace taylordiag::detail {

template <class T>
struct simd_traits {
  using scalar = T;
  using mask = bool;
  static constexpr std::size_t lanes = 1;
};

template <class T, class A>
struct simd_traits<xsimd::batch<T, A>> {
  using scalar = T;
  using mask = xsimd::batch_bool<T, A>;
  static constexpr std::size_t lanes = xsimd::batch<T, A>::size;
};

/// The floating-point type of one lane of T.
template <class T>
using scalar_t = typename simd_traits<T>::scalar;
/// What comparing two T gives: bool for scalars, a per-lane mask for batches.
template <class T>
using mask_t = typename simd_traits<T>::mask;
/// Number of points that one T carries.
template <class T>
inline constexpr std::size_t lanes_v = simd_traits<T>::lanes;

template <class T>
inline constexpr bool is_batch_v = false;
template <class T, class A>
inline constexpr bool is_batch_v<xsimd::batch<T, A>> = true;

/// A value type that jets may be built on.
template <class T>
concept value_type = std::is_floating_point_v<T> || is_batch_v<T>;

/// Lane-wise choice: c ? a : b.
template <class T>
requires std::is_floating_point_v<T>
inline T select(bool c, T a, T b) noexcept {
  return c ? a : b;
}
template <class T, class A>
inline xsimd::batch<T, A> select(xsimd::batch_bool<T, A> const& c, xsimd::batch<T, A> const& a,
                                 xsimd::batch<T, A> const& b) noexcept {
  return xsimd::select(c, a, b);
}

/// Lane-wise NaN test. Not `x != x`: xsimd 8.1 compares != ORDERED on AVX and AVX-512
/// (_CMP_NEQ_OQ, so NaN != NaN is false there) but unordered on SSE2.
template <class T>
requires std::is_floating_point_v<T>
inline bool is_nan(T x) noexcept {
  return std::isnan(x);
}
template <class T, class A>
inline xsimd::batch_bool<T, A> is_nan(xsimd::batch<T, A> const& x) noexcept {
  return xsimd::isnan(x);
}

inline bool any(bool c) noexcept {
  return c;
}
template <class T, class A>
inline bool any(xsimd::batch_bool<T, A> const& c) noexcept {
  return xsimd::any(c);
}

/// a*b + c, fused where the architecture has FMA (xsimd), fused by std::fma for scalars only
/// when the hardware has it; the result is never less accurate than a*b + c.
template <class T>
inline T fma(T const& a, T const& b, T const& c) noexcept {
  if constexpr (is_batch_v<T>) {
    return xsimd::fma(a, b, c);
  } else {
#if defined(FP_FAST_FMA) || defined(__FMA__)
    return std::fma(a, b, c);
#else
    return a * b + c;
#endif
  }
}

/// a * b, but exactly 0 where b == 0 even if a is infinite. Used by the rules whose
/// derivatives are infinite at a finite point (sqrt at 0): a direction that does not
/// move the argument must not see 0 * inf = NaN.
template <class T>
inline T zero_safe_mul(T const& a, T const& b) noexcept {
  return detail::select(b == T(0), T(0), a * b);
}

/// a * b, exactly 0 where a or b is 0 even if the other is infinite: the products of mul and
/// div once a value is infinite (exp(u) * v with exp(u) = inf and v not moving along a
/// direction: inf * 0 there is a zero term, not NaN).
template <class T>
inline T zero_safe_prod(T const& a, T const& b) noexcept {
  return detail::select((a == T(0)) | (b == T(0)), T(0), a * b);
}

/// The products of a propagation formula written once for both cases: plain (with FMA
/// contraction) while every value is finite, zero-safe once one is infinite.
template <bool ZeroSafe, class T>
inline T prod(T const& a, T const& b) noexcept {
  if constexpr (ZeroSafe)
    return zero_safe_prod(a, b);
  else
    return a * b;
}
template <bool ZeroSafe, class T>
inline T prod_add(T const& a, T const& b, T const& c) noexcept {
  if constexpr (ZeroSafe)
    return zero_safe_prod(a, b) + c;
  else
    return detail::fma(a, b, c);
}

/// True if one of the values is +-inf in some lane. A rule whose derivative overflowed (exp(u) at u
/// > 709, 1/u at u = 0) must then multiply zero-safely too, or a coefficient that is exactly 0 (a
/// linear argument's second coefficient, a direction that does not move it) gives inf * 0 =
/// NaN where the term is 0. One test per rule application keeps the finite case unchanged.
template <class T, class... U>
inline bool any_inf(T const& a, U const&... b) noexcept {
  if constexpr (is_batch_v<T>) {
    return xsimd::any((xsimd::isinf(a) | ... | xsimd::isinf(b)));
  } else {
    return (std::isinf(a) || ... || std::isinf(b));
  }
}

/// -x, the IEEE negation: only the sign bit flips (-(+0) = -0, -NaN is NaN), on scalars and on
/// every batch architecture. Every negation of a T in the jets, the rules and the tape
/// interpreter goes through here, never through unary minus on a batch: xsimd 8.1's AVX-512
/// kernel computes that as 0 - x, which is +0 for x = +0 (AVX2 and SSE2 flip the sign bit), so
/// atan2(-x, -1) at x = 0 was +pi and 1/(-x) was +inf on AVX-512 only.
template <class T>
inline T neg(T const& x) noexcept {
  if constexpr (is_batch_v<T>) {
    return xsimd::bitwise_xor(x, T(scalar_t<T>(-0.0)));
  } else {
    return -x;
  }
}

/// Broadcast an arithmetic constant (or a T) to T.
template <class T, class U>
inline T lift(U const& u) noexcept {
  if constexpr (std::is_same_v<U, T>) {
    return u;
  } else {
    return T(static_cast<scalar_t<T>>(u));
  }
}

}  // namespace taylordiag::detail
