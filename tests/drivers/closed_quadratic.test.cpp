// tests/drivers/closed_quadratic.test.cpp -- value, gradient and Hessian diagonal of a quadratic
// with couplings x_i x_{i+1} against its closed form, every n, k, strategy, float and double.
#include "drivers/common.hpp"

namespace {
using namespace tdtest;

TEST(ClosedForm, QuadraticDouble) {
  sweep<double>(quadratic{}, &quadratic::ref, -2, 2);
}
TEST(ClosedForm, QuadraticFloat) {
  sweep<float>(quadratic{}, &quadratic::ref, -2, 2);
}

}  // namespace
