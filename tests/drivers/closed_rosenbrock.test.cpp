// tests/drivers/closed_rosenbrock.test.cpp -- value, gradient and Hessian diagonal of the
// Rosenbrock function against its closed form, every n, k, strategy, float and double.
#include "drivers/common.hpp"

namespace {
using namespace tdtest;

TEST(ClosedForm, RosenbrockDouble) {
  sweep<double>(rosenbrock{}, &rosenbrock::ref, -1.5, 1.5);
}
TEST(ClosedForm, RosenbrockFloat) {
  sweep<float>(rosenbrock{}, &rosenbrock::ref, -1.5, 1.5);
}

}  // namespace
