// bench/transcendental.cpp -- a transcendental mix, n = 256 (cyclic: x_n = x_0):
//     f(x) = sum_i sin(x_i) exp(0.1 x_{i+1}) / (1 + x_i^2) + sqrt(1 + x_i^2).
// Partially separable like Rosenbrock (each term touches two coordinates), but every node
// is a transcendental, which is where the shared primal pays. Plus an n sweep.
#include "common.hpp"

namespace {
using bench::batch;
using bench::W;

struct trans_f {
  template <class X>
  auto operator()(X const& x) const {
    using std::exp;
    using std::sin;
    using std::sqrt;
    std::size_t const n = x.size();
    auto term = [&](std::size_t i) {
      auto const q = 1.0 + x[i] * x[i];
      return sin(x[i]) * exp(0.1 * x[(i + 1) % n]) / q + sqrt(q);
    };
    auto s = term(0);
    for (std::size_t i = 1; i < n; ++i) s = s + term(i);
    return s;
  }
};

// With r = 1/(1+x^2), a = sin(x) r, e_i = exp(0.1 x_{i+1}), g = sqrt(1 + x^2):
//   r' = -2x r^2,  r'' = (6x^2 - 2) r^3,  a' = cos r + sin r',  a'' = -sin r + 2 cos r' + sin r''
//   d_i  = a_i' e_i + g_i' + 0.1  a_{i-1} e_{i-1},   g' = x/g
//   d_ii = a_i'' e_i + g_i'' + 0.01 a_{i-1} e_{i-1},  g'' = 1/g^3
// SIMD across the coordinates of one point (n a multiple of W; other n in scalar code).
struct trans_analytic {
  void operator()(double const* x, std::size_t p0, std::size_t p1, std::size_t n,
                  bench::result& r) const {
    std::vector<double> xx(n + W), ae(n + W);
    for (std::size_t p = p0; p < p1; ++p) {
      double const* xp = x + p * n;
      double* gp = r.grad.data() + p * n;
      double* dp = r.diag.data() + p * n;
      std::copy(xp, xp + n, xx.begin());
      xx[n] = xp[0];
      std::size_t const nv = n / W * W;
      batch acc(0.0);
      for (std::size_t i = 0; i < nv; i += W) {
        batch const xi = batch::load_unaligned(&xx[i]), xn = batch::load_unaligned(&xx[i + 1]);
        batch const e = xsimd::exp(batch(0.1) * xn);
        batch const q = xsimd::fma(xi, xi, batch(1.0)), rr = batch(1.0) / q;
        auto const sc = xsimd::sincos(xi);
        batch const s = sc.first, c = sc.second;
        batch const r1 = batch(-2.0) * xi * rr * rr;
        batch const r2 = xsimd::fms(batch(6.0) * xi, xi, batch(2.0)) * rr * rr * rr;
        batch const a = s * rr, a1 = xsimd::fma(c, rr, s * r1);
        batch const a2 = xsimd::fma(s, r2, xsimd::fms(batch(2.0) * c, r1, s * rr));
        batch const g = xsimd::sqrt(q), ig = batch(1.0) / g;
        acc = acc + xsimd::fma(a, e, g);
        (a * e).store_unaligned(&ae[i + 1]);
        xsimd::fma(a1, e, xi * ig).store_unaligned(gp + i);
        xsimd::fma(a2, e, ig * ig * ig).store_unaligned(dp + i);
      }
      double val = xsimd::hadd(acc);
      for (std::size_t i = nv; i < n; ++i) {
        double const xi = xx[i], e = std::exp(0.1 * xx[i + 1]), q = 1.0 + xi * xi, rr = 1.0 / q;
        double const s = std::sin(xi), c = std::cos(xi), r1 = -2.0 * xi * rr * rr,
                     r2 = (6.0 * xi * xi - 2.0) * rr * rr * rr;
        double const a = s * rr, a1 = c * rr + s * r1, a2 = -s * rr + 2.0 * c * r1 + s * r2;
        double const g = std::sqrt(q);
        val += a * e + g;
        ae[i + 1] = a * e;
        gp[i] = a1 * e + xi / g;
        dp[i] = a2 * e + 1.0 / (g * g * g);
      }
      ae[0] = ae[n];
      for (std::size_t i = 0; i < nv; i += W) {
        batch const t = batch::load_unaligned(&ae[i]);
        xsimd::fma(batch(0.1), t, batch::load_unaligned(gp + i)).store_unaligned(gp + i);
        xsimd::fma(batch(0.01), t, batch::load_unaligned(dp + i)).store_unaligned(dp + i);
      }
      for (std::size_t i = nv; i < n; ++i) {
        gp[i] += 0.1 * ae[i];
        dp[i] += 0.01 * ae[i];
      }
      r.value[p] = val;
    }
  }
};

int register_all = [] {
  bench::register_problem({"trans", 256, 1 << 14, 256, 16, false}, trans_f{}, trans_analytic{});
  for (std::size_t n : {8, 16, 32, 64, 128}) {
    std::size_t const k_jet =
        std::max<std::size_t>(256, (std::size_t(1) << 22) / (n * n) / 64 * 64);
    bench::problem pb{"trans", n, std::max<std::size_t>(1 << 12, (std::size_t(1) << 22) / n), k_jet,
                      64};
    pb.sweep_only = true;
    bench::register_problem(pb, trans_f{}, trans_analytic{});
  }
  return 0;
}();
}  // namespace
