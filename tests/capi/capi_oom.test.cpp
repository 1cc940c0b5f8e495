// tests/capi/capi_oom.test.cpp -- TAYLORDIAG_OUT_OF_MEMORY from a real allocation failure: this
// executable replaces the global operator new (which the statically linked library uses too)
// with one that can be told to fail, so std::bad_alloc is thrown from deep inside the parser.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include <gtest/gtest.h>

#include "taylordiag/taylordiag.h"

namespace {
thread_local bool t_fail_allocations = false;
}  // namespace

// noinline: inlined into a caller, free() after new() looks mismatched to GCC's
// -Wmismatched-new-delete although this pair is consistent.
[[gnu::noinline]] void* operator new(std::size_t size) {
  if (t_fail_allocations) throw std::bad_alloc();
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

TEST(CApiOutOfMemory, CompileReportsOutOfMemory) {
  auto* const junk = reinterpret_cast<taylordiag_function*>(std::uintptr_t{0x10});
  taylordiag_function* f = junk;
  t_fail_allocations = true;
  // Even the message cannot be allocated: the API falls back to a static one.
  taylordiag_status const s = taylordiag_compile("log(sum(x^2)) + prod(x^2 - 3*x + 1)", 8, &f);
  t_fail_allocations = false;
  EXPECT_EQ(s, TAYLORDIAG_OUT_OF_MEMORY);
  EXPECT_EQ(f, nullptr);
  EXPECT_NE(std::string(taylordiag_last_error_message()).find("out of memory"), std::string::npos)
      << taylordiag_last_error_message();
  EXPECT_EQ(taylordiag_last_error_position(), -1);

  // Memory is back: the same call succeeds and the function works.
  ASSERT_EQ(taylordiag_compile("log(sum(x^2)) + prod(x^2 - 3*x + 1)", 8, &f), TAYLORDIAG_OK);
  double x[8] = {1, 2, 0, 1, 2, 0, 1, 2}, v = 0;
  EXPECT_EQ(taylordiag_evaluate_d(f, 1, 8, x, &v, nullptr, nullptr, 1), TAYLORDIAG_OK);
  // |x|^2 = 15; the factors x^2 - 3x + 1 are (-1, -1, 1, -1, -1, 1, -1, -1): product 1.
  EXPECT_NEAR(v, std::log(15.0) + 1, 1e-12);
  taylordiag_free(f);
}

}  // namespace
