/* tests/packaging/consumer.c -- a C program outside the project: the installed C API header
 * compiles as C99 and the documented link line (pkg-config plus the C++ runtime) works. */
#include <stdio.h>
#include <string.h>
#include <taylordiag/taylordiag.h>

int main(void) {
  taylordiag_function* f = NULL;
  double x[3] = {1, 2, 0}, lap = 0;
  if (taylordiag_compile("log(sum(x^2))", 3, &f) != TAYLORDIAG_OK ||
      taylordiag_laplacian_d(f, 1, 3, x, &lap, 0) != TAYLORDIAG_OK) {
    fprintf(stderr, "c consumer: %s\n", taylordiag_last_error_message());
    taylordiag_free(f);
    return 1;
  }
  taylordiag_free(f);
  printf("c consumer: library %s, Laplacian %.17g (2/5 = 0.4)\n", taylordiag_version_string(), lap);
  return strcmp(taylordiag_version_string(), TAYLORDIAG_VERSION_STRING) == 0 && lap > 0.4 - 1e-15 &&
                 lap < 0.4 + 1e-15
             ? 0
             : 1;
}
