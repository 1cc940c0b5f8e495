// tests/capi/capi.test.cpp -- the C API (taylordiag/taylordiag.h): every status code from a real
// bad input, messages naming the argument, parse positions, and results against closed forms
// and against the C++ tape it wraps (bitwise: same program, same kernels), double and float.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tape/problems.hpp"
#include "taylordiag/tape.hpp"
#include "taylordiag/taylordiag.h"

namespace {

namespace td = taylordiag;
using tapetest::random_points;

/// Owns a handle for the duration of a test.
struct handle {
  taylordiag_function* f = nullptr;
  handle(char const* expr, std::size_t n) {
    taylordiag_status const s = taylordiag_compile(expr, n, &f);
    EXPECT_EQ(s, TAYLORDIAG_OK) << expr << ": " << taylordiag_last_error_message();
  }
  ~handle() { taylordiag_free(f); }
  handle(handle const&) = delete;
  handle& operator=(handle const&) = delete;
};

std::string message() {
  return taylordiag_last_error_message();
}

/// The status is `want` and the thread's message names `argument` as the library formats it.
#define EXPECT_FAILS(call, want, argument)                                                       \
  do {                                                                                           \
    taylordiag_status const s_ = (call);                                                         \
    EXPECT_EQ(s_, want) << #call << ": " << message();                                           \
    EXPECT_NE(message().find(std::string("taylordiag: ") + (argument) + ":"), std::string::npos) \
        << #call << ": message '" << message() << "' does not name " << (argument);              \
  } while (0)

TEST(CApi, Version) {
  EXPECT_STREQ(taylordiag_version_string(), TAYLORDIAG_VERSION_STRING);
  EXPECT_EQ(taylordiag_version_major(), TAYLORDIAG_VERSION_MAJOR);
  EXPECT_EQ(taylordiag_version_minor(), TAYLORDIAG_VERSION_MINOR);
  EXPECT_EQ(taylordiag_version_patch(), TAYLORDIAG_VERSION_PATCH);
  std::string const parts = std::to_string(taylordiag_version_major()) + "." +
                            std::to_string(taylordiag_version_minor()) + "." +
                            std::to_string(taylordiag_version_patch());
  EXPECT_EQ(parts, taylordiag_version_string());
}

TEST(CApi, StatusNames) {
  EXPECT_STREQ(taylordiag_status_name(TAYLORDIAG_OK), "TAYLORDIAG_OK");
  EXPECT_STREQ(taylordiag_status_name(TAYLORDIAG_INVALID_ARGUMENT), "TAYLORDIAG_INVALID_ARGUMENT");
  EXPECT_STREQ(taylordiag_status_name(TAYLORDIAG_PARSE_ERROR), "TAYLORDIAG_PARSE_ERROR");
  EXPECT_STREQ(taylordiag_status_name(TAYLORDIAG_OUT_OF_MEMORY), "TAYLORDIAG_OUT_OF_MEMORY");
  EXPECT_STREQ(taylordiag_status_name(TAYLORDIAG_INTERNAL_ERROR), "TAYLORDIAG_INTERNAL_ERROR");
  EXPECT_STREQ(taylordiag_status_name(-1), "unknown status");
  EXPECT_STREQ(taylordiag_status_name(5), "unknown status");
}

TEST(CApi, CompileAndDimension) {
  handle h("prod(x^2 - 3*x + 1)", 7);
  ASSERT_NE(h.f, nullptr);
  std::size_t n = 0;
  EXPECT_EQ(taylordiag_dimension(h.f, &n), TAYLORDIAG_OK);
  EXPECT_EQ(n, 7u);
  EXPECT_FAILS(taylordiag_dimension(nullptr, &n), TAYLORDIAG_INVALID_ARGUMENT, "f");
  EXPECT_FAILS(taylordiag_dimension(h.f, nullptr), TAYLORDIAG_INVALID_ARGUMENT, "n");
  taylordiag_free(nullptr);  // allowed
}

TEST(CApi, CompileRejectsBadArguments) {
  // On failure *out is reset to NULL, whatever it held.
  auto* const junk = reinterpret_cast<taylordiag_function*>(std::uintptr_t{0x10});
  taylordiag_function* f = junk;
  EXPECT_FAILS(taylordiag_compile(nullptr, 3, &f), TAYLORDIAG_INVALID_ARGUMENT, "expr");
  EXPECT_EQ(f, nullptr);
  f = junk;
  EXPECT_FAILS(taylordiag_compile("x0", 0, &f), TAYLORDIAG_INVALID_ARGUMENT, "n");
  EXPECT_EQ(f, nullptr);
  EXPECT_FAILS(taylordiag_compile("x0", 1, nullptr), TAYLORDIAG_INVALID_ARGUMENT, "out");
  // Absurd dimensions are refused by the parser before anything is allocated.
  f = junk;
  EXPECT_FAILS(taylordiag_compile("x0", std::size_t{1} << 40, &f), TAYLORDIAG_INVALID_ARGUMENT,
               "n");
  EXPECT_EQ(f, nullptr);
  EXPECT_EQ(taylordiag_last_error_position(), -1);
}

struct bad_expr {
  char const* expr;
  std::size_t n;
  std::int64_t position;
  char const* fragment;
};

TEST(CApi, ParseErrorsCarryThePosition) {
  for (auto const& b : {
           bad_expr{"", 2, 0, "empty"},
           bad_expr{"(x0 + 1", 2, 7, "expected ')'"},
           bad_expr{"foo(x0)", 2, 0, "unknown function 'foo'"},
           bad_expr{"log(x0) + bar(x1)", 2, 10, "unknown function 'bar'"},
           bad_expr{"x0 * x5", 3, 5, "index 5 out of range"},
           bad_expr{"x0 $ x1", 2, 3, "expected an operator"},
           bad_expr{"exp(x0, x1)", 2, 0, "exp() takes 1 argument, got 2"},
           bad_expr{"x0 +", 1, 4, "the expression ended"},
       }) {
    taylordiag_function* f = nullptr;
    EXPECT_FAILS(taylordiag_compile(b.expr, b.n, &f), TAYLORDIAG_PARSE_ERROR, "expr");
    EXPECT_EQ(f, nullptr);
    EXPECT_EQ(taylordiag_last_error_position(), b.position) << b.expr << ": " << message();
    EXPECT_NE(message().find(b.fragment), std::string::npos) << b.expr << ": " << message();
    taylordiag_free(f);
  }
  // A later error of another kind resets the position.
  std::size_t n;
  EXPECT_FAILS(taylordiag_dimension(nullptr, &n), TAYLORDIAG_INVALID_ARGUMENT, "f");
  EXPECT_EQ(taylordiag_last_error_position(), -1);
}

TEST(CApi, EvaluationRejectsBadArguments) {
  handle h("log(sum(x^2))", 3);
  std::vector<double> x = {1, 2, 0, 3, 1, 1}, v(2), g(6), d(6), lap(2), w = {1, 1, 1};
  std::vector<float> xf(x.begin(), x.end()), vf(2), lapf(2), wf = {1, 1, 1};

  EXPECT_FAILS(taylordiag_evaluate_d(nullptr, 2, 3, x.data(), v.data(), g.data(), d.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "f");
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 2, 2, x.data(), v.data(), g.data(), d.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "n");
  EXPECT_NE(message().find("compiled for 3"), std::string::npos) << message();
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 2, 0, x.data(), v.data(), g.data(), d.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "n");
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 2, 3, nullptr, v.data(), g.data(), d.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "x");
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 2, 3, x.data(), nullptr, nullptr, nullptr, 0),
               TAYLORDIAG_INVALID_ARGUMENT, "value");
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 2, 3, x.data(), v.data(), nullptr, nullptr, -1),
               TAYLORDIAG_INVALID_ARGUMENT, "threads");
  EXPECT_FAILS(taylordiag_evaluate_f(h.f, 2, 3, xf.data(), vf.data(), nullptr, nullptr, -7),
               TAYLORDIAG_INVALID_ARGUMENT, "threads");
  EXPECT_FAILS(taylordiag_evaluate_f(h.f, 2, 4, xf.data(), vf.data(), nullptr, nullptr, 0),
               TAYLORDIAG_INVALID_ARGUMENT, "n");
  // k * n must fit in size_t (a corrupted k from an FFI), checked before x is touched.
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, std::numeric_limits<std::size_t>::max() / 2, 3, x.data(),
                                     v.data(), nullptr, nullptr, 0),
               TAYLORDIAG_INVALID_ARGUMENT, "k");

  EXPECT_FAILS(taylordiag_laplacian_d(nullptr, 2, 3, x.data(), lap.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "f");
  EXPECT_FAILS(taylordiag_laplacian_d(h.f, 2, 3, x.data(), nullptr, 0), TAYLORDIAG_INVALID_ARGUMENT,
               "laplacian");
  EXPECT_FAILS(taylordiag_laplacian_f(h.f, 2, 3, nullptr, lapf.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "x");
  EXPECT_FAILS(taylordiag_laplacian_f(h.f, 2, 3, xf.data(), lapf.data(), -1),
               TAYLORDIAG_INVALID_ARGUMENT, "threads");

  EXPECT_FAILS(taylordiag_weighted_laplacian_d(h.f, 2, 3, x.data(), nullptr, lap.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "weights");
  EXPECT_FAILS(taylordiag_weighted_laplacian_d(h.f, 2, 3, x.data(), w.data(), nullptr, 0),
               TAYLORDIAG_INVALID_ARGUMENT, "out");
  EXPECT_FAILS(taylordiag_weighted_laplacian_f(h.f, 2, 1, xf.data(), wf.data(), lapf.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "n");
  w[1] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FAILS(taylordiag_weighted_laplacian_d(h.f, 2, 3, x.data(), w.data(), lap.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "weights");
  wf[2] = std::numeric_limits<float>::infinity();
  EXPECT_FAILS(taylordiag_weighted_laplacian_f(h.f, 2, 3, xf.data(), wf.data(), lapf.data(), 0),
               TAYLORDIAG_INVALID_ARGUMENT, "weights");
}

// k = 0: nothing read or written, so NULL buffers are fine -- but the handle, n and threads
// are still checked.
TEST(CApi, NoPointsIsANoOp) {
  handle h("log(sum(x^2))", 3);
  EXPECT_EQ(taylordiag_evaluate_d(h.f, 0, 3, nullptr, nullptr, nullptr, nullptr, 0), TAYLORDIAG_OK);
  EXPECT_EQ(taylordiag_evaluate_f(h.f, 0, 3, nullptr, nullptr, nullptr, nullptr, 2), TAYLORDIAG_OK);
  EXPECT_EQ(taylordiag_laplacian_d(h.f, 0, 3, nullptr, nullptr, 1), TAYLORDIAG_OK);
  EXPECT_EQ(taylordiag_weighted_laplacian_f(h.f, 0, 3, nullptr, nullptr, nullptr, 0),
            TAYLORDIAG_OK);
  double sentinel = -42;
  EXPECT_EQ(taylordiag_laplacian_d(h.f, 0, 3, nullptr, &sentinel, 0), TAYLORDIAG_OK);
  EXPECT_EQ(sentinel, -42);
  EXPECT_FAILS(taylordiag_laplacian_d(h.f, 0, 2, nullptr, nullptr, 0), TAYLORDIAG_INVALID_ARGUMENT,
               "n");
  EXPECT_FAILS(taylordiag_laplacian_d(h.f, 0, 3, nullptr, nullptr, -1), TAYLORDIAG_INVALID_ARGUMENT,
               "threads");
  EXPECT_FAILS(taylordiag_laplacian_d(nullptr, 0, 3, nullptr, nullptr, 0),
               TAYLORDIAG_INVALID_ARGUMENT, "f");
}

TEST(CApi, SuccessLeavesTheLastErrorAlone) {
  handle h("x0 * x1", 2);
  double x[2] = {3, 4}, v = 0;
  EXPECT_FAILS(taylordiag_evaluate_d(h.f, 1, 2, x, &v, nullptr, nullptr, -3),
               TAYLORDIAG_INVALID_ARGUMENT, "threads");
  std::string const before = message();
  EXPECT_EQ(taylordiag_evaluate_d(h.f, 1, 2, x, &v, nullptr, nullptr, 0), TAYLORDIAG_OK);
  EXPECT_EQ(v, 12);
  EXPECT_EQ(message(), before);
}

// The question's product at (1, 2, 0): g = x^2 - 3x + 1 = (-1, -1, 1), P_i = prod_{j!=i} g_j,
// value 1, gradient (2x_i - 3) P_i = (1, -1, -3), diagonal 2 P_i = (-2, -2, 2): exact in
// float and double.
template <class Real>
class CApiTyped : public ::testing::Test {};
using Reals = ::testing::Types<double, float>;
TYPED_TEST_SUITE(CApiTyped, Reals);

template <class Real>
taylordiag_status evaluate(taylordiag_function const* f, std::size_t k, std::size_t n,
                           Real const* x, Real* v, Real* g, Real* d, std::int32_t threads) {
  if constexpr (std::is_same_v<Real, double>)
    return taylordiag_evaluate_d(f, k, n, x, v, g, d, threads);
  else
    return taylordiag_evaluate_f(f, k, n, x, v, g, d, threads);
}
template <class Real>
taylordiag_status laplacian(taylordiag_function const* f, std::size_t k, std::size_t n,
                            Real const* x, Real* out, std::int32_t threads) {
  if constexpr (std::is_same_v<Real, double>)
    return taylordiag_laplacian_d(f, k, n, x, out, threads);
  else
    return taylordiag_laplacian_f(f, k, n, x, out, threads);
}
template <class Real>
taylordiag_status weighted(taylordiag_function const* f, std::size_t k, std::size_t n,
                           Real const* x, Real const* w, Real* out, std::int32_t threads) {
  if constexpr (std::is_same_v<Real, double>) {
    return taylordiag_weighted_laplacian_d(f, k, n, x, w, out, threads);
  } else {
    return taylordiag_weighted_laplacian_f(f, k, n, x, w, out, threads);
  }
}

TYPED_TEST(CApiTyped, QuestionProductExact) {
  using Real = TypeParam;
  handle h("prod(x^2 - 3*x + 1)", 3);
  Real const x[3] = {1, 2, 0};
  Real v = 0, g[3] = {}, d[3] = {};
  ASSERT_EQ(evaluate<Real>(h.f, 1, 3, x, &v, g, d, 0), TAYLORDIAG_OK) << message();
  EXPECT_EQ(v, Real(1));
  Real const want_g[3] = {1, -1, -3}, want_d[3] = {-2, -2, 2};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(g[i], want_g[i]) << i;
    EXPECT_EQ(d[i], want_d[i]) << i;
  }
  // Each output on its own gives the same numbers.
  Real v2 = 0, g2[3] = {}, d2[3] = {};
  ASSERT_EQ(evaluate<Real>(h.f, 1, 3, x, nullptr, g2, nullptr, 1), TAYLORDIAG_OK);
  ASSERT_EQ(evaluate<Real>(h.f, 1, 3, x, nullptr, nullptr, d2, 1), TAYLORDIAG_OK);
  ASSERT_EQ(evaluate<Real>(h.f, 1, 3, x, &v2, nullptr, nullptr, 1), TAYLORDIAG_OK);
  EXPECT_EQ(v2, v);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(g2[i], g[i]) << i;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(d2[i], d[i]) << i;
}

TYPED_TEST(CApiTyped, ProductClosedFormAtRandomPoints) {
  using Real = TypeParam;
  std::size_t const n = 5, k = 37;
  handle h("prod(x^2 - 3*x + 1)", n);
  auto const x = random_points<Real>(k, n, -1, 3, 11);
  std::vector<Real> v(k), g(k * n), d(k * n);
  ASSERT_EQ(evaluate<Real>(h.f, k, n, x.data(), v.data(), g.data(), d.data(), 0), TAYLORDIAG_OK);
  double const tol = std::is_same_v<Real, double> ? 1e-12 : 1e-4;
  for (std::size_t p = 0; p < k; ++p) {
    double gi[n], all = 1;
    for (std::size_t i = 0; i < n; ++i) {
      double const xi = x[p * n + i];
      gi[i] = xi * xi - 3 * xi + 1;
      all *= gi[i];
    }
    EXPECT_NEAR(v[p], all, tol * (1 + std::abs(all))) << p;
    for (std::size_t i = 0; i < n; ++i) {
      double others = 1;
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) others *= gi[j];
      double const xi = x[p * n + i];
      double const want_g = (2 * xi - 3) * others, want_d = 2 * others;
      EXPECT_NEAR(g[p * n + i], want_g, tol * (1 + std::abs(want_g))) << p << "," << i;
      EXPECT_NEAR(d[p * n + i], want_d, tol * (1 + std::abs(want_d))) << p << "," << i;
    }
  }
}

// f = log r with r = |x|^2 in 3-D: d_ii = 2/r - 4 x_i^2 / r^2, Laplacian (2n - 4)/r = 2/r.
TYPED_TEST(CApiTyped, LogNormLaplacianClosedForm) {
  using Real = TypeParam;
  std::size_t const n = 3, k = 41;
  handle h("log(sum(x^2))", n);
  auto const x = random_points<Real>(k, n, -2, 2, 5);
  Real const w[3] = {Real(1), Real(2.5), Real(-0.5)};
  std::vector<Real> lap(k), wl(k), d(k * n);
  ASSERT_EQ(laplacian<Real>(h.f, k, n, x.data(), lap.data(), 0), TAYLORDIAG_OK) << message();
  ASSERT_EQ(weighted<Real>(h.f, k, n, x.data(), w, wl.data(), 2), TAYLORDIAG_OK) << message();
  ASSERT_EQ(evaluate<Real>(h.f, k, n, x.data(), nullptr, nullptr, d.data(), 1), TAYLORDIAG_OK);
  double const tol = std::is_same_v<Real, double> ? 1e-12 : 1e-5;
  for (std::size_t p = 0; p < k; ++p) {
    double r = 0;
    for (std::size_t i = 0; i < n; ++i) r += double(x[p * n + i]) * double(x[p * n + i]);
    double want_w = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double const xi = x[p * n + i], dii = 2 / r - 4 * xi * xi / (r * r);
      EXPECT_NEAR(d[p * n + i], dii, tol * (2 / r)) << p << "," << i;
      want_w += double(w[i]) * dii;
    }
    EXPECT_NEAR(lap[p], 2 / r, tol * (2 / r)) << p;
    EXPECT_NEAR(wl[p], want_w, tol * 4 * (2 / r)) << p;
  }
}

// The C API adds nothing numerical: its results are the tape's, bit for bit, whatever the
// thread cap (the drivers' contract).
TYPED_TEST(CApiTyped, BitwiseEqualToTheCppTape) {
  using Real = TypeParam;
  std::size_t const n = 10, k = 131;
  char const* const expr = "sum(100*(x[i+1] - x^2)^2 + (1 - x)^2) + sin(x0*x9)";
  handle h(expr, n);
  auto const t = td::tape::parse(expr, n);
  auto const x = random_points<Real>(k, n, -2, 2, 9);
  auto const view = td::points_view<Real>::row_major(x.data(), k, n);
  auto const ref = t.hessian_diagonal(view);
  std::vector<Real> ref_lap(k), ref_wl(k), w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = Real(0.25) * Real(i) - Real(1);
  t.laplacian(view, ref_lap);
  t.weighted_laplacian(view, std::span<Real const>(w), ref_wl);

  for (std::int32_t threads : {0, 1, 2}) {
    std::vector<Real> v(k), g(k * n), d(k * n), lap(k), wl(k);
    ASSERT_EQ(evaluate<Real>(h.f, k, n, x.data(), v.data(), g.data(), d.data(), threads),
              TAYLORDIAG_OK);
    ASSERT_EQ(laplacian<Real>(h.f, k, n, x.data(), lap.data(), threads), TAYLORDIAG_OK);
    ASSERT_EQ(weighted<Real>(h.f, k, n, x.data(), w.data(), wl.data(), threads), TAYLORDIAG_OK);
    EXPECT_EQ(v, ref.value) << "threads " << threads;
    EXPECT_EQ(g, ref.gradient) << "threads " << threads;
    EXPECT_EQ(d, ref.diagonal) << "threads " << threads;
    EXPECT_EQ(lap, ref_lap) << "threads " << threads;
    EXPECT_EQ(wl, ref_wl) << "threads " << threads;
  }
}

// Outside the domain the results are NaN point by point, with status OK (not an error).
TYPED_TEST(CApiTyped, DomainErrorsAreNaNNotFailures) {
  using Real = TypeParam;
  handle h("log(x0) + x1", 2);
  Real const x[4] = {-1, 0, 2, 0};
  Real v[2] = {};
  ASSERT_EQ(evaluate<Real>(h.f, 2, 2, x, v, nullptr, nullptr, 0), TAYLORDIAG_OK);
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_NEAR(v[1], std::log(2.0), 1e-6);
}

}  // namespace
