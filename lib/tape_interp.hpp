// lib/tape_interp.hpp -- the tape interpreter, one instantiation per xsimd architecture.
//
// Included only by lib/arch/interp_<arch>.cpp. Everything here is a template on the xsimd
// architecture A (through batch<Real, A>), so the copies compiled with different -m flags
// never collide (see tape_kernel.hpp).
//
// Per batch of W points (one lane per point) the program runs once. Instruction j holds a
// value and, for each input i that reaches it (its dependency set), the first and second
// derivatives along e_i -- the shared-primal jet of multi_jet.hpp restricted to the
// directions that can be non-zero. The formulas are MultiJet's, operation for operation, so
// results match the templated drivers (up to FMA contraction, which differs by ISA).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "tape_kernel.hpp"
#include "taylordiag/rules.hpp"

namespace taylordiag::detail::interp {

/// Transposes W batches of W lanes in place: afterwards r[l][m] is what r[m][l] was. Used to
/// move row-major points and outputs a W x W tile at a time instead of lane by lane.
template <class Real, class A>
inline void transpose(xsimd::batch<Real, A>* r) noexcept {
  using T = xsimd::batch<Real, A>;
  constexpr std::size_t W = T::size;
  if constexpr (false) {
#if defined(__AVX512F__)
  } else if constexpr (std::is_same_v<Real, double> && W == 8) {
    __m512d const t0 = _mm512_unpacklo_pd(r[0], r[1]), t1 = _mm512_unpackhi_pd(r[0], r[1]);
    __m512d const t2 = _mm512_unpacklo_pd(r[2], r[3]), t3 = _mm512_unpackhi_pd(r[2], r[3]);
    __m512d const t4 = _mm512_unpacklo_pd(r[4], r[5]), t5 = _mm512_unpackhi_pd(r[4], r[5]);
    __m512d const t6 = _mm512_unpacklo_pd(r[6], r[7]), t7 = _mm512_unpackhi_pd(r[6], r[7]);
    __m512d const u0 = _mm512_shuffle_f64x2(t0, t2, 0x88), u1 = _mm512_shuffle_f64x2(t0, t2, 0xDD);
    __m512d const u2 = _mm512_shuffle_f64x2(t1, t3, 0x88), u3 = _mm512_shuffle_f64x2(t1, t3, 0xDD);
    __m512d const u4 = _mm512_shuffle_f64x2(t4, t6, 0x88), u5 = _mm512_shuffle_f64x2(t4, t6, 0xDD);
    __m512d const u6 = _mm512_shuffle_f64x2(t5, t7, 0x88), u7 = _mm512_shuffle_f64x2(t5, t7, 0xDD);
    r[0] = _mm512_shuffle_f64x2(u0, u4, 0x88);
    r[4] = _mm512_shuffle_f64x2(u0, u4, 0xDD);
    r[1] = _mm512_shuffle_f64x2(u2, u6, 0x88);
    r[5] = _mm512_shuffle_f64x2(u2, u6, 0xDD);
    r[2] = _mm512_shuffle_f64x2(u1, u5, 0x88);
    r[6] = _mm512_shuffle_f64x2(u1, u5, 0xDD);
    r[3] = _mm512_shuffle_f64x2(u3, u7, 0x88);
    r[7] = _mm512_shuffle_f64x2(u3, u7, 0xDD);
#endif
#if defined(__AVX__)
  } else if constexpr (std::is_same_v<Real, double> && W == 4) {
    __m256d const t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    __m256d const t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
#endif
#if defined(__SSE2__)
  } else if constexpr (std::is_same_v<Real, double> && W == 2) {
    __m128d const t0 = _mm_unpacklo_pd(r[0], r[1]), t1 = _mm_unpackhi_pd(r[0], r[1]);
    r[0] = t0;
    r[1] = t1;
#endif
  } else {
    alignas(64) Real m[W * W];
    for (std::size_t q = 0; q < W; ++q) r[q].store_aligned(m + q * W);
    alignas(64) Real o[W * W];
    for (std::size_t q = 0; q < W; ++q)
      for (std::size_t l = 0; l < W; ++l) o[l * W + q] = m[q * W + l];
    for (std::size_t q = 0; q < W; ++q) r[q] = T::load_aligned(o + q * W);
  }
}

template <class Real, class A>
struct machine {
  using T = xsimd::batch<Real, A>;
  static constexpr std::size_t W = T::size;

  kernel_args<Real> const& k;
  T* val;  // per instruction
  T* d1;   // per entry (entry 0 == 0)
  T* d2;
  T* xs;  // per input: the batch's points, transposed (row-major points only, see run())
  bool xs_ok = false;

