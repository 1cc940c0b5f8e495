// examples/question_laplacian.cpp -- the question's second example: the Hessian diagonal of
// log(sum_i q_i^2) at k points in 3-D, summed into the Laplacian, which is 2/r^2 there
// (in n dimensions: (2n - 4)/r^2). The Laplacian is computed directly by collapsed jets;
// the diagonal is printed too.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "taylordiag/taylordiag.hpp"

int main() {
  auto f = [](auto const& q) {
    using std::log;  // so that f also runs on plain doubles
    return log(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
  };

  std::size_t const k = 5, n = 3;
  std::mt19937 rng(1);
  std::normal_distribution<double> normal;
  std::vector<double> q(k * n);  // k x n, row-major: point p is q[3p .. 3p+2]
  for (auto& v : q) v = normal(rng);
  auto const points = taylordiag::points_view<double>::row_major(q.data(), k, n);

  std::vector<double> lap = taylordiag::laplacian(f, points);  // collapsed jets, no diagonal
  auto const d = taylordiag::hessian_diagonal(f, points);      // value, gradient, diagonal

  double worst = 0;
  for (std::size_t p = 0; p < k; ++p) {
    double const r2 =
        q[3 * p] * q[3 * p] + q[3 * p + 1] * q[3 * p + 1] + q[3 * p + 2] * q[3 * p + 2];
    double const rel = std::fabs(lap[p] - 2 / r2) / (2 / r2);
    worst = std::max(worst, rel);
    std::printf(
        "point %zu: diag = (%+.6f, %+.6f, %+.6f)  laplacian = %.12f  2/r^2 = %.12f  rel.err %.1e\n",
        p, d.diag(p, 0), d.diag(p, 1), d.diag(p, 2), lap[p], 2 / r2, rel);
  }
  bool const ok = worst < 1e-13;
  std::printf("%s (largest relative error %.1e)\n", ok ? "OK: Laplacian = 2/r^2" : "MISMATCH",
              worst);
  return ok ? 0 : 1;
}
