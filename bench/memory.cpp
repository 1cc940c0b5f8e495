// bench/memory.cpp -- peak resident memory of one driver call at large n (not a Google
// Benchmark: ru_maxrss is per process, so bench/report.py runs this once per configuration).
//
//     bench_memory <diagonal|laplacian> <threads> [n = 100000] [k = 64]
//
// Prints one JSON object: peak RSS (getrusage ru_maxrss) before and after the call, and the
// bytes of inputs + outputs (diagonal: x k x n, value k, gradient and diagonal k x n;
// laplacian: x, value and Laplacian k). f reads only three coordinates: the drivers'
// memory (gather buffer, one jet per coordinate per thread, outputs) does not depend on
// what f does, while a dense f at n = 100,000 costs n^2 / D jet operations per point.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <taylordiag/diagonal.hpp>

namespace {
long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // KiB on Linux
}

struct sparse_f {
  template <class X>
  auto operator()(X const& x) const {
    using std::log;
    std::size_t const n = x.size();
    return log(x[0] * x[0] + x[n / 2] * x[n - 1] + 1.0);
  }
};
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <diagonal|laplacian> <threads> [n] [k]\n", argv[0]);
    return 2;
  }
  bool const diagonal = std::strcmp(argv[1], "diagonal") == 0;
  int const threads = std::atoi(argv[2]);
  std::size_t const n = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 100000;
  std::size_t const k = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 64;
  long const before_alloc = peak_rss_kib();

  std::vector<double> x(k * n);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  for (auto& v : x) v = u(rng);
  std::vector<double> value(k, -1.0), lap, grad, diag;
  std::size_t io = (x.size() + value.size()) * sizeof(double);
  if (diagonal) {
    grad.assign(k * n, -1.0);  // touched: resident before the call, as a caller's buffers are
    diag.assign(k * n, -1.0);
    io += (grad.size() + diag.size()) * sizeof(double);
  } else {
    lap.assign(k, -1.0);
    io += lap.size() * sizeof(double);
  }
  long const before_call = peak_rss_kib();

  namespace td = taylordiag;
  td::options opt;
  opt.threads = threads;
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  auto const t0 = std::chrono::steady_clock::now();
  if (diagonal)
    td::evaluate(sparse_f{}, pts,
                 td::outputs<double>{value,
                                     td::matrix_ref<double>::row_major(grad.data(), k, n),
                                     td::matrix_ref<double>::row_major(diag.data(), k, n),
                                     {}},
                 opt);
  else
    td::evaluate(sparse_f{}, pts, td::outputs<double>{value, {}, {}, lap}, opt);
  double const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  long const after = peak_rss_kib();
  // keep the results alive and checked: d^2/dx0^2 of log(x0^2 + ...) is finite
  double const probe = diagonal ? diag[0] : lap[0];
  std::printf(
      "{\"mode\": \"%s\", \"threads\": %d, \"n\": %zu, \"k\": %zu, \"io_bytes\": %zu, "
      "\"rss_start_bytes\": %ld, \"rss_before_call_bytes\": %ld, \"peak_rss_bytes\": %ld, "
      "\"seconds\": %.3f, \"probe\": %.17g}\n",
      diagonal ? "diagonal" : "laplacian", threads, n, k, io, before_alloc * 1024L,
      before_call * 1024L, after * 1024L, secs, probe);
  return std::isfinite(probe) ? 0 : 1;
}
