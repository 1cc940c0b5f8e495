/* taylordiag/taylordiag.h -- the C API: runtime-defined functions from C, Fortran, FFI.
 *
 * Contract (details and a Fortran interface in docs/c-api.md):
 *  - Only ints, size_t, float/double pointers and an opaque handle cross the boundary, so
 *    Fortran's iso_c_binding and any FFI can mirror every declaration as it is.
 *  - Every call that can fail returns a taylordiag_status; no C++ exception ever escapes.
 *    After a failure, taylordiag_last_error_message() says why, naming the argument. The
 *    message is per thread (thread-local) and is left unchanged by successful calls.
 *  - Points are row-major k x n (point p, coordinate i at x[p*n + i]): a Fortran array
 *    x(n, k) has this layout. Gradients and diagonals are k x n the same way.
 *  - A handle is immutable once compiled: any number of threads may evaluate it at once.
 *  - n must equal the handle's dimension; with k = 0 nothing is read or written.
 *  - threads: 0 = the library default (every core, or the caller's oneTBB arena), >= 1 a cap.
 *    Results are bitwise identical for every thread count.
 *
 * Example:
 *     taylordiag_function* f = NULL;
 *     if (taylordiag_compile("log(sum(x^2))", 3, &f) != TAYLORDIAG_OK)
 *       fprintf(stderr, "%s\n", taylordiag_last_error_message());
 *     double x[3] = {1, 2, 0}, lap;
 *     taylordiag_laplacian_d(f, 1, 3, x, &lap, 0);   // 2 / |x|^2 = 0.4
 *     taylordiag_free(f);
 */
#ifndef TAYLORDIAG_TAYLORDIAG_H
#define TAYLORDIAG_TAYLORDIAG_H

#include <stddef.h>
#include <stdint.h>

#include "taylordiag/config.hpp" /* TAYLORDIAG_VERSION_*: plain macros, valid C */

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: the return value of every fallible call (an int32_t, so that it has one
 * size everywhere; C enums do not). */
typedef int32_t taylordiag_status;
enum {
  TAYLORDIAG_OK = 0,               /* success */
  TAYLORDIAG_INVALID_ARGUMENT = 1, /* null handle or pointer, n mismatch, threads < 0, ... */
  TAYLORDIAG_PARSE_ERROR = 2,      /* malformed expression; see taylordiag_last_error_position */
  TAYLORDIAG_OUT_OF_MEMORY = 3,    /* an allocation failed (outputs may be partly written) */
  TAYLORDIAG_INTERNAL_ERROR = 4    /* anything else (a bug or a threading-runtime failure) */
};

/* A function f: R^n -> R compiled from an expression (opaque). */
typedef struct taylordiag_function taylordiag_function;

/* ---- Handles ------------------------------------------------------------------------------ */

/* Parses expr (NUL-terminated, grammar of docs/tape.md) over x0 .. x(n-1), n >= 1, into *out.
 * On failure *out is set to NULL (when out itself is not NULL). */
taylordiag_status taylordiag_compile(const char* expr, size_t n, taylordiag_function** out);

/* Releases a handle; NULL is allowed and does nothing. */
void taylordiag_free(taylordiag_function* f);

/* The dimension n the handle was compiled for, into *n. */
taylordiag_status taylordiag_dimension(const taylordiag_function* f, size_t* n);

/* ---- Evaluation (double: _d, float: _f) --------------------------------------------------- */

/* Value (k), gradient (k x n) and Hessian diagonal (k x n) at k points x (k x n). A NULL
 * output is skipped; at least one must be non-NULL. The diagonal is d^2 f / dx_i^2. */
taylordiag_status taylordiag_evaluate_d(const taylordiag_function* f, size_t k, size_t n,
                                        const double* x, double* value, double* gradient,
                                        double* diagonal, int32_t threads);
taylordiag_status taylordiag_evaluate_f(const taylordiag_function* f, size_t k, size_t n,
                                        const float* x, float* value, float* gradient,
                                        float* diagonal, int32_t threads);

/* Laplacian sum_i d^2 f / dx_i^2 at k points into laplacian (k). */
taylordiag_status taylordiag_laplacian_d(const taylordiag_function* f, size_t k, size_t n,
                                         const double* x, double* laplacian, int32_t threads);
taylordiag_status taylordiag_laplacian_f(const taylordiag_function* f, size_t k, size_t n,
                                         const float* x, float* laplacian, int32_t threads);

/* Weighted operator sum_i weights[i] d^2 f / dx_i^2 (weights: n finite numbers, any sign,
 * e.g. a diagonal diffusion tensor) at k points into out (k). */
taylordiag_status taylordiag_weighted_laplacian_d(const taylordiag_function* f, size_t k, size_t n,
                                                  const double* x, const double* weights,
                                                  double* out, int32_t threads);
taylordiag_status taylordiag_weighted_laplacian_f(const taylordiag_function* f, size_t k, size_t n,
                                                  const float* x, const float* weights, float* out,
                                                  int32_t threads);

/* ---- Errors ------------------------------------------------------------------------------- */

/* Why the last failing call on this thread failed ("" if none has); valid until the next
 * failing call on this thread. Never NULL. */
const char* taylordiag_last_error_message(void);

/* For a TAYLORDIAG_PARSE_ERROR: the byte offset into expr where parsing stopped; -1 when the
 * last failure on this thread was not a parse error. */
int64_t taylordiag_last_error_position(void);

/* The name of a status code ("TAYLORDIAG_OK", ...); "unknown status" for other values. */
const char* taylordiag_status_name(taylordiag_status status);

/* ---- Version ------------------------------------------------------------------------------ */

/* The linked library's version, "MAJOR.MINOR.PATCH", and its parts: compare them with the
 * TAYLORDIAG_VERSION_* macros of the headers to detect a header/library mismatch. */
const char* taylordiag_version_string(void);
int32_t taylordiag_version_major(void);
int32_t taylordiag_version_minor(void);
int32_t taylordiag_version_patch(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TAYLORDIAG_TAYLORDIAG_H */
