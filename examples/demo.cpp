// examples/demo.cpp -- the demo that `bash tools/demo` runs.
//
//  1. The original question: the Hessian diagonal of prod_i (f_i^2 - 3 f_i + 1) at (1, 2, 0),
//     checked against the hand-computed values, without ever forming the Hessian.
//  2. The Laplacian of log(sum q_i^2) at random 3-D points, checked against 2/r^2.
//  3. Speed: taylordiag's Hessian diagonal against the naive way -- the full n x n Hessian
//     by nested forward mode (dual numbers of dual numbers, one pass per entry) -- for
//     log(sum x_i^2) with n = 64. Both are timed in this run on the same points; the naive
//     way runs on a subset of the points (it is O(n^3) per point) and the ratio is per point.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "taylordiag/taylordiag.hpp"

namespace td = taylordiag;

// ---- the naive baseline: nested forward mode --------------------------------------------
// dual<T> = v + d eps (eps^2 = 0). With x_k = ((x_k, [k == j]), ([k == i], 0)), the
// eps_outer eps_inner coefficient of f is H_ij: n^2 passes of f per point.
template <class T>
struct dual {
  T v, d;
};
template <class T>
dual<T> operator+(dual<T> a, dual<T> b) {
  return {a.v + b.v, a.d + b.d};
}
template <class T>
dual<T> operator-(dual<T> a, dual<T> b) {
  return {a.v - b.v, a.d - b.d};
}
template <class T>
dual<T> operator*(dual<T> a, dual<T> b) {
  return {a.v * b.v, a.v * b.d + a.d * b.v};
}
template <class T>
dual<T> operator/(dual<T> a, dual<T> b) {
  return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)};
}
template <class T>
dual<T>& operator+=(dual<T>& a, dual<T> b) {
  return a = a + b;
}
template <class T>
dual<T> log(dual<T> a) {  // (log u)' = u'/u
  using std::log;
  return {log(a.v), a.d / a.v};
}

/// Full Hessian of f at x (n x n, row-major) by nested forward mode.
template <class F>
void naive_hessian(F const& f, double const* x, std::size_t n, double* H) {
  using D2 = dual<dual<double>>;
  std::vector<D2> xs(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t m = 0; m < n; ++m)
        xs[m] = D2{{x[m], m == j ? 1.0 : 0.0}, {m == i ? 1.0 : 0.0, 0.0}};
      H[i * n + j] = f(xs).d.d;
    }
}

