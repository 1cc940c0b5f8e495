// bench/question.cpp -- the original question's two examples: prod_i (x_i^2 - 3 x_i + 1) and
// log(sum_i x_i^2), at n = 3, and log(sum x^2) at n = 64 plus an n sweep (time per point
// against n). Every taylordiag mode against the baselines of bench/common.hpp.
#include "common.hpp"

namespace {
using bench::batch;
using bench::W;

struct product_f {
  template <class X>
  auto operator()(X const& x) const {
    auto y = x[0] * x[0] - 3.0 * x[0] + 1.0;
    for (std::size_t i = 1; i < x.size(); ++i) y = y * (x[i] * x[i] - 3.0 * x[i] + 1.0);
    return y;
  }
};

struct logsumsq_f {
  template <class X>
  auto operator()(X const& x) const {
    using std::log;
    auto s = x[0] * x[0];
    for (std::size_t i = 1; i < x.size(); ++i) s = s + x[i] * x[i];
    return log(s);
  }
};

// prod p_i with p = x^2 - 3x + 1: d_i = (prod_{j != i} p_j) p_i',  d_ii = (prod_{j != i} p_j) * 2.
// SIMD across points; prefix/suffix products instead of a division (p_i may vanish).
struct product_analytic {
  void operator()(double const* x, std::size_t p0, std::size_t p1, std::size_t n,
                  bench::result& r) const {
    batch xb[64], pj[64], pre[65];
    for (std::size_t p = p0; p < p1; p += W) {
      std::size_t const count = std::min(W, p1 - p);
      bench::load_points(x, p, count, n, xb);
      pre[0] = batch(1.0);
      for (std::size_t j = 0; j < n; ++j) {
        pj[j] = xsimd::fma(xb[j], xb[j] - batch(3.0), batch(1.0));
        pre[j + 1] = pre[j] * pj[j];
      }
      bench::store_lanes(pre[n], r.value.data(), p, count, 1);
      batch suf(1.0);
      for (std::size_t j = n; j-- > 0;) {
        batch const others = pre[j] * suf;
        bench::store_lanes(others * xsimd::fms(batch(2.0), xb[j], batch(3.0)), r.grad.data() + j, p,
                           count, n);
        bench::store_lanes(others * batch(2.0), r.diag.data() + j, p, count, n);
        suf = suf * pj[j];
      }
    }
  }
};

// log s, s = sum x^2:  d_i = 2 x_i / s,  d_ii = 2/s - 4 x_i^2 / s^2.
// n < W: SIMD across points; otherwise across the coordinates of one point.
struct logsumsq_analytic {
  void operator()(double const* x, std::size_t p0, std::size_t p1, std::size_t n,
                  bench::result& r) const {
    if (n < W) {
      batch xb[W];
      for (std::size_t p = p0; p < p1; p += W) {
        std::size_t const count = std::min(W, p1 - p);
        bench::load_points(x, p, count, n, xb);
        batch s = xb[0] * xb[0];
        for (std::size_t j = 1; j < n; ++j) s = xsimd::fma(xb[j], xb[j], s);
        batch const inv = batch(1.0) / s, two_inv = inv + inv;
        bench::store_lanes(xsimd::log(s), r.value.data(), p, count, 1);
        for (std::size_t j = 0; j < n; ++j) {
          batch const g = two_inv * xb[j];
          bench::store_lanes(g, r.grad.data() + j, p, count, n);
          bench::store_lanes(xsimd::fnma(g, g, two_inv), r.diag.data() + j, p, count, n);
        }
      }
      return;
    }
    for (std::size_t p = p0; p < p1; ++p) {
      double const* xp = x + p * n;
      double* gp = r.grad.data() + p * n;
      double* dp = r.diag.data() + p * n;
      std::size_t const nv = n / W * W;
      batch acc(0.0);
      for (std::size_t i = 0; i < nv; i += W) {
        batch const v = batch::load_unaligned(xp + i);
        acc = xsimd::fma(v, v, acc);
      }
      double s = xsimd::hadd(acc);
      for (std::size_t i = nv; i < n; ++i) s += xp[i] * xp[i];
      double const two_inv = 2.0 / s;
      r.value[p] = std::log(s);
      for (std::size_t i = 0; i < nv; i += W) {
        batch const g = batch(two_inv) * batch::load_unaligned(xp + i);
        g.store_unaligned(gp + i);
        xsimd::fnma(g, g, batch(two_inv)).store_unaligned(dp + i);
      }
      for (std::size_t i = nv; i < n; ++i) {
        double const g = two_inv * xp[i];
        gp[i] = g;
        dp[i] = two_inv - g * g;
      }
    }
  }
};

int register_all = [] {
  bench::register_problem({"product", 3, 1 << 20, 1 << 20, 1 << 17}, product_f{},
                          product_analytic{});
  bench::register_problem({"logsumsq", 3, 1 << 20, 1 << 20, 1 << 17}, logsumsq_f{},
                          logsumsq_analytic{});
  bench::register_problem({"logsumsq", 64, 1 << 16, 1 << 14, 1 << 7}, logsumsq_f{},
                          logsumsq_analytic{});
  bench::register_colmajor("product", 3, 1 << 20, product_f{});
  bench::register_colmajor("logsumsq", 3, 1 << 20, logsumsq_f{});
  // time per point against n (the n = 3 and 64 entries above complete the curve)
  for (std::size_t n : {8, 16, 32, 128, 256}) {
    std::size_t const k_jet =
        std::max<std::size_t>(256, (std::size_t(1) << 24) / (n * n) / 64 * 64);
    bench::problem pb{"logsumsq", n, std::max<std::size_t>(1 << 12, (std::size_t(1) << 24) / n),
                      k_jet, 64};
    pb.sweep_only = true;
    bench::register_problem(pb, logsumsq_f{}, logsumsq_analytic{});
  }
  return 0;
}();
}  // namespace
