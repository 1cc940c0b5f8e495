// lib/c_api.cpp -- the C API of taylordiag/taylordiag.h over taylordiag::tape.
//
// Every entry point runs its body inside guarded(), which turns every exception into a status
// code and a thread-local message, so nothing C++ crosses the C boundary. A handle only wraps
// a tape (immutable, evaluation const), so sharing one handle between threads is as safe as
// sharing the tape; the only mutable state here is the thread-local last error.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <span>
#include <string>
#include <utility>

#include "taylordiag/config.hpp"
#include "taylordiag/error.hpp"
#include "taylordiag/tape.hpp"
#include "taylordiag/taylordiag.h"
#include "taylordiag/version.hpp"

struct taylordiag_function {
  taylordiag::tape tape;
};

namespace {

struct last_error {
  std::string text;
  // A literal used when text could not be allocated (out of memory while reporting).
  char const* fallback = nullptr;
  std::int64_t position = -1;
};

thread_local last_error t_error;

void set_error(char const* fallback, std::int64_t position = -1) noexcept {
  t_error.text.clear();
  t_error.fallback = fallback;
  t_error.position = position;
}

taylordiag_status fail(taylordiag_status status, char const* what, char const* fallback,
                       std::int64_t position = -1) noexcept {
  set_error(fallback, position);
  try {
    t_error.text = what;
    t_error.fallback = nullptr;
  } catch (...) {  // keep the fallback literal
  }
  return status;
}

/// Runs body (which returns nothing and throws on failure) and maps what it throws.
template <class Body>
taylordiag_status guarded(Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
    return TAYLORDIAG_OK;
  } catch (taylordiag::parse_error const& e) {
    return fail(TAYLORDIAG_PARSE_ERROR, e.what(), "taylordiag: expr: parse error",
                static_cast<std::int64_t>(e.position()));
  } catch (taylordiag::error const& e) {
    return fail(TAYLORDIAG_INVALID_ARGUMENT, e.what(), "taylordiag: invalid argument");
  } catch (std::bad_alloc const&) {
    return fail(TAYLORDIAG_OUT_OF_MEMORY, "taylordiag: out of memory", "taylordiag: out of memory");
  } catch (std::exception const& e) {
    // oneTBB failures (e.g. a thread that cannot be started) and anything unforeseen.
    return fail(TAYLORDIAG_INTERNAL_ERROR, e.what(), "taylordiag: internal error");
  } catch (...) {
    return fail(TAYLORDIAG_INTERNAL_ERROR, "taylordiag: internal error: unknown exception",
                "taylordiag: internal error");
  }
}

[[noreturn]] void reject(char const* argument, std::string const& message) {
  throw taylordiag::error(argument, message);
}

taylordiag::tape const& checked_tape(taylordiag_function const* f, std::size_t n) {
  if (f == nullptr) reject("f", "null handle");
  std::size_t const have = f->tape.dimension();
  if (n != have) {
    reject("n", "points have dimension " + std::to_string(n) + ", the function was compiled for " +
                    std::to_string(have));
  }
  return f->tape;
}

taylordiag::options checked_options(std::int32_t threads) {
  if (threads < 0) {
    reject("threads", "must be 0 (library default) or a cap >= 1; got " + std::to_string(threads));
  }
  taylordiag::options opt;
  if (threads > 0) opt.threads = int(threads);
  return opt;
}

/// The common checks; false when k = 0 (nothing to read or write).
bool check_points(std::size_t k, std::size_t n, void const* x) {
  if (k == 0) return false;
  if (k > SIZE_MAX / n)
    reject("k",
           std::to_string(k) + " points of dimension " + std::to_string(n) + " overflow size_t");
  if (x == nullptr) reject("x", "null pointer for " + std::to_string(k) + " points");
  return true;
}

void check_output(char const* name, void const* p) {
  if (p == nullptr) reject(name, "null pointer");
}

template <class Real>
taylordiag_status evaluate(taylordiag_function const* f, std::size_t k, std::size_t n,
                           Real const* x, Real* value, Real* gradient, Real* diagonal,
                           std::int32_t threads) noexcept {
  return guarded([&] {
    taylordiag::tape const& t = checked_tape(f, n);
    taylordiag::options const opt = checked_options(threads);
    if (!check_points(k, n, x)) return;
    if (!value && !gradient && !diagonal) {
      reject("value", "value, gradient and diagonal are all NULL: at least one output is needed");
    }
    using taylordiag::matrix_ref;
    taylordiag::outputs<Real> out;
    if (value) out.value = std::span<Real>(value, k);
    if (gradient) out.gradient = matrix_ref<Real>::row_major(gradient, k, n);
    if (diagonal) out.diagonal = matrix_ref<Real>::row_major(diagonal, k, n);
    t.evaluate(taylordiag::points_view<Real>::row_major(x, k, n), out, opt);
  });
}