int main() {
  bool ok = true;
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };

  // ---- 1. the question's product ---------------------------------------------------------
  auto loss = [](auto const& f) {
    auto p = f[0] * f[0] - 3.0 * f[0] + 1.0;
    for (std::size_t i = 1; i < f.size(); ++i) p *= f[i] * f[i] - 3.0 * f[i] + 1.0;
    return p;
  };
  std::vector<double> f0 = {1, 2, 0};
  auto const r = td::hessian_diagonal(loss, td::points_view<double>::row_major(f0.data(), 1, 3));
  std::printf("1. loss = prod(f^2 - 3f + 1) at f = (1, 2, 0)\n");
  std::printf(
      "   loss   = %g\n   loss'  = (%g, %g, %g)\n   loss'' = (%g, %g, %g)   <- Hessian diagonal\n",
      r.value[0], r.grad(0, 0), r.grad(0, 1), r.grad(0, 2), r.diag(0, 0), r.diag(0, 1),
      r.diag(0, 2));
  bool const q1 = r.value[0] == 1 && r.diag(0, 0) == -2 && r.diag(0, 1) == -2 &&
                  r.diag(0, 2) == 2 && r.grad(0, 0) == 1 && r.grad(0, 1) == -1 &&
                  r.grad(0, 2) == -3;
  std::printf("   by hand: 1, (1, -1, -3), (-2, -2, 2): %s\n\n", q1 ? "OK" : "MISMATCH");
  ok = ok && q1;

  // ---- 2. Laplacian of log(sum q^2) in 3-D -----------------------------------------------
  auto logr2 = [](auto const& q) {
    using std::log;
    auto s = q[0] * q[0];
    for (std::size_t i = 1; i < q.size(); ++i) s += q[i] * q[i];
    return log(s);
  };
  std::mt19937 rng(7);
  std::normal_distribution<double> normal;
  std::size_t const k3 = 5;
  std::vector<double> q(k3 * 3);
  for (auto& v : q) v = normal(rng);
  auto const lap = td::laplacian(logr2, td::points_view<double>::row_major(q.data(), k3, 3));
  std::printf("2. Laplacian of log(q1^2 + q2^2 + q3^2) at %zu random points vs 2/r^2\n", k3);
  double worst = 0;
  for (std::size_t p = 0; p < k3; ++p) {
    double const r2 =
        q[3 * p] * q[3 * p] + q[3 * p + 1] * q[3 * p + 1] + q[3 * p + 2] * q[3 * p + 2];
    worst = std::max(worst, std::fabs(lap[p] - 2 / r2) / (2 / r2));
    std::printf("   %.12f   %.12f\n", lap[p], 2 / r2);
  }
  std::printf("   largest relative error %.1e: %s\n\n", worst, worst < 1e-13 ? "OK" : "MISMATCH");
  ok = ok && worst < 1e-13;

  // ---- 3. speed against the full Hessian -------------------------------------------------
  std::size_t const n = 64, k = 20000, k_naive = 1000;
  std::vector<double> x(k * n);
  std::uniform_real_distribution<double> u(-1, 1);
  for (auto& v : x) v = u(rng);
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  std::vector<double> val(k), grad(k * n), diag(k * n);
  td::outputs<double> const out{val,
                                td::matrix_ref<double>::row_major(grad.data(), k, n),
                                td::matrix_ref<double>::row_major(diag.data(), k, n),
                                {}};

  auto best_of = [&](int reps, auto&& run) {
    double best = 1e300;
    for (int i = 0; i < reps; ++i) {
      auto const t0 = clock::now();
      run();
      best = std::min(best, seconds(t0, clock::now()));
    }
    return best;
  };
  td::options const one{.threads = 1, .method = td::strategy::automatic, .block_points = 0};
  double const t_td1 = best_of(3, [&] { td::evaluate(logr2, pts, out, one); });
  double const t_td =
      best_of(3, [&] { td::evaluate(logr2, pts, out); });  // all threads of the default arena

  std::vector<double> H(n * n);
  double max_diff = 0;
  double const t_naive = best_of(1, [&] {
    for (std::size_t p = 0; p < k_naive; ++p) {
      naive_hessian(logr2, &x[p * n], n, H.data());
      for (std::size_t i = 0; i < n; ++i)
        max_diff = std::max(max_diff, std::fabs(H[i * n + i] - diag[p * n + i]));
    }
  });
  double const per_td1 = t_td1 / double(k), per_td = t_td / double(k),
               per_naive = t_naive / double(k_naive);
  std::printf("3. Hessian diagonal of log(sum x_i^2), n = %zu (value and gradient included)\n", n);
  std::printf("   %-44s %12s %14s\n", "method", "per point", "vs naive");
  std::printf("   %-44s %9.2f us %13.0fx\n", "taylordiag, 1 thread (k = 20000)", per_td1 * 1e6,
              per_naive / per_td1);
  std::printf("   %-44s %9.2f us %13.0fx\n", "taylordiag, all threads (k = 20000)", per_td * 1e6,
              per_naive / per_td);
  std::printf("   %-44s %9.2f us %13s\n", "naive: full Hessian, nested duals (k = 1000)",
              per_naive * 1e6, "1x");
  std::printf("   the two diagonals agree to %.1e\n", max_diff);
  ok = ok && max_diff < 1e-12;

  std::printf("\n%s\n", ok ? "demo: all checks OK" : "demo: A CHECK FAILED");
  return ok ? 0 : 1;
}
