// tests/jet/rules_sse2.test.cpp -- every elementary rule on the narrow SSE2 batches
// (4 floats, 2 doubles): the same checks as rules_batch.test.cpp at another lane count.
#include "jet/rules_driver.hpp"

template <class T>
class RulesSse2 : public testing::Test {};
using Sse2Types =
    testing::Types<xsimd::batch<float, xsimd::sse2>, xsimd::batch<double, xsimd::sse2>>;
TYPED_TEST_SUITE(RulesSse2, Sse2Types);
TD_RULES_TESTS(RulesSse2)
