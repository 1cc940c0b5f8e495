// examples/newton_solver.cpp -- Newton iterations with diagonal curvature.
//
// Minimise the separable f(x) = sum_i exp(x_i) - (i + 1) x_i (minimum at x_i = log(i + 1))
// from k = 4 starting points at once. For a separable f the Hessian IS its diagonal, so the
// diagonal Newton step x_i -= g_i / H_ii is the exact Newton step and converges
// quadratically near the minimum (far from it, exp makes the first steps overshoot and come
// back about one unit per step). Each step calls taylordiag::evaluate into buffers allocated
// once, before the loop (the drivers allocate nothing per call for small n).
#include <cmath>
#include <cstdio>
#include <vector>

#include "taylordiag/taylordiag.hpp"

int main() {
  auto f = [](auto const& x) {
    using std::exp;
    auto s = exp(x[0]) - 1.0 * x[0];
    for (std::size_t i = 1; i < x.size(); ++i) s += exp(x[i]) - double(i + 1) * x[i];
    return s;
  };

  std::size_t const k = 4, n = 8;
  std::vector<double> x(k * n), value(k), grad(k * n), diag(k * n);  // preallocated once
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < n; ++i) x[p * n + i] = double(p);  // starts 0, 1, 2, 3

  namespace td = taylordiag;
  td::outputs<double> const out{value,
                                td::matrix_ref<double>::row_major(grad.data(), k, n),
                                td::matrix_ref<double>::row_major(diag.data(), k, n),
                                {}};
  auto const points =
      td::points_view<double>::row_major(x.data(), k, n);  // views x, updated in place

  std::printf("iter   max|grad| over the %zu runs   f(run 0)\n", k);
  double gmax = 0;
  for (int it = 0; it < 50; ++it) {
    td::evaluate(f, points, out);
    gmax = 0;
    for (double g : grad) gmax = std::max(gmax, std::fabs(g));
    std::printf("%4d   %.3e                   %.15f\n", it, gmax, value[0]);
    if (gmax < 1e-12) break;
    for (std::size_t j = 0; j < k * n; ++j) x[j] -= grad[j] / diag[j];  // diagonal Newton step
  }

  double err = 0;
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < n; ++i)
      err = std::max(err, std::fabs(x[p * n + i] - std::log(double(i + 1))));
  bool const ok = gmax < 1e-12 && err < 1e-12;
  std::printf("%s: max |x_i - log(i + 1)| = %.1e\n", ok ? "OK" : "NOT CONVERGED", err);
  return ok ? 0 : 1;
}
