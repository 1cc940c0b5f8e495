// tests/drivers/closed_log_norm.test.cpp -- value, gradient and Hessian diagonal of log(sum x_i^2)
// (the question's second example) against 2x_i/s and 2/s - 4x_i^2/s^2, every n, k, strategy.
#include "drivers/common.hpp"

namespace {
using namespace tdtest;

TEST(ClosedForm, LogNormDouble) {
  sweep<double>(log_norm{}, &log_norm::ref, 0.3, 2);
}
TEST(ClosedForm, LogNormFloat) {
  sweep<float>(log_norm{}, &log_norm::ref, 0.3, 2);
}

}  // namespace
