// tests/drivers/closed_product.test.cpp -- the question's product prod_i (x_i^2 - 3x_i + 1):
// value, gradient and Hessian diagonal against the closed form (2x_i - 3) P_i and 2 P_i, every
// n, k, strategy, float and double; and the question's own point (1, 2, 0).
#include "drivers/common.hpp"

namespace {
using namespace tdtest;

// Ranges keep every factor away from its roots (0.38, 2.62), where the value is a cancellation
// no method computes to full relative accuracy. For large n the factors stay near 1 so that the
// product of 1000 factors neither overflows nor underflows; (1, 2, 0) below has negative factors.
TEST(ClosedForm, ProductDouble) {
  sweep<double>(product{}, &product::ref, -1.5, 0.25, {1, 2, 3, 7});
  sweep<double>(product{}, &product::ref, -0.05, 0.05, {64, 1000});
}
TEST(ClosedForm, ProductFloat) {
  sweep<float>(product{}, &product::ref, -1.5, 0.25, {1, 2, 3, 7});
  sweep<float>(product{}, &product::ref, -0.05, 0.05, {64, 1000});
}

// At (1, 2, 0): g = (-1, -1, 1), g' = (-1, 1, -3), so f = 1, P_i = prod_{j!=i} g_j = (-1, -1, 1),
// grad = g' P = (1, -1, -3), diag = 2 P = (-2, -2, 2) -- exact in floating point.
TEST(ClosedForm, QuestionPoint) {
  std::vector<double> x = {1, 2, 0};
  for (td::strategy s : all_strategies) {
    auto r = td::hessian_diagonal(product{}, td::points_view<double>::row_major(x.data(), 1, 3),
                                  td::options{.threads = {}, .method = s, .block_points = 0});
    EXPECT_EQ(r.value, std::vector<double>({1}));
    EXPECT_EQ(r.gradient, std::vector<double>({1, -1, -3}));
    EXPECT_EQ(r.diagonal, std::vector<double>({-2, -2, 2}));
    EXPECT_EQ(r.diag(0, 2), 2.0);
  }
}

}  // namespace
