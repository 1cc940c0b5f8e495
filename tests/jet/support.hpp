// tests/jet/support.hpp -- helpers shared by the jet tests: lanes, tolerances, references.
//
// Tolerances are stated in multiples of the machine epsilon of the lane type (eps = 2^-52 for
// double, 2^-23 for float) and checked as a relative error with an optional absolute floor:
//     |actual - expected| <= tol * eps * max(|expected|, floor)
// The floor is the natural magnitude of the quantity (used where the exact result passes
// through zero, e.g. sin at pi, and only an absolute bound is meaningful there).
// References are computed in long double from the SAME input, already rounded to T.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "taylordiag/detail/simd.hpp"

namespace tdtest {

using ld = long double;
namespace td = taylordiag;
template <class T>
using scalar_t = td::detail::scalar_t<T>;
template <class T>
inline constexpr std::size_t lanes_v = td::detail::lanes_v<T>;

/// Lane l of a scalar (l ignored) or a batch.
template <class T>
scalar_t<T> lane(T const& v, std::size_t l) {
  if constexpr (td::detail::is_batch_v<T>) {
    alignas(64) scalar_t<T> buf[lanes_v<T>];
    v.store_unaligned(buf);
    return buf[l];
  } else {
    (void)l;
    return v;
  }
}

/// A T whose lane l holds p[l] (p has at least lanes_v<T> entries).
template <class T>
T from_lanes(scalar_t<T> const* p) {
  if constexpr (td::detail::is_batch_v<T>) {
    return T::load_unaligned(p);
  } else {
    return p[0];
  }
}

template <class S>
constexpr ld eps() {
  return static_cast<ld>(std::numeric_limits<S>::epsilon());
}

/// Error of `a` relative to `e`, in units of eps<S>, with an absolute floor on the scale.
/// NaN when exactly one of them is NaN; 0 when both are NaN or both the same infinity.
template <class S>
ld err_eps(S a, ld e, ld floor = 0) {
  bool an = std::isnan(a), en = std::isnan(e);
  if (an || en) return an && en ? 0 : std::numeric_limits<ld>::quiet_NaN();
  if (std::isinf(a) || std::isinf(e))
    return static_cast<ld>(a) == e ? 0 : std::numeric_limits<ld>::infinity();
  ld scale = std::max(std::fabs(e), floor);
  ld d = std::fabs(static_cast<ld>(a) - e);
  if (d == 0) return 0;
  if (scale == 0) return std::numeric_limits<ld>::infinity();
  return d / scale / eps<S>();
}

/// EXPECT that a is within tol eps of e (relative, with floor).
template <class S>
::testing::AssertionResult close_eps(S a, ld e, ld tol, ld floor = 0) {
  ld err = err_eps(a, e, floor);
  if (err <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << static_cast<double>(a) << ", want " << static_cast<double>(e) << ": error "
         << static_cast<double>(err) << " eps > " << static_cast<double>(tol) << " eps (floor "
         << static_cast<double>(floor) << ")";
}

/// EXPECT that a is within rel (relative, with floor) of e; for finite-difference references.
template <class S>
::testing::AssertionResult close_rel(S a, ld e, ld rel, ld floor = 0) {
  ld err = err_eps(a, e, floor) * eps<S>();
  if (err <= rel) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << static_cast<double>(a) << ", want " << static_cast<double>(e)
         << ": relative error " << static_cast<double>(err) << " > " << static_cast<double>(rel);
}

/// Bitwise-equal scalars (NaN equals NaN): the check for exact results.
template <class S>
bool same(S a, S b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// First and second derivative of g at x by central differences in long double, with one
/// Richardson step (truncation O(h^4)). h must keep x +- h inside the domain. Entries 2 and 3
/// bound the rounding error of the two estimates (a few long double ulp of g, over h, h^2).
template <class G>
std::array<ld, 4> central_fd(G const& g, ld x, ld h) {
  ld const f0 = g(x);
  ld big = std::fabs(f0);
  auto d = [&](ld hh) {
    ld fp = g(x + hh), fm = g(x - hh);
    big = std::max({big, std::fabs(fp), std::fabs(fm)});
    return std::array<ld, 2>{(fp - fm) / (2 * hh), (fp - 2 * f0 + fm) / (hh * hh)};
  };
  auto a = d(h), b = d(h / 2);
  ld const r = 16 * eps<ld>() * big;
  return {(4 * b[0] - a[0]) / 3, (4 * b[1] - a[1]) / 3, r / h, 16 * r / (h * h)};
}

/// n points spread over [lo, hi] (both included), plus the extra points given.
inline std::vector<double> sweep(double lo, double hi, int n, std::vector<double> extra = {}) {
  std::vector<double> p;
  for (int i = 0; i < n; ++i) p.push_back(lo + (hi - lo) * i / (n - 1));
  p.insert(p.end(), extra.begin(), extra.end());
  return p;
}

}  // namespace tdtest
