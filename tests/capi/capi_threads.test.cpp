// tests/capi/capi_threads.test.cpp -- the C API from several threads: one shared handle
// evaluated concurrently gives bitwise the single-threaded results, and the last error is per
// thread. (Labelled "threads": the ThreadSanitizer run checks the handle adds no shared state.)
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tape/problems.hpp"
#include "taylordiag/taylordiag.h"

namespace {

struct result {
  std::vector<double> value, gradient, diagonal, laplacian;
  bool operator==(result const&) const = default;
};

result run(taylordiag_function const* f, std::vector<double> const& x, std::size_t k, std::size_t n,
           std::int32_t threads) {
  result r{std::vector<double>(k), std::vector<double>(k * n), std::vector<double>(k * n),
           std::vector<double>(k)};
  EXPECT_EQ(taylordiag_evaluate_d(f, k, n, x.data(), r.value.data(), r.gradient.data(),
                                  r.diagonal.data(), threads),
            TAYLORDIAG_OK)
      << taylordiag_last_error_message();
  EXPECT_EQ(taylordiag_laplacian_d(f, k, n, x.data(), r.laplacian.data(), threads), TAYLORDIAG_OK)
      << taylordiag_last_error_message();
  return r;
}

TEST(CApiThreads, SharedHandleFromFourThreads) {
  std::size_t const n = 6, k = 203;
  taylordiag_function* f = nullptr;
  ASSERT_EQ(taylordiag_compile("log(sum(x^2)) + prod(x^2 - 3*x + 1) + sum(sin(x[i+1] * x))", n, &f),
            TAYLORDIAG_OK)
      << taylordiag_last_error_message();

  constexpr int workers = 4;
  std::vector<std::vector<double>> points;
  std::vector<result> reference;
  for (int t = 0; t < workers; ++t) {
    points.push_back(tapetest::random_points<double>(k, n, -2, 2, unsigned(100 + t)));
    reference.push_back(run(f, points[t], k, n, 1));  // single-threaded
  }
  ASSERT_NE(reference[0], reference[1]);  // the points differ, so a mix-up would show

  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < workers; ++t) {
    pool.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep) {
        // Alternate the library default (oneTBB workers shared by all callers) and caps.
        std::int32_t const threads = rep % 3;
        if (!(run(f, points[t], k, n, threads) == reference[t])) ++mismatches;
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  taylordiag_free(f);
}

// threads is a cap: any value above the cores is just "all of them" (INT32_MAX once crashed
// inside oneTBB, which allocated an arena slot per requested thread).
TEST(CApiThreads, HugeCapsAreCaps) {
  std::size_t const n = 3, k = 4096;  // many point blocks: the parallel path
  taylordiag_function* f = nullptr;
  ASSERT_EQ(taylordiag_compile("log(sum(x^2)) + prod(x^2 - 3*x + 1)", n, &f), TAYLORDIAG_OK);
  auto const x = tapetest::random_points<double>(k, n, -2, 2, 7);
  result const reference = run(f, x, k, n, 1);
  for (std::int32_t threads : {3, 1 << 16, std::numeric_limits<std::int32_t>::max()})
    EXPECT_TRUE(run(f, x, k, n, threads) == reference) << threads;
  taylordiag_free(f);
}

TEST(CApiThreads, LastErrorIsPerThread) {
  taylordiag_function* f = nullptr;
  ASSERT_EQ(taylordiag_compile("sin(", 1, &f), TAYLORDIAG_PARSE_ERROR);
  std::string const mine = taylordiag_last_error_message();
  std::int64_t const my_position = taylordiag_last_error_position();
  ASSERT_NE(mine.find("taylordiag: expr:"), std::string::npos) << mine;
  ASSERT_EQ(my_position, 4);

  std::string theirs_before, theirs_after;
  std::int64_t their_position = 0;
  std::thread other([&] {
    theirs_before = taylordiag_last_error_message();  // a fresh thread has no error
    double x = 1, v = 0;
    EXPECT_EQ(taylordiag_evaluate_d(nullptr, 1, 1, &x, &v, nullptr, nullptr, 0),
              TAYLORDIAG_INVALID_ARGUMENT);
    theirs_after = taylordiag_last_error_message();
    their_position = taylordiag_last_error_position();
  });
  other.join();
  EXPECT_EQ(theirs_before, "");
  EXPECT_NE(theirs_after.find("taylordiag: f:"), std::string::npos) << theirs_after;
  EXPECT_EQ(their_position, -1);
  // Ours is untouched by the other thread's failure.
  EXPECT_EQ(taylordiag_last_error_message(), mine);
  EXPECT_EQ(taylordiag_last_error_position(), my_position);
}

// Many threads compiling, failing and evaluating at once: each sees only its own errors.
TEST(CApiThreads, ConcurrentErrorsStayApart) {
  constexpr int workers = 4;
  std::atomic<int> wrong{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < workers; ++t) {
    pool.emplace_back([&, t] {
      for (int rep = 0; rep < 50; ++rep) {
        // Thread t puts its unknown name at byte offset t.
        std::string const expr =
            std::string(std::size_t(t), ' ') + "nosuch" + std::to_string(t) + "(x0)";
        taylordiag_function* f = nullptr;
        if (taylordiag_compile(expr.c_str(), 1, &f) != TAYLORDIAG_PARSE_ERROR) ++wrong;
        std::string const m = taylordiag_last_error_message();
        if (m.find("nosuch" + std::to_string(t)) == std::string::npos) ++wrong;
        if (taylordiag_last_error_position() != t) ++wrong;
        if (taylordiag_compile("x0 * x0", 1, &f) != TAYLORDIAG_OK) ++wrong;
        double x = double(t), v = -1;
        if (taylordiag_evaluate_d(f, 1, 1, &x, &v, nullptr, nullptr, 1) != TAYLORDIAG_OK) ++wrong;
        if (v != double(t) * double(t)) ++wrong;
        taylordiag_free(f);
        if (taylordiag_last_error_message() != m) ++wrong;  // success leaves it alone
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
