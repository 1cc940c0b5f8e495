// tests/drivers/closed_mlp.test.cpp -- a small tanh MLP: value, gradient and Hessian diagonal
// against the hand-derived formula (every n, k, strategy, float and double) and, for small n,
// against a long-double central finite difference of the network itself.
#include "drivers/common.hpp"

namespace {
using namespace tdtest;

TEST(ClosedForm, MlpDouble) {
  sweep<double>(mlp{}, &mlp::ref, -1, 1);
}
TEST(ClosedForm, MlpFloat) {
  sweep<float>(mlp{}, &mlp::ref, -1, 1);
}

// Independent of the hand derivation: (f(x+h e_i) - 2f(x) + f(x-h e_i))/h^2 in long double,
// h = 1e-4: truncation ~h^2 |f''''|/12 ~ 1e-9, rounding ~eps_ld/h^2 ~ 1e-11.
TEST(ClosedForm, MlpFiniteDifference) {
  for (std::size_t n : {1, 2, 3, 7}) {
    std::size_t const k = W<double> + 1;
    auto const x = make_points<double>(k, n, -1, 1, 7);
    auto const r = td::hessian_diagonal(mlp{}, td::points_view<double>::row_major(x.data(), k, n));
    ld const h = 1e-4L;
    for (std::size_t p = 0; p < k; ++p) {
      auto xp = widen(x.data() + p * n, n);
      ld const f0 = mlp::eval(xp);
      EXPECT_NEAR(r.value[p], double(f0), 1e-14);
      for (std::size_t i = 0; i < n; ++i) {
        auto a = xp, b = xp;
        a[i] += h, b[i] -= h;
        ld const fa = mlp::eval(a), fb = mlp::eval(b);
        EXPECT_NEAR(r.grad(p, i), double((fa - fb) / (2 * h)), 1e-7)
            << "n " << n << " p " << p << " i " << i;
        EXPECT_NEAR(r.diag(p, i), double((fa - 2 * f0 + fb) / (h * h)), 1e-6)
            << "n " << n << " p " << p << " i " << i;
      }
    }
  }
}

}  // namespace