template <class Real>
taylordiag_status laplacian(taylordiag_function const* f, std::size_t k, std::size_t n,
                            Real const* x, Real* out, std::int32_t threads) noexcept {
  return guarded([&] {
    taylordiag::tape const& t = checked_tape(f, n);
    taylordiag::options const opt = checked_options(threads);
    if (!check_points(k, n, x)) return;
    check_output("laplacian", out);
    t.laplacian(taylordiag::points_view<Real>::row_major(x, k, n), std::span<Real>(out, k), opt);
  });
}

template <class Real>
taylordiag_status weighted(taylordiag_function const* f, std::size_t k, std::size_t n,
                           Real const* x, Real const* weights, Real* out,
                           std::int32_t threads) noexcept {
  return guarded([&] {
    taylordiag::tape const& t = checked_tape(f, n);
    taylordiag::options const opt = checked_options(threads);
    if (!check_points(k, n, x)) return;
    check_output("weights", weights);
    check_output("out", out);
    t.weighted_laplacian(taylordiag::points_view<Real>::row_major(x, k, n),
                         std::span<Real const>(weights, n), std::span<Real>(out, k), opt);
  });
}

}  // namespace

extern "C" {

taylordiag_status taylordiag_compile(char const* expr, std::size_t n, taylordiag_function** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&] {
    if (out == nullptr) reject("out", "null pointer");
    if (expr == nullptr) reject("expr", "null pointer");
    if (n == 0) reject("n", "must be >= 1");
    *out = new taylordiag_function{taylordiag::tape::parse(expr, n)};
  });
}

void taylordiag_free(taylordiag_function* f) {
  delete f;
}

taylordiag_status taylordiag_dimension(taylordiag_function const* f, std::size_t* n) {
  return guarded([&] {
    if (f == nullptr) reject("f", "null handle");
    if (n == nullptr) reject("n", "null pointer");
    *n = f->tape.dimension();
  });
}

taylordiag_status taylordiag_evaluate_d(taylordiag_function const* f, std::size_t k, std::size_t n,
                                        double const* x, double* value, double* gradient,
                                        double* diagonal, std::int32_t threads) {
  return evaluate<double>(f, k, n, x, value, gradient, diagonal, threads);
}
taylordiag_status taylordiag_evaluate_f(taylordiag_function const* f, std::size_t k, std::size_t n,
                                        float const* x, float* value, float* gradient,
                                        float* diagonal, std::int32_t threads) {
  return evaluate<float>(f, k, n, x, value, gradient, diagonal, threads);
}

taylordiag_status taylordiag_laplacian_d(taylordiag_function const* f, std::size_t k, std::size_t n,
                                         double const* x, double* out, std::int32_t threads) {
  return laplacian<double>(f, k, n, x, out, threads);
}
taylordiag_status taylordiag_laplacian_f(taylordiag_function const* f, std::size_t k, std::size_t n,
                                         float const* x, float* out, std::int32_t threads) {
  return laplacian<float>(f, k, n, x, out, threads);
}

taylordiag_status taylordiag_weighted_laplacian_d(taylordiag_function const* f, std::size_t k,
                                                  std::size_t n, double const* x,
                                                  double const* weights, double* out,
                                                  std::int32_t threads) {
  return weighted<double>(f, k, n, x, weights, out, threads);
}
taylordiag_status taylordiag_weighted_laplacian_f(taylordiag_function const* f, std::size_t k,
                                                  std::size_t n, float const* x,
                                                  float const* weights, float* out,
                                                  std::int32_t threads) {
  return weighted<float>(f, k, n, x, weights, out, threads);
}

char const* taylordiag_last_error_message(void) {
  return t_error.fallback ? t_error.fallback : t_error.text.c_str();
}

std::int64_t taylordiag_last_error_position(void) {
  return t_error.position;
}

char const* taylordiag_status_name(taylordiag_status status) {
  switch (status) {
    case TAYLORDIAG_OK:
      return "TAYLORDIAG_OK";
    case TAYLORDIAG_INVALID_ARGUMENT:
      return "TAYLORDIAG_INVALID_ARGUMENT";
    case TAYLORDIAG_PARSE_ERROR:
      return "TAYLORDIAG_PARSE_ERROR";
    case TAYLORDIAG_OUT_OF_MEMORY:
      return "TAYLORDIAG_OUT_OF_MEMORY";
    case TAYLORDIAG_INTERNAL_ERROR:
      return "TAYLORDIAG_INTERNAL_ERROR";
    default:
      return "unknown status";
  }
}

char const* taylordiag_version_string(void) {
  return taylordiag::version();
}
std::int32_t taylordiag_version_major(void) {
  return TAYLORDIAG_VERSION_MAJOR;
}
std::int32_t taylordiag_version_minor(void) {
  return TAYLORDIAG_VERSION_MINOR;
}
std::int32_t taylordiag_version_patch(void) {
  return TAYLORDIAG_VERSION_PATCH;
}

}  // extern "C"
