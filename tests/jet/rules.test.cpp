// tests/jet/rules.test.cpp -- every elementary rule on scalar Jet<float|double, 2>: value,
// first and second derivative against the long double closed form and finite difference.
// (The batch lanes are checked by rules_batch.test.cpp and rules_sse2.test.cpp.)
#include "jet/rules_driver.hpp"

template <class T>
class RulesScalar : public testing::Test {};
using ScalarTypes = testing::Types<float, double>;
TYPED_TEST_SUITE(RulesScalar, ScalarTypes);
TD_RULES_TESTS(RulesScalar)
