// taylordiag/multi_jet.hpp -- shared-primal jet: one value, D directions of order two.
//
// MultiJet<T, D> pushes D directions v_1..v_D through f in one pass. The value is computed
// once per node; each elementary function evaluates (phi, phi', phi'') once and applies them
// to every direction with FMAs, which is what makes it faster than D univariate passes:
//     y = f,   y1_r = phi' x1_r,   y2_r = phi' x2_r + phi'' x1_r^2     (r = 1..D)
// Coefficients are derivatives (the convention of jet.hpp): with v_r = e_i, d1(r) = df/dx_i
// and d2(r) = d^2 f/dx_i^2. Nothing couples two directions, so no Hessian is ever formed.
//
// **Example**:
//     taylordiag::MultiJet<double, 2> x = {1.0}, y = {2.0};
//     x.d1(0) = 1;  y.d1(1) = 1;           // directions e_x and e_y
//     auto f = x * x * y;                  // f.d2(0) = 2y = 4, f.d2(1) = 0
#pragma once

#include <cstddef>

#include "taylordiag/functions.hpp"

namespace taylordiag {

template <class T, int D>
requires detail::value_type<T> &&(D >= 1) struct MultiJet {
  static constexpr bool is_taylordiag_jet = true;
  static constexpr std::size_t size = 1 + 2 * D;
  static constexpr int directions = D;
  using value_type = T;

  T c[size];  // c[0] value, c[1..D] first derivatives, c[D+1..2D] second derivatives

  constexpr MultiJet() : c{} {}
  template <class U>
  requires std::is_arithmetic_v<U> || std::is_same_v<U, T> MultiJet(U const& v)
      : c{} {  // NOLINT: implicit, so that constants mix with jets
    c[0] = detail::lift<T>(v);
  }

  T const& value() const { return c[0]; }
  T const& d1(int r) const { return c[1 + r]; }
  T& d1(int r) { return c[1 + r]; }
  T const& d2(int r) const { return c[1 + D + r]; }
  T& d2(int r) { return c[1 + D + r]; }

  // uv:  y1 = u1 v0 + u0 v1,  y2 = u2 v0 + 2 u1 v1 + u0 v2   (per direction)
  static MultiJet mul(MultiJet const& u, MultiJet const& v) {
    return detail::any_inf(u.c[0], v.c[0]) ? mul_<true>(u, v) : mul_<false>(u, v);
  }

  // q = u/v:  q1 = (u1 - q0 v1)/v0,  q2 = (u2 - 2 q1 v1 - q0 v2)/v0
  static MultiJet div(MultiJet const& u, MultiJet const& v) {
    T const r = T(detail::scalar_t<T>(1)) / v.c[0];
    T const q0 = u.c[0] / v.c[0];
    return detail::any_inf(q0, r) ? div_<true>(u, v, q0, r) : div_<false>(u, v, q0, r);
  }

 private:
  // ZeroSafe once a value is infinite (detail::prod): a zero coefficient then stays a zero term.
  template <bool ZS>
  static MultiJet mul_(MultiJet const& u, MultiJet const& v) {
    using detail::prod, detail::prod_add;
    MultiJet y;
    T const u0 = u.c[0], v0 = v.c[0];
    T const two = T(detail::scalar_t<T>(2));
    y.c[0] = u0 * v0;
    TAYLORDIAG_UNROLL
    for (int r = 0; r < D; ++r) {
      y.d1(r) = prod_add<ZS>(u.d1(r), v0, prod<ZS>(u0, v.d1(r)));
      y.d2(r) =
          prod_add<ZS>(u.d2(r), v0, prod_add<ZS>(two * u.d1(r), v.d1(r), prod<ZS>(u0, v.d2(r))));
    }
    return y;
  }

  template <bool ZS>
  static MultiJet div_(MultiJet const& u, MultiJet const& v, T const& q0, T const& r) {
    using detail::prod;
    MultiJet q;
    T const two = T(detail::scalar_t<T>(2));
    q.c[0] = q0;
    TAYLORDIAG_UNROLL
    for (int k = 0; k < D; ++k) {
      T q1 = prod<ZS>(u.d1(k) - prod<ZS>(q0, v.d1(k)), r);
      q.d1(k) = q1;
      q.d2(k) = prod<ZS>(u.d2(k) - prod<ZS>(two * q1, v.d1(k)) - prod<ZS>(q0, v.d2(k)), r);
    }
    return q;
  }

 public:
  template <bool ZeroSafe>
  static MultiJet chain(MultiJet const& u, rules::triple<T> const& p) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.f1, p.f2)) return chain<true>(u, p);
    MultiJet y;
    y.c[0] = p.f0;
    TAYLORDIAG_UNROLL
    for (int r = 0; r < D; ++r) {
      T const x1 = u.d1(r);
      if constexpr (ZeroSafe) {
        y.d1(r) = detail::zero_safe_mul(p.f1, x1);
        y.d2(r) = detail::zero_safe_mul(p.f1, u.d2(r)) + detail::zero_safe_mul(p.f2, x1 * x1);
      } else {
        y.d1(r) = p.f1 * x1;
        y.d2(r) = detail::fma(p.f1, u.d2(r), p.f2 * x1 * x1);
      }
    }
    return y;
  }

  template <bool ZeroSafe>
  static MultiJet chain2(MultiJet const& u, MultiJet const& v, rules::binary_row<T> const& p) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.fu, p.fv, p.fuu, p.fuv, p.fvv)) return chain2<true>(u, v, p);
    auto m = [](T const& a, T const& b) {
      if constexpr (ZeroSafe)
        return detail::zero_safe_mul(a, b);
      else
        return a * b;
    };
    T const two_fuv = T(detail::scalar_t<T>(2)) * p.fuv;
    MultiJet y;
    y.c[0] = p.f;
    TAYLORDIAG_UNROLL
    for (int r = 0; r < D; ++r) {
      T const a = u.d1(r), b = v.d1(r);
      y.d1(r) = m(p.fu, a) + m(p.fv, b);
      y.d2(r) = m(p.fu, u.d2(r)) + m(p.fv, v.d2(r)) + m(p.fuu, a * a) + m(two_fuv, a * b) +
                m(p.fvv, b * b);
    }
    return y;
  }
};

}  // namespace taylordiag