  static T lit(double c) { return T(static_cast<Real>(c)); }

  /// A unary instruction on a constant in the dense layout (no constant folding): the
  /// operand has no entries, the result all n, and they are zero.
  void zero_entries(std::uint32_t y, std::uint32_t cnt) {
    for (std::uint32_t e = 0; e < cnt; ++e) d1[y + e] = d2[y + e] = T(Real(0));
  }

  template <bool ZeroSafe>
  void chain(std::uint32_t j, std::uint32_t a, rules::triple<T> const& p) {
    val[j] = p.f0;
    if (!k.derivs) return;
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.f1, p.f2)) return chain<true>(j, a, p);
    std::uint32_t const y = k.dep_begin[j], u = k.dep_begin[a], cnt = k.dep_count[j];
    if (k.dep_count[a] != cnt) return zero_entries(y, cnt);
    for (std::uint32_t e = 0; e < cnt; ++e) {
      T const x1 = d1[u + e], x2 = d2[u + e];
      if constexpr (ZeroSafe) {
        d1[y + e] = detail::zero_safe_mul(p.f1, x1);
        d2[y + e] = detail::zero_safe_mul(p.f1, x2) + detail::zero_safe_mul(p.f2, x1 * x1);
      } else {
        d1[y + e] = p.f1 * x1;
        d2[y + e] = detail::fma(p.f1, x2, p.f2 * x1 * x1);
      }
    }
  }

  template <bool ZeroSafe>
  void chain2(std::uint32_t j, rules::binary_row<T> const& p) {
    val[j] = p.f;
    if (!k.derivs) return;
    if constexpr (!ZeroSafe)
      if (detail::any_inf(p.fu, p.fv, p.fuu, p.fuv, p.fvv)) return chain2<true>(j, p);
    auto m = [](T const& a, T const& b) {
      if constexpr (ZeroSafe)
        return detail::zero_safe_mul(a, b);
      else
        return a * b;
    };
    T const two_fuv = T(Real(2)) * p.fuv;
    std::uint32_t const y = k.dep_begin[j], cnt = k.dep_count[j];
    std::uint32_t const* mp = k.map + k.map_begin[j];
    for (std::uint32_t e = 0; e < cnt; ++e) {
      std::uint32_t const su = mp[2 * e], sv = mp[2 * e + 1];
      T const a = d1[su], b = d1[sv];
      d1[y + e] = m(p.fu, a) + m(p.fv, b);
      d2[y + e] =
          m(p.fu, d2[su]) + m(p.fv, d2[sv]) + m(p.fuu, a * a) + m(two_fuv, a * b) + m(p.fvv, b * b);
    }
  }

  // uv:  y1 = u1 v0 + u0 v1,  y2 = u2 v0 + 2 u1 v1 + u0 v2. ZeroSafe once a value is infinite
  // (detail::prod): a zero coefficient then stays a zero term instead of inf * 0 = NaN.
  template <bool ZS>
  void mul(std::uint32_t y, std::uint32_t cnt, std::uint32_t j, T const& u0, T const& v0) {
    using detail::prod, detail::prod_add;
    T const two = T(Real(2));
    std::uint32_t const* mp = k.map + k.map_begin[j];
    for (std::uint32_t e = 0; e < cnt; ++e) {
      std::uint32_t const su = mp[2 * e], sv = mp[2 * e + 1];
      d1[y + e] = prod_add<ZS>(d1[su], v0, prod<ZS>(u0, d1[sv]));
      d2[y + e] =
          prod_add<ZS>(d2[su], v0, prod_add<ZS>(two * d1[su], d1[sv], prod<ZS>(u0, d2[sv])));
    }
  }

  // q = u/v:  q1 = (u1 - q0 v1)/v0,  q2 = (u2 - 2 q1 v1 - q0 v2)/v0
  template <bool ZS>
  void div(std::uint32_t y, std::uint32_t cnt, std::uint32_t j, T const& q0, T const& r) {
    using detail::prod;
    T const two = T(Real(2));
    std::uint32_t const* mp = k.map + k.map_begin[j];
    for (std::uint32_t e = 0; e < cnt; ++e) {
      std::uint32_t const su = mp[2 * e], sv = mp[2 * e + 1];
      T const q1 = prod<ZS>(d1[su] - prod<ZS>(q0, d1[sv]), r);
      d1[y + e] = q1;
      d2[y + e] = prod<ZS>(d2[su] - prod<ZS>(two * q1, d1[sv]) - prod<ZS>(q0, d2[sv]), r);
    }
  }

  template <class R>
  void unary(std::uint32_t j, std::uint32_t a) {
    chain<R::singular>(j, a, R::eval(val[a]));
  }

  void select(std::uint32_t j, xsimd::batch_bool<Real, A> const& take_v, std::uint32_t a,
              std::uint32_t b) {
    val[j] = xsimd::select(take_v, val[b], val[a]);
    if (!k.derivs) return;
    std::uint32_t const y = k.dep_begin[j], cnt = k.dep_count[j];
    std::uint32_t const* mp = k.map + k.map_begin[j];
    for (std::uint32_t e = 0; e < cnt; ++e) {
      std::uint32_t const su = mp[2 * e], sv = mp[2 * e + 1];
      d1[y + e] = xsimd::select(take_v, d1[sv], d1[su]);
      d2[y + e] = xsimd::select(take_v, d2[sv], d2[su]);
    }
  }

  void gather(std::uint32_t j, std::uint32_t i, std::size_t p, std::size_t count) {
    if (xs_ok) {
      val[j] = xs[i];
      return;
    }
    Real const* base = k.x + i * k.x_cs;
    if (count == W && k.x_ps == 1) {
      val[j] = T::load_unaligned(base + p);
      return;
    }
    alignas(64) Real lane[W];
    for (std::size_t l = 0; l < W; ++l) lane[l] = base[(p + (l < count ? l : count - 1)) * k.x_ps];
    val[j] = T::load_aligned(lane);
  }

  [[gnu::always_inline]] inline void step(std::uint32_t j, std::size_t p, std::size_t count) {
    instr const& in = k.code[j];
    std::uint32_t const a = in.a, b = in.b;
    std::uint32_t const y = k.dep_begin[j], cnt = k.dep_count[j];
    T const one = T(Real(1)), zero = T(Real(0));
    switch (in.code) {
      case op::input:
        gather(j, a, p, count);
        if (k.derivs)
          for (std::uint32_t e = 0; e < cnt; ++e) {
            d1[y + e] = k.dep_input[y + e] == a ? one : zero;
            d2[y + e] = zero;
          }
        return;
      case op::constant:
        val[j] = lit(in.imm);
        return;
      case op::sum: {
        // An operand that is a fused scale (c * u, read only here) is computed here: its value
        // as the scale would, its entries alias u's and are multiplied by c on the fly.
        std::uint32_t const* args = k.args + a;
        auto operand = [&](std::uint32_t s) {
          instr const& si = k.code[s];
          return si.code == op::scale && si.b ? val[si.a] * lit(si.imm) : val[s];
        };
        // A leading negated operand is the IEEE negation (detail::neg: -(+0) = -0 on every ISA,
        // which unary minus on xsimd 8.1's AVX-512 batches is not); the others are subtracted,
        // so x - 0 keeps +0 - +0 = +0.
        std::uint32_t const first = args[0] & ~arg_negate;
        val[j] = (args[0] & arg_negate) ? detail::neg(operand(first)) : operand(first);
        for (std::uint32_t q = 1; q < b; ++q) {
          std::uint32_t const s = args[q] & ~arg_negate;
          T const v = operand(s);
          val[j] = (args[q] & arg_negate) ? val[j] - v : val[j] + v;
        }
        if (!k.derivs) return;
        for (std::uint32_t e = 0; e < cnt; ++e) d1[y + e] = d2[y + e] = zero;
        std::uint32_t const* mp = k.map + k.map_begin[j];
        for (std::uint32_t q = 0; q < b; ++q) {
          std::uint32_t const s = args[q] & ~arg_negate;
          std::uint32_t const sb = k.dep_begin[s], sc = k.dep_count[s];
          instr const& si = k.code[s];
          if (si.code == op::scale && si.b) {
            T const c = lit((args[q] & arg_negate) ? -si.imm : si.imm);
            for (std::uint32_t e = 0; e < sc; ++e, ++mp) {
              d1[*mp] = d1[*mp] + d1[sb + e] * c;
              d2[*mp] = d2[*mp] + d2[sb + e] * c;
            }
          } else if (args[q] & arg_negate) {
            for (std::uint32_t e = 0; e < sc; ++e, ++mp) {
              d1[*mp] = d1[*mp] - d1[sb + e];
              d2[*mp] = d2[*mp] - d2[sb + e];
            }
          } else {
            for (std::uint32_t e = 0; e < sc; ++e, ++mp) {
              d1[*mp] = d1[*mp] + d1[sb + e];
              d2[*mp] = d2[*mp] + d2[sb + e];
            }
          }
        }
        return;
      }
      case op::mul: {
        T const u0 = val[a], v0 = val[b];
        val[j] = u0 * v0;
        if (!k.derivs) return;
        return detail::any_inf(u0, v0) ? mul<true>(y, cnt, j, u0, v0)
                                       : mul<false>(y, cnt, j, u0, v0);
      }
      case op::div: {
        T const r = one / val[b];
        T const q0 = val[a] / val[b];
        val[j] = q0;
        if (!k.derivs) return;
        return detail::any_inf(q0, r) ? div<true>(y, cnt, j, q0, r) : div<false>(y, cnt, j, q0, r);
      }
      case op::scale:
      case op::divc: {
        if (in.code == op::scale && b) return;  // fused: its sum computes it
        T const c = lit(in.imm);
        bool const d = in.code == op::divc;
        val[j] = d ? val[a] / c : val[a] * c;
        if (!k.derivs) return;
        std::uint32_t const u = k.dep_begin[a];
        if (k.dep_count[a] != cnt) return zero_entries(y, cnt);
        for (std::uint32_t e = 0; e < cnt; ++e) {
          d1[y + e] = d ? d1[u + e] / c : d1[u + e] * c;
          d2[y + e] = d ? d2[u + e] / c : d2[u + e] * c;
        }
        return;
      }
      case op::powi:
        return chain<true>(j, a, rules::ipow_rule::eval(val[a], int(in.imm)));
      case op::powr:
        return chain<true>(j, a, rules::pow_rule::eval(val[a], in.imm));
      case op::cpow:
        return chain<false>(j, a, rules::scalar_pow_rule::eval(in.imm, val[a]));
      case op::pow2:
        return chain2<true>(j, rules::pow2_rule::eval(val[a], val[b]));
      case op::atan2:
        return chain2<true>(j, rules::atan2_rule::eval(val[a], val[b]));
      case op::hypot:
        return chain2<true>(j, rules::hypot_rule::eval(val[a], val[b]));
      case op::min:
        return select(j, val[b] < val[a], a, b);
      case op::max:
        return select(j, val[a] < val[b], a, b);
      case op::exp:
        return unary<rules::exp_rule>(j, a);
      case op::exp2:
        return unary<rules::exp2_rule>(j, a);
      case op::expm1:
        return unary<rules::expm1_rule>(j, a);
      case op::log:
        return unary<rules::log_rule>(j, a);
      case op::log2:
        return unary<rules::log2_rule>(j, a);
      case op::log10:
        return unary<rules::log10_rule>(j, a);
      case op::log1p:
        return unary<rules::log1p_rule>(j, a);
      case op::sqrt:
        return unary<rules::sqrt_rule>(j, a);
      case op::cbrt:
        return unary<rules::cbrt_rule>(j, a);
      case op::sin:
        return unary<rules::sin_rule>(j, a);
      case op::cos:
        return unary<rules::cos_rule>(j, a);
      case op::tan:
        return unary<rules::tan_rule>(j, a);
      case op::asin:
        return unary<rules::asin_rule>(j, a);
      case op::acos:
        return unary<rules::acos_rule>(j, a);
      case op::atan:
        return unary<rules::atan_rule>(j, a);
      case op::sinh:
        return unary<rules::sinh_rule>(j, a);
      case op::cosh:
        return unary<rules::cosh_rule>(j, a);
      case op::tanh:
        return unary<rules::tanh_rule>(j, a);
      case op::asinh:
        return unary<rules::asinh_rule>(j, a);
      case op::acosh:
        return unary<rules::acosh_rule>(j, a);
      case op::atanh:
        return unary<rules::atanh_rule>(j, a);
      case op::erf:
        return unary<rules::erf_rule>(j, a);
      case op::erfc:
        return unary<rules::erfc_rule>(j, a);
      case op::sigmoid:
        return unary<rules::sigmoid_rule>(j, a);
      case op::softplus:
        return unary<rules::softplus_rule>(j, a);
      case op::abs:
        return unary<rules::abs_rule>(j, a);
      case op::count_:
        return;
    }
  }

  void store(T const& b, Real* out, std::size_t stride, std::size_t p, std::size_t count) {
    alignas(64) Real lane[W];
    b.store_aligned(lane);
    for (std::size_t l = 0; l < count; ++l) out[(p + l) * stride] = lane[l];
  }

  /// Row-major points (coordinates contiguous), a full batch: transposes the W rows into xs,
  /// W coordinates at a time (the remainder lane by lane).
  void load_points(std::size_t p) {
    std::size_t i = 0;
    T r[W];
    for (; i + W <= k.n; i += W) {
      for (std::size_t l = 0; l < W; ++l) r[l] = T::load_unaligned(k.x + (p + l) * k.x_ps + i);
      transpose<Real, A>(r);
      for (std::size_t l = 0; l < W; ++l) xs[i + l] = r[l];
    }
    for (; i < k.n; ++i) {
      alignas(64) Real lane[W];
      for (std::size_t l = 0; l < W; ++l) lane[l] = k.x[(p + l) * k.x_ps + i];
      xs[i] = T::load_aligned(lane);
    }
  }

  /// Gradient or diagonal rows of a full batch, columns contiguous (col stride 1): entries
  /// [yb, yb + yc) of c, a W x W tile at a time where W consecutive entries are W consecutive
  /// inputs (the rest lane by lane). Every other column is zero.
  void store_rows(T const* c, std::uint32_t yb, std::uint32_t yc, Real* out, std::size_t rs,
                  std::size_t p) {
    if (yc != k.n)
      for (std::size_t l = 0; l < W; ++l)
        for (std::size_t i = 0; i < k.n; ++i) out[(p + l) * rs + i] = Real(0);
    T r[W];
    for (std::uint32_t e = 0; e < yc;) {
      std::uint32_t const i = k.dep_input[yb + e];
      if (e + W <= yc && k.dep_input[yb + e + W - 1] == i + W - 1) {
        for (std::size_t l = 0; l < W; ++l) r[l] = c[yb + e + l];
        transpose<Real, A>(r);
        for (std::size_t l = 0; l < W; ++l) r[l].store_unaligned(out + (p + l) * rs + i);
        e += std::uint32_t(W);
      } else {
        store(c[yb + e], out + i, rs, p, W);
        ++e;
      }
    }
  }

  void run() {
    std::uint32_t const last = std::uint32_t(k.ncode - 1);
    std::uint32_t const yb = k.dep_begin[last], yc = k.dep_count[last];
    d1[0] = d2[0] = T(Real(0));
    for (std::size_t p = k.p_begin; p < k.p_end; p += W) {
      std::size_t const count = k.p_end - p < W ? k.p_end - p : W;
      xs_ok = count == W && k.x_cs == 1 && k.x_ps != 1;
      if (xs_ok) load_points(p);
      for (std::uint32_t j = 0; j < k.ncode; ++j) step(j, p, count);
      if (k.value) store(val[last], k.value, k.value_s, p, count);
      bool const g_rows = k.grad && k.grad_cs == 1, d_rows = k.diag && k.diag_cs == 1;
      if (count == W && (k.grad || k.diag) && (g_rows || !k.grad) && (d_rows || !k.diag)) {
        if (k.grad) store_rows(d1, yb, yc, k.grad, k.grad_rs, p);
        if (k.diag) store_rows(d2, yb, yc, k.diag, k.diag_rs, p);
      } else if (k.grad || k.diag) {
        for (std::size_t l = 0; l < count; ++l)
          for (std::size_t i = 0; i < k.n; ++i) {
            if (k.grad) k.grad[(p + l) * k.grad_rs + i * k.grad_cs] = Real(0);
            if (k.diag) k.diag[(p + l) * k.diag_rs + i * k.diag_cs] = Real(0);
          }
        for (std::uint32_t e = 0; e < yc; ++e) {
          std::size_t const i = k.dep_input[yb + e];
          if (k.grad) store(d1[yb + e], k.grad + i * k.grad_cs, k.grad_rs, p, count);
          if (k.diag) store(d2[yb + e], k.diag + i * k.diag_cs, k.diag_rs, p, count);
        }
      }
      if (k.lap) {
        // In coordinate order, as the drivers sum the diagonal.
        T s = T(Real(0));
        for (std::uint32_t e = 0; e < yc; ++e) {
          if (k.weights)
            s = s + T(k.weights[k.dep_input[yb + e]]) * d2[yb + e];
          else
            s = s + d2[yb + e];
        }
        store(s, k.lap, k.lap_s, p, count);
      }
    }
  }
};

/// Runs the program over k.p_begin .. k.p_end; never throws, never allocates.
template <class Real, class A>
void run(kernel_args<Real> const& k) noexcept {
  using M = machine<Real, A>;
  auto* base = static_cast<typename M::T*>(k.work);
  M m{k, base, base + k.ncode, base + k.ncode + k.entries, base + k.ncode + 2 * k.entries};
  m.run();
}

}  // namespace taylordiag::detail::interp
