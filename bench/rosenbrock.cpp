// bench/rosenbrock.cpp -- Rosenbrock, n = 1024: sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2.
// Partially separable: each term touches two coordinates, so the analytic diagonal is O(n)
// while one Taylor pass per direction block is O(n) too: the jets cost O(n^2 / D) per point.
// Closing that gap is the tape's dependency sparsity (DESIGN.md section 5), not this issue.
#include "common.hpp"

namespace {
using bench::batch;
using bench::W;

struct rosenbrock_f {
  template <class X>
  auto operator()(X const& x) const {
    auto t = x[1] - x[0] * x[0];
    auto u = 1.0 - x[0];
    auto s = 100.0 * (t * t) + u * u;
    for (std::size_t i = 1; i + 1 < x.size(); ++i) {
      t = x[i + 1] - x[i] * x[i];
      u = 1.0 - x[i];
      s = s + 100.0 * (t * t) + u * u;
    }
    return s;
  }
};

// d_i   = -400 x_i (x_{i+1} - x_i^2) - 2 (1 - x_i)   [i < n-1]   + 200 (x_i - x_{i-1}^2)  [i > 0]
// d_ii  = 1200 x_i^2 - 400 x_{i+1} + 2               [i < n-1]   + 200                    [i > 0]
// SIMD across the coordinates of one point; the two end coordinates in scalar code.
struct rosenbrock_analytic {
  void operator()(double const* x, std::size_t p0, std::size_t p1, std::size_t n,
                  bench::result& r) const {
    for (std::size_t p = p0; p < p1; ++p) {
      double const* xp = x + p * n;
      double* gp = r.grad.data() + p * n;
      double* dp = r.diag.data() + p * n;
      batch acc(0.0);
      std::size_t i = 1;
      for (; i + W < n; i += W) {  // interior i in [1, n-1)
        batch const xi = batch::load_unaligned(xp + i), xn = batch::load_unaligned(xp + i + 1),
                    xm = batch::load_unaligned(xp + i - 1);
        batch const t = xn - xi * xi, u = batch(1.0) - xi, tm = xi - xm * xm;
        acc = xsimd::fma(batch(100.0) * t, t, xsimd::fma(u, u, acc));
        batch const g =
            xsimd::fma(batch(-400.0) * xi, t, xsimd::fma(batch(-2.0), u, batch(200.0) * tm));
        batch const d =
            xsimd::fma(batch(1200.0) * xi, xi, xsimd::fma(batch(-400.0), xn, batch(202.0)));
        g.store_unaligned(gp + i);
        d.store_unaligned(dp + i);
      }
      double s = xsimd::hadd(acc);
      for (; i + 1 < n; ++i) {
        double const t = xp[i + 1] - xp[i] * xp[i], u = 1.0 - xp[i],
                     tm = xp[i] - xp[i - 1] * xp[i - 1];
        s += 100.0 * t * t + u * u;
        gp[i] = -400.0 * xp[i] * t - 2.0 * u + 200.0 * tm;
        dp[i] = 1200.0 * xp[i] * xp[i] - 400.0 * xp[i + 1] + 202.0;
      }
      double const t0 = xp[1] - xp[0] * xp[0], u0 = 1.0 - xp[0];
      s += 100.0 * t0 * t0 + u0 * u0;
      gp[0] = -400.0 * xp[0] * t0 - 2.0 * u0;
      dp[0] = 1200.0 * xp[0] * xp[0] - 400.0 * xp[1] + 2.0;
      gp[n - 1] = 200.0 * (xp[n - 1] - xp[n - 2] * xp[n - 2]);
      dp[n - 1] = 200.0;
      r.value[p] = s;
    }
  }
};

int register_all = [] {
  bench::problem pb{"rosenbrock", 1024, 1 << 14, 64, 8};
  pb.full = false;  // n^2/2 nested passes of O(n): ~5e8 operations per point
  bench::register_problem(pb, rosenbrock_f{}, rosenbrock_analytic{});
  return 0;
}();
}  // namespace
