// taylordiag/jet.hpp -- univariate Taylor jet of order K over a scalar or an xsimd batch.
//
// Jet<T, K> carries x(t) = x0 + t v through a computation, one direction per pass. It stores
// DERIVATIVES, not Taylor coefficients: d[k] = d^k/dt^k f(x0 + t v) at t = 0, so with v = e_i
// d[0] = f, d[1] = df/dx_i, d[2] = d^2 f/dx_i^2 and d[K] = the pure partial of order K.
// (Every jet in taylordiag uses this convention.) T is float, double or an xsimd batch
// (one lane per point). K = 1 and 2 use the (phi, phi', phi'') rows of rules.hpp directly;
// K > 2 uses y' = phi'(u) u' with phi'(u) evaluated as a jet of order K - 1, so each row's
// `prime` serves every order.
//
// **Example**:
//     using taylordiag::Jet;
//     Jet<double, 2> x = Jet<double, 2>::variable(0.5);   // x0 = 0.5, direction 1
//     auto y = exp(x) * sin(x);  // y.value(), y.d(1) = (e^x sin x)', y.d(2) = (e^x sin x)''
#pragma once

#include <array>
#include <cstddef>

#include "taylordiag/functions.hpp"

namespace taylordiag {

template <class T, int K>
requires detail::value_type<T> &&(K >= 1) struct Jet {
  static constexpr bool is_taylordiag_jet = true;
  static constexpr std::size_t size = K + 1;
  static constexpr int order = K;
  using value_type = T;

  T c[size];  // c[k] = k-th derivative

  constexpr Jet() : c{} {}
  /// A constant (all derivatives zero). Also converts arithmetic constants.
  template <class U>
  requires std::is_arithmetic_v<U> || std::is_same_v<U, T> Jet(U const& v)
      : c{} {  // NOLINT: implicit, so that constants mix with jets
    c[0] = detail::lift<T>(v);
  }

  /// The independent variable x0 moving with unit speed: (x0, 1, 0, ...).
  static Jet variable(T const& x0) {
    Jet j(x0);
    j.c[1] = T(detail::scalar_t<T>(1));
    return j;
  }
  /// x0 moving along v: (x0, v, 0, ...).
  static Jet variable(T const& x0, T const& v) {
    Jet j(x0);
    j.c[1] = v;
    return j;
  }

  T const& value() const { return c[0]; }
  /// The k-th derivative along the direction, k = 0..K.
  T const& d(int k) const { return c[k]; }
  T& d(int k) { return c[k]; }

  // u v:  (uv)^(k) = sum_j C(k,j) u^(j) v^(k-j)  (Leibniz)
  static Jet mul(Jet const& u, Jet const& v) {
    return detail::any_inf(u.c[0], v.c[0]) ? mul_<true>(u, v) : mul_<false>(u, v);
  }

  // q = u/v:  u^(k) = sum_j C(k,j) q^(j) v^(k-j)  solved for q^(k)
  static Jet div(Jet const& u, Jet const& v) {
    T const r = T(detail::scalar_t<T>(1)) / v.c[0];
    T const q0 = u.c[0] / v.c[0];
    return detail::any_inf(q0, r) ? div_<true>(u, v, q0, r) : div_<false>(u, v, q0, r);
  }

 private:
  // ZeroSafe once a value is infinite (detail::prod): a zero coefficient then stays a zero term.
  template <bool ZS>
  static Jet mul_(Jet const& u, Jet const& v) {
    using detail::prod, detail::prod_add;
    Jet y;
    if constexpr (K == 1) {
      y.c[0] = u.c[0] * v.c[0];
      y.c[1] = prod_add<ZS>(u.c[1], v.c[0], prod<ZS>(u.c[0], v.c[1]));
    } else if constexpr (K == 2) {
      y.c[0] = u.c[0] * v.c[0];
      y.c[1] = prod_add<ZS>(u.c[1], v.c[0], prod<ZS>(u.c[0], v.c[1]));
      T two = T(detail::scalar_t<T>(2));
      y.c[2] = prod_add<ZS>(u.c[2], v.c[0],
                            prod_add<ZS>(two * u.c[1], v.c[1], prod<ZS>(u.c[0], v.c[2])));
    } else {
      for (int k = 0; k <= K; ++k) {
        T s = prod<ZS>(u.c[0], v.c[k]);
        for (int j = 1; j <= k; ++j) s = prod_add<ZS>(binom(k, j) * u.c[j], v.c[k - j], s);
        y.c[k] = s;
      }
    }
    return y;
  }

  template <bool ZS>
  static Jet div_(Jet const& u, Jet const& v, T const& q0, T const& r) {
    Jet q;
    q.c[0] = q0;
    for (int k = 1; k <= K; ++k) {
      T s = u.c[k];
      for (int j = 0; j < k; ++j) s = s - detail::prod<ZS>(binom(k, j) * q.c[j], v.c[k - j]);
      q.c[k] = detail::prod<ZS>(s, r);
    }
    return q;
  }

 public:
  /// y = phi(u) from the row {phi, phi', phi''} (K <= 2).
  template <bool ZeroSafe>
  static Jet chain(Jet const& u, rules::triple<T> const& p) requires(K <= 2) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.f1, p.f2)) return chain<true>(u, p);
    Jet y;
    y.c[0] = p.f0;
    if constexpr (ZeroSafe) {
      y.c[1] = detail::zero_safe_mul(p.f1, u.c[1]);
      if constexpr (K == 2)
        y.c[2] = detail::zero_safe_mul(p.f1, u.c[2]) + detail::zero_safe_mul(p.f2, u.c[1] * u.c[1]);
    } else {
      y.c[1] = p.f1 * u.c[1];
      if constexpr (K == 2) y.c[2] = detail::fma(p.f1, u.c[2], p.f2 * u.c[1] * u.c[1]);
    }
    return y;
  }

  /// y = phi(u, v) from a binary row (K <= 2).
  template <bool ZeroSafe>
  static Jet chain2(Jet const& u, Jet const& v, rules::binary_row<T> const& p) requires(K <= 2) {
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.fu, p.fv, p.fuu, p.fuv, p.fvv)) return chain2<true>(u, v, p);
    auto m = [](T const& a, T const& b) {
      if constexpr (ZeroSafe)
        return detail::zero_safe_mul(a, b);
      else
        return a * b;
    };
    Jet y;
    y.c[0] = p.f;
    y.c[1] = m(p.fu, u.c[1]) + m(p.fv, v.c[1]);
    if constexpr (K == 2) {
      T two = T(detail::scalar_t<T>(2));
      y.c[2] = m(p.fu, u.c[2]) + m(p.fv, v.c[2]) + m(p.fuu, u.c[1] * u.c[1]) +
               m(two * p.fuv, u.c[1] * v.c[1]) + m(p.fvv, v.c[1] * v.c[1]);
    }
    return y;
  }

  /// The same jet cut to order K - 1 (the argument of phi' for y' = phi'(u) u').
  // A template (KK defaults to K) so that the signature, which names Jet<T, K - 1>, is not
  // formed when Jet<T, 1> is instantiated: Jet<T, 0> violates K >= 1 and made Jet<T, 1>
  // unusable (a hard error, not a SFINAE'd member). Found by tests/jet/higher_order.
  template <int KK = K>
  requires(KK == K && K >= 2) Jet<T, KK - 1> truncated()
  const {
    Jet<T, K - 1> t;
    for (int k = 0; k < K; ++k) t.c[k] = c[k];
    return t;
  }

  /// y with y(0) = f0 and y' = g u', where g has order K - 1:
  /// y^(k) = sum_{j<k} C(k-1, j) g^(j) u^(k-j).
  template <int KK = K>  // a template for the same reason as truncated()
  requires(KK == K && K >= 2) static Jet
      integrate(T const& f0, Jet<T, KK - 1> const& g, Jet const& u) {
    bool zs = false;  // an infinite g^(j) times a zero u^(k-j) is a zero term (detail::prod)
    for (int k = 0; k < K; ++k) zs = zs || detail::any_inf(g.c[k]);
    return zs ? integrate_<true, KK>(f0, g, u) : integrate_<false, KK>(f0, g, u);
  }

 private:
  template <bool ZS, int KK>
  static Jet integrate_(T const& f0, Jet<T, KK - 1> const& g, Jet const& u) {
    Jet y;
    y.c[0] = f0;
    for (int k = 1; k <= K; ++k) {
      T s = detail::prod<ZS>(g.c[0], u.c[k]);
      for (int j = 1; j < k; ++j) s = detail::prod_add<ZS>(binom(k - 1, j) * g.c[j], u.c[k - j], s);
      y.c[k] = s;
    }
    return y;
  }

  static T binom(int n, int k) {
    double b = 1;
    for (int i = 1; i <= k; ++i) b = b * (n - k + i) / i;
    return T(static_cast<detail::scalar_t<T>>(b));
  }
};

}  // namespace taylordiag
