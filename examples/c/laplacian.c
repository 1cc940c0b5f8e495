/* examples/c/laplacian.c -- the C API from C99: the Laplacian of f(x) = log |x|^2 in 3-D.
 *
 * With r = |x|^2, d^2 f / dx_i^2 = 2/r - 4 x_i^2 / r^2, so the Laplacian is (2n - 4)/r = 2/r
 * for n = 3. The program compiles the expression once, evaluates it at a few points (one
 * call for all of them), prints a table and exits with 1 if any point is off by more than
 * 1e-12 relative.
 */
#include <math.h>
#include <stdio.h>

#include "taylordiag/taylordiag.h"

#define K 5
#define N 3

int main(void) {
  /* Row-major K x N: point p, coordinate i at x[p][i]. */
  const double x[K][N] = {{1, 2, 0}, {0.5, -0.5, 0.25}, {3, 4, 12}, {-1e-3, 2e-3, 0}, {7, 0, -1}};
  double lap[K], value[K], grad[K][N];
  taylordiag_function* f = NULL;
  int failures = 0;

  printf("taylordiag %s (C API)\n", taylordiag_version_string());
  if (taylordiag_compile("log(sum(x^2))", N, &f) != TAYLORDIAG_OK) {
    fprintf(stderr, "compile: %s\n", taylordiag_last_error_message());
    return 1;
  }
  /* threads = 0: the library default (all cores). */
  if (taylordiag_laplacian_d(f, K, N, &x[0][0], lap, 0) != TAYLORDIAG_OK ||
      taylordiag_evaluate_d(f, K, N, &x[0][0], value, &grad[0][0], NULL, 0) != TAYLORDIAG_OK) {
    fprintf(stderr, "evaluate: %s\n", taylordiag_last_error_message());
    taylordiag_free(f);
    return 1;
  }

  printf("%28s %12s %22s %22s %9s\n", "x", "f(x)", "Laplacian", "2/|x|^2", "rel.err");
  for (int p = 0; p < K; ++p) {
    const double r = x[p][0] * x[p][0] + x[p][1] * x[p][1] + x[p][2] * x[p][2];
    const double want = 2 / r, err = fabs(lap[p] - want) / want;
    const int ok = err <= 1e-12 && fabs(value[p] - log(r)) <= 1e-12 * (1 + fabs(log(r)));
    failures += !ok;
    printf("(%8.3g,%8.3g,%8.3g) %12.6g %22.16g %22.16g %9.2g %s\n", x[p][0], x[p][1], x[p][2],
           value[p], lap[p], want, err, ok ? "" : "MISMATCH");
  }

  /* An error is a status code plus a message that names the argument. */
  if (taylordiag_laplacian_d(f, K, 2, &x[0][0], lap, 0) != TAYLORDIAG_INVALID_ARGUMENT) {
    ++failures;
  }
  printf("n = 2 for a 3-D function: %s\n", taylordiag_last_error_message());
  taylordiag_free(f);

  printf("%s\n", failures ? "FAILED" : "OK: Laplacian = 2/|x|^2 at every point");
  return failures ? 1 : 0;
}
