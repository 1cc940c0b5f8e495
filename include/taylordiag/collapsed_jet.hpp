// taylordiag/collapsed_jet.hpp -- value, D first-order directions, ONE summed second order.
//
// CollapsedJet<T, D> is the Forward Laplacian / collapsed Taylor mode: instead of D second
// derivatives it carries their sum S = sum_r v_r^T H v_r, propagated as
//     S_y = phi' S_x + phi'' sum_r (x1_r)^2
// so a Laplacian costs D first-order coefficients plus one, not 2D. Seeding v_r = sqrt(a_r)
// e_i gives the weighted operator sum a_i d^2f/dx_i^2 for a_i >= 0 (the drivers split the
// signs). d1(r) is the first derivative along v_r (the gradient when v_r = e_i).
//
// **Example**:
//     taylordiag::CollapsedJet<double, 2> x = {1.0}, y = {2.0};
//     x.d1(0) = 1;  y.d1(1) = 1;
//     auto f = x * x - y * y;              // f.sum2() = 2 - 2 = 0: harmonic
#pragma once

#include <cstddef>

#include "taylordiag/functions.hpp"

namespace taylordiag {

template <class T, int D>
requires detail::value_type<T> &&(D >= 1) struct CollapsedJet {
  static constexpr bool is_taylordiag_jet = true;
  static constexpr std::size_t size = D + 2;
  static constexpr int directions = D;
  using value_type = T;

  T c[size];  // c[0] value, c[1..D] first derivatives, c[D+1] the summed second order

  constexpr CollapsedJet() : c{} {}
  template <class U>
  requires std::is_arithmetic_v<U> || std::is_same_v<U, T> CollapsedJet(U const& v)
      : c{} {  // NOLINT: implicit, so that constants mix with jets
    c[0] = detail::lift<T>(v);
  }

  T const& value() const { return c[0]; }
  T const& d1(int r) const { return c[1 + r]; }
  T& d1(int r) { return c[1 + r]; }
  /// sum_r v_r^T H v_r (the Laplacian when the v_r are the unit vectors).
  T const& sum2() const { return c[D + 1]; }
  T& sum2() { return c[D + 1]; }

  // uv:  S = S_u v0 + u0 S_v + 2 sum_r u1_r v1_r
  static CollapsedJet mul(CollapsedJet const& u, CollapsedJet const& v) {
    return detail::any_inf(u.c[0], v.c[0]) ? mul_<true>(u, v) : mul_<false>(u, v);
  }

  // q = u/v:  S_q = (S_u - 2 sum_r q1_r v1_r - q0 S_v)/v0
  static CollapsedJet div(CollapsedJet const& u, CollapsedJet const& v) {
    T const r = T(detail::scalar_t<T>(1)) / v.c[0];
    T const q0 = u.c[0] / v.c[0];
    return detail::any_inf(q0, r) ? div_<true>(u, v, q0, r) : div_<false>(u, v, q0, r);
  }

 private:
  // ZeroSafe once a value is infinite (detail::prod): a zero coefficient then stays a zero term.
  template <bool ZS>
  static CollapsedJet mul_(CollapsedJet const& u, CollapsedJet const& v) {
    using detail::prod, detail::prod_add;
    CollapsedJet y;
    T const u0 = u.c[0], v0 = v.c[0];
    y.c[0] = u0 * v0;
    T cross = prod<ZS>(u.d1(0), v.d1(0));
    y.d1(0) = prod_add<ZS>(u.d1(0), v0, prod<ZS>(u0, v.d1(0)));
    TAYLORDIAG_UNROLL
    for (int r = 1; r < D; ++r) {
      cross = prod_add<ZS>(u.d1(r), v.d1(r), cross);
      y.d1(r) = prod_add<ZS>(u.d1(r), v0, prod<ZS>(u0, v.d1(r)));
    }
    y.sum2() = prod_add<ZS>(u.sum2(), v0, prod_add<ZS>(u0, v.sum2(), cross + cross));
    return y;
  }

  template <bool ZS>
  static CollapsedJet div_(CollapsedJet const& u, CollapsedJet const& v, T const& q0, T const& r) {
    using detail::prod, detail::prod_add;
    CollapsedJet q;
    q.c[0] = q0;
    T cross = T(detail::scalar_t<T>(0));
    TAYLORDIAG_UNROLL
    for (int k = 0; k < D; ++k) {
      T q1 = prod<ZS>(u.d1(k) - prod<ZS>(q0, v.d1(k)), r);
      q.d1(k) = q1;
      cross = prod_add<ZS>(q1, v.d1(k), cross);
    }
    q.sum2() = prod<ZS>(u.sum2() - (cross + cross) - prod<ZS>(q0, v.sum2()), r);
    return q;
  }

 public:
  template <bool ZeroSafe>
  static CollapsedJet chain(CollapsedJet const& u, rules::triple<T> const& p) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.f1, p.f2)) return chain<true>(u, p);
    CollapsedJet y;
    y.c[0] = p.f0;
    T sq = T(detail::scalar_t<T>(0));
    TAYLORDIAG_UNROLL
    for (int r = 0; r < D; ++r) {
      T const x1 = u.d1(r);
      sq = detail::fma(x1, x1, sq);
      if constexpr (ZeroSafe)
        y.d1(r) = detail::zero_safe_mul(p.f1, x1);
      else
        y.d1(r) = p.f1 * x1;
    }
    if constexpr (ZeroSafe)
      y.sum2() = detail::zero_safe_mul(p.f1, u.sum2()) + detail::zero_safe_mul(p.f2, sq);
    else
      y.sum2() = detail::fma(p.f1, u.sum2(), p.f2 * sq);
    return y;
  }

  template <bool ZeroSafe>
  static CollapsedJet chain2(CollapsedJet const& u, CollapsedJet const& v,
                             rules::binary_row<T> const& p) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.fu, p.fv, p.fuu, p.fuv, p.fvv)) return chain2<true>(u, v, p);
    auto m = [](T const& a, T const& b) {
      if constexpr (ZeroSafe)
        return detail::zero_safe_mul(a, b);
      else
        return a * b;
    };
    T const zero = T(detail::scalar_t<T>(0));
    T uu = zero, uv = zero, vv = zero;
    CollapsedJet y;
    y.c[0] = p.f;
    TAYLORDIAG_UNROLL
    for (int r = 0; r < D; ++r) {
      T const a = u.d1(r), b = v.d1(r);
      uu = detail::fma(a, a, uu);
      uv = detail::fma(a, b, uv);
      vv = detail::fma(b, b, vv);
      y.d1(r) = m(p.fu, a) + m(p.fv, b);
    }
    y.sum2() = m(p.fu, u.sum2()) + m(p.fv, v.sum2()) + m(p.fuu, uu) +
               m(T(detail::scalar_t<T>(2)) * p.fuv, uv) + m(p.fvv, vv);
    return y;
  }
};

}  // namespace taylordiag
