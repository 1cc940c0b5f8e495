// examples/question_product.cpp -- the original question: value, gradient and Hessian
// diagonal of  loss = prod_i (f_i^2 - 3 f_i + 1)  at f = (1, 2, 0), without the Hessian.
//
// By hand, with g_i = f_i^2 - 3 f_i + 1 = (-1, -1, 1) and P_i = prod_{j != i} g_j = (-1, -1, 1):
//   loss   = g_0 g_1 g_2        = 1
//   loss'  = (2 f_i - 3) P_i    = (1, -1, -3)
//   loss'' = 2 P_i              = (-2, -2, 2)
#include <cstdio>
#include <vector>

#include "taylordiag/taylordiag.hpp"

int main() {
  // f is written once, generically: it runs on jets (and on plain doubles).
  auto loss = [](auto const& f) {
    auto p = f[0] * f[0] - 3.0 * f[0] + 1.0;
    for (std::size_t i = 1; i < f.size(); ++i) p *= f[i] * f[i] - 3.0 * f[i] + 1.0;
    return p;
  };

  std::vector<double> f = {1, 2, 0};  // one point (k = 1) in R^3
  auto r = taylordiag::hessian_diagonal(loss,
                                        taylordiag::points_view<double>::row_major(f.data(), 1, 3));

  double const want_grad[3] = {1, -1, -3}, want_diag[3] = {-2, -2, 2};
  bool ok = r.value[0] == 1.0;
  std::printf("loss   = %g   (by hand: 1)\n", r.value[0]);
  for (int i = 0; i < 3; ++i) {
    std::printf("i = %d: loss' = %3g (by hand %3g)   loss'' = %3g (by hand %3g)\n", i, r.grad(0, i),
                want_grad[i], r.diag(0, i), want_diag[i]);
    ok = ok && r.grad(0, i) == want_grad[i] && r.diag(0, i) == want_diag[i];
  }
  std::printf("%s\n", ok ? "OK: matches the hand-computed values exactly" : "MISMATCH");
  return ok ? 0 : 1;
}
