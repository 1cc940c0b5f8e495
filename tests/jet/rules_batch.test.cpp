// tests/jet/rules_batch.test.cpp -- every elementary rule on Jet<xsimd::batch<float|double>, 2>
// (the default, widest arch): each lane holds a different point and is checked against the
// long double closed form, a finite difference and the scalar jet at that point.
#include "jet/rules_driver.hpp"

template <class T>
class RulesBatch : public testing::Test {};
using BatchTypes = testing::Types<xsimd::batch<float>, xsimd::batch<double>>;
TYPED_TEST_SUITE(RulesBatch, BatchTypes);
TD_RULES_TESTS(RulesBatch)
