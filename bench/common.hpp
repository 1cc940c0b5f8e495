// bench/common.hpp -- shared harness of the benchmark suite: points, baselines, registration.
//
// Every problem binary registers, side by side in one run, for one f and its hand-written
// analytic diagonal:
//   taylordiag modes   automatic / per_direction / shared_primal (value, gradient, diagonal)
//                      and laplacian (collapsed jets: value and Laplacian only)
//   copy               read the k x n inputs, write the same output bytes as the diagonal
//                      modes (value k, gradient and diagonal k x n): the memory-bandwidth limit
//   copy_lap           the same for the Laplacian outputs (value and Laplacian, k each)
//   analytic           hand-written derivatives vectorised with xsimd: the practical limit
//   scalar_jet         one Jet<double, 2> pass per direction on plain doubles, no SIMD
//   full_hessian       the whole Hessian by nested forward mode (dual of dual numbers, one
//                      pass per entry of the upper triangle), as users do today; n <= 64 only
//   tape / tape_lap    the same f recorded once (taylordiag::tape::record, outside the timed
//                      loop) and run by the interpreter (run-time ISA, dependency sparsity):
//                      tape::evaluate for value, gradient, diagonal; tape::laplacian
// Taylordiag modes, tape modes, analytic and copy run with 1 and 2 threads (same oneTBB
// runtime). The tape modes use the analytic baseline's point count k_fast.
// Benchmark names are "<problem>/n:<n>/<mode>/t:<threads>"; the counters k, n and threads
// let bench/report.py turn wall time into time per point. Ratios only mean something within
// one run: see docs/benchmarks.md.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <taylordiag/detail/runtime.hpp>
#include <taylordiag/diagonal.hpp>
#include <taylordiag/jet.hpp>
#include <taylordiag/tape.hpp>

namespace bench {

using batch = xsimd::batch<double>;
constexpr std::size_t W = batch::size;

/// k points of dimension n, row-major, uniform in [0.5, 1.5], fixed seed.
inline std::vector<double> make_points(std::size_t k, std::size_t n, unsigned seed = 42) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  std::vector<double> x(k * n);
  for (auto& v : x) v = u(rng);
  return x;
}

/// The outputs of one diagonal evaluation, row-major.
struct result {
  std::size_t k = 0, n = 0;
  std::vector<double> value, grad, diag, lap;
  result() = default;
  result(std::size_t k_, std::size_t n_)
      : k(k_), n(n_), value(k_), grad(k_ * n_), diag(k_ * n_), lap(k_) {}
};

// ---- nested forward mode: a minimal dual number, nested twice for the Hessian ----------
namespace nested {
template <class T>
struct Dual {
  T v{}, d{};
  Dual() = default;
  Dual(double c) : v(c), d(0.0) {}  // NOLINT: constants mix in
  Dual(T v_, T d_) : v(v_), d(d_) {}
};
template <class T>
Dual<T> operator+(Dual<T> a, Dual<T> b) {
  return {a.v + b.v, a.d + b.d};
}
template <class T>
Dual<T> operator-(Dual<T> a, Dual<T> b) {
  return {a.v - b.v, a.d - b.d};
}
template <class T>
Dual<T> operator-(Dual<T> a) {
  return {-a.v, -a.d};
}
template <class T>
Dual<T> operator*(Dual<T> a, Dual<T> b) {
  return {a.v * b.v, a.d * b.v + a.v * b.d};
}
template <class T>
Dual<T> operator/(Dual<T> a, Dual<T> b) {
  T q = a.v / b.v;
  return {q, (a.d - q * b.d) / b.v};
}
template <class T>
Dual<T> operator+(Dual<T> a, double c) {
  return {a.v + c, a.d};
}
template <class T>
Dual<T> operator+(double c, Dual<T> a) {
  return {c + a.v, a.d};
}
template <class T>
Dual<T> operator-(Dual<T> a, double c) {
  return {a.v - c, a.d};
}
template <class T>
Dual<T> operator-(double c, Dual<T> a) {
  return {c - a.v, -a.d};
}
template <class T>
Dual<T> operator*(Dual<T> a, double c) {
  return {a.v * c, a.d * c};
}
template <class T>
Dual<T> operator*(double c, Dual<T> a) {
  return {c * a.v, c * a.d};
}
template <class T>
Dual<T> operator/(Dual<T> a, double c) {
  return {a.v / c, a.d / c};
}
template <class T>
Dual<T> operator/(double c, Dual<T> a) {
  return Dual<T>(c) / a;
}
template <class T>
Dual<T> sin(Dual<T> a) {
  using std::cos;
  using std::sin;
  return {sin(a.v), cos(a.v) * a.d};
}
template <class T>
Dual<T> cos(Dual<T> a) {
  using std::cos;
  using std::sin;
  return {cos(a.v), -(sin(a.v) * a.d)};
}
template <class T>
Dual<T> exp(Dual<T> a) {
  using std::exp;
  T e = exp(a.v);
  return {e, e * a.d};
}
template <class T>
Dual<T> log(Dual<T> a) {
  using std::log;
  return {log(a.v), a.d / a.v};
}
template <class T>
Dual<T> sqrt(Dual<T> a) {
  using std::sqrt;
  T s = sqrt(a.v);
  return {s, a.d / (2.0 * s)};
}
template <class T>
Dual<T> tanh(Dual<T> a) {
  using std::tanh;
  T t = tanh(a.v);
  return {t, (1.0 - t * t) * a.d};
}
using HyperDual = Dual<Dual<double>>;
}  // namespace nested

/// Full n x n Hessian (upper triangle, one nested pass per entry) at each point; keeps the
/// value, gradient and diagonal.
template <class F>
void full_hessian(F const& f, double const* x, std::size_t k, std::size_t n, result& r,
                  std::vector<double>& hess) {
  using HD = nested::HyperDual;
  std::vector<HD> xs(n);
  hess.resize(n * n);
  for (std::size_t p = 0; p < k; ++p) {
    double const* xp = x + p * n;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i; j < n; ++j) {
        for (std::size_t l = 0; l < n; ++l)
          xs[l] = HD(nested::Dual<double>(xp[l], l == j ? 1.0 : 0.0),
                     nested::Dual<double>(l == i ? 1.0 : 0.0, 0.0));
        HD y = f(std::span<HD const>(xs));
        hess[i * n + j] = hess[j * n + i] = y.d.d;
        if (i == j) {
          r.grad[p * n + i] = y.v.d;
          if (i == 0) r.value[p] = y.v.v;
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) r.diag[p * n + i] = hess[i * n + i];
    benchmark::DoNotOptimize(hess.data());
  }
}

/// One univariate second-order pass per direction on plain doubles (no SIMD).
template <class F>
void scalar_jet(F const& f, double const* x, std::size_t k, std::size_t n, result& r) {
  using J = taylordiag::Jet<double, 2>;
  std::vector<J> xs(n);
  for (std::size_t p = 0; p < k; ++p) {
    double const* xp = x + p * n;
    for (std::size_t l = 0; l < n; ++l) xs[l] = J(xp[l]);
    for (std::size_t i = 0; i < n; ++i) {
      xs[i].c[1] = 1.0;
      J y = f(std::span<J const>(xs));
      xs[i].c[1] = 0.0;
      if (i == 0) r.value[p] = y.c[0];
      r.grad[p * n + i] = y.c[1];
      r.diag[p * n + i] = y.c[2];
    }
  }
}

/// Threads for the baselines: the library's own runtime over point blocks of 64.
template <class Body>
void over_points(std::size_t k, int threads, Body const& body) {
  constexpr std::size_t block = 64;
  struct ctx_t {
    Body const* body;
    std::size_t k;
  } ctx{&body, k};
  taylordiag::detail::parallel_for_2d(
      (k + block - 1) / block, 1, threads, &ctx,
      [](void* c, std::size_t pb, std::size_t pe, std::size_t, std::size_t) {
        auto* cx = static_cast<ctx_t*>(c);
        (*cx->body)(pb * block, std::min(pe * block, cx->k));
      });
}

/// The memory-bandwidth limit: read every input once, write the diagonal modes' outputs
/// (value, gradient, diagonal), or with lap_only the Laplacian modes' (value, Laplacian).
inline void copy_bytes(double const* x, std::size_t k, std::size_t n, result& r, bool lap_only,
                       int threads) {
  over_points(k, threads, [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      double const* xp = x + p * n;
      if (lap_only) {
        double s = 0;
        for (std::size_t i = 0; i < n; ++i) s += xp[i];  // must read the bytes
        r.value[p] = s;
        r.lap[p] = xp[0];
      } else {
        std::memcpy(&r.grad[p * n], xp, n * sizeof(double));
        std::memcpy(&r.diag[p * n], xp, n * sizeof(double));
        r.value[p] = xp[0];
      }
    }
  });
}

/// A problem: f (generic), an analytic kernel analytic(x, p0, p1, n, result&) over points
/// [p0, p1) of the row-major k x n array, and the sizes to run.
struct problem {
  std::string name;
  std::size_t n;
  std::size_t k_fast;       // copy, analytic, cheap modes
  std::size_t k_jet;        // taylordiag modes
  std::size_t k_slow;       // scalar_jet, full_hessian
  bool full = true;         // run full_hessian
  bool sweep_only = false;  // only the modes of the n sweep (time per point against n)
  bool threads2 = true;
};

enum class mode {
  automatic,
  per_direction,
  shared_primal,
  laplacian,
  analytic,
  copy,
  copy_lap,
  scalar_jet,
  full_hessian,
  tape,
  tape_lap
};
inline char const* mode_name(mode m) {
  switch (m) {
    case mode::automatic:
      return "automatic";
    case mode::per_direction:
      return "per_direction";
    case mode::shared_primal:
      return "shared_primal";
    case mode::laplacian:
      return "laplacian";
    case mode::analytic:
      return "analytic";
    case mode::copy:
      return "copy";
    case mode::copy_lap:
      return "copy_lap";
    case mode::scalar_jet:
      return "scalar_jet";
    case mode::full_hessian:
      return "full_hessian";
    case mode::tape:
      return "tape";
    case mode::tape_lap:
      return "tape_lap";
  }
  return "?";
}

/// True for the modes that write only the value and the Laplacian.
inline bool laplacian_only(mode m) {
  return m == mode::laplacian || m == mode::tape_lap;
}

/// Runs one mode once over all k points (tp: f's tape, for the tape modes).
template <class F, class A>
void run_mode(mode m, F const& f, A const& analytic, taylordiag::tape const& tp, double const* x,
              std::size_t k, std::size_t n, result& r, int threads, std::vector<double>& scratch) {
  namespace td = taylordiag;
  auto const pts = td::points_view<double>::row_major(x, k, n);
  auto const grad = td::matrix_ref<double>::row_major(r.grad.data(), k, n);
  auto const diag = td::matrix_ref<double>::row_major(r.diag.data(), k, n);
  td::options opt;
  opt.threads = threads;
  switch (m) {
    case mode::automatic:
    case mode::per_direction:
    case mode::shared_primal:
      opt.method = m == mode::automatic       ? td::strategy::automatic
                   : m == mode::per_direction ? td::strategy::per_direction
                                              : td::strategy::shared_primal;
      td::evaluate(f, pts,
                   td::outputs<double>{std::span<double>(r.value.data(), k), grad, diag, {}}, opt);
      break;
    case mode::laplacian:
      td::evaluate(
          f, pts,
          td::outputs<double>{
              std::span<double>(r.value.data(), k), {}, {}, std::span<double>(r.lap.data(), k)},
          opt);
      break;
    case mode::analytic:
      over_points(k, threads, [&](std::size_t p0, std::size_t p1) { analytic(x, p0, p1, n, r); });
      break;
    case mode::copy:
      copy_bytes(x, k, n, r, false, threads);
      break;
    case mode::copy_lap:
      copy_bytes(x, k, n, r, true, threads);
      break;
    case mode::scalar_jet:
      scalar_jet(f, x, k, n, r);
      break;
    case mode::full_hessian:
      full_hessian(f, x, k, n, r, scratch);
      break;
    case mode::tape:
      tp.evaluate(pts, td::outputs<double>{std::span<double>(r.value.data(), k), grad, diag, {}},
                  opt);
      break;
    case mode::tape_lap:
      tp.laplacian(pts, std::span<double>(r.lap.data(), k), opt);
      break;
  }
}

/// Checks analytic, taylordiag, scalar jets and nested forward against each other on a few
/// points; aborts on a mismatch so that a broken baseline never produces a ratio.
template <class F, class A>
void validate(problem const& pb, F const& f, A const& analytic, taylordiag::tape const& tp) {
  std::size_t const k = 2 * W + 3, n = pb.n;
  auto x = make_points(k, n, 7);
  result ref(k, n);
  std::vector<double> scratch;
  run_mode(mode::analytic, f, analytic, tp, x.data(), k, n, ref, 1, scratch);
  std::vector<mode> modes = {mode::automatic, mode::per_direction, mode::shared_primal,
                             mode::laplacian, mode::tape,          mode::tape_lap};
  if (!pb.sweep_only) modes.push_back(mode::scalar_jet);
  if (pb.full && !pb.sweep_only) modes.push_back(mode::full_hessian);
  for (mode m : modes) {
    result r(k, n);
    std::size_t const kk = m == mode::full_hessian ? 2 : k;
    run_mode(m, f, analytic, tp, x.data(), kk, n, r, 1, scratch);
    auto close = [](double a, double b) { return std::abs(a - b) <= 1e-9 * (1 + std::abs(b)); };
    for (std::size_t p = 0; p < kk; ++p) {
      bool ok = m == mode::tape_lap || close(r.value[p], ref.value[p]);
      double lap = 0;
      for (std::size_t i = 0; i < n; ++i) {
        lap += ref.diag[p * n + i];
        if (!laplacian_only(m))
          ok = ok && close(r.grad[p * n + i], ref.grad[p * n + i]) &&
               close(r.diag[p * n + i], ref.diag[p * n + i]);
      }
      if (laplacian_only(m)) ok = ok && std::abs(r.lap[p] - lap) <= 1e-8 * (1 + std::abs(lap));
      if (!ok) {
        std::fprintf(stderr,
                     "%s n=%zu: mode %s disagrees with the analytic derivatives at point %zu\n",
                     pb.name.c_str(), n, mode_name(m), p);
        std::exit(2);
      }
    }
  }
}

/// Registers every mode of one problem (inputs and outputs allocated once, outside timing;
/// f is recorded into a tape once, here).
template <class F, class A>
void register_problem(problem const& pb, F f, A analytic) {
  auto const tp = std::make_shared<taylordiag::tape const>(taylordiag::tape::record(f, pb.n));
  validate(pb, f, analytic, *tp);
  std::vector<mode> modes;
  if (pb.sweep_only)
    modes = {mode::automatic, mode::per_direction, mode::laplacian, mode::analytic,
             mode::copy,      mode::tape,          mode::tape_lap};
  else {
    modes = {mode::automatic, mode::per_direction, mode::shared_primal, mode::laplacian,
             mode::analytic,  mode::copy,          mode::copy_lap,      mode::scalar_jet,
             mode::tape,      mode::tape_lap};
    if (pb.full) modes.push_back(mode::full_hessian);
  }
  for (mode m : modes) {
    bool const threadable = m != mode::scalar_jet && m != mode::full_hessian;
    for (int threads : {1, 2}) {
      if (threads == 2 && (!threadable || !pb.threads2 || pb.sweep_only)) continue;
      std::size_t const k = (m == mode::scalar_jet || m == mode::full_hessian) ? pb.k_slow
                            : (m == mode::analytic || m == mode::copy || m == mode::copy_lap ||
                               m == mode::tape || m == mode::tape_lap)
                                ? pb.k_fast
                                : pb.k_jet;
      std::string const name = pb.name + "/n:" + std::to_string(pb.n) + "/" + mode_name(m) +
                               "/t:" + std::to_string(threads);
      std::size_t const n = pb.n;
      benchmark::RegisterBenchmark(
          name.c_str(),
          [=](benchmark::State& st) {
            auto const x = make_points(k, n);
            result r(k, n);
            std::vector<double> scratch;
            for (auto _ : st) {
              run_mode(m, f, analytic, *tp, x.data(), k, n, r, threads, scratch);
              benchmark::DoNotOptimize(r.value.data());
              benchmark::ClobberMemory();
            }
            st.counters["k"] = double(k);
            st.counters["n"] = double(n);
            st.counters["threads"] = threads;
            st.SetItemsProcessed(std::int64_t(st.iterations()) * std::int64_t(k));
          })
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

/// The same f with column-major inputs and outputs (coordinate i of all points contiguous):
/// the drivers then load and store whole batches, with no transposition. Registers
/// "<name>/n:<n>/automatic_colmajor/t:1" and "copy_colmajor" (the same bytes).
template <class F>
void register_colmajor(std::string const& name, std::size_t n, std::size_t k, F f) {
  namespace td = taylordiag;
  for (bool copy : {false, true}) {
    std::string const bname = name + "/n:" + std::to_string(n) +
                              (copy ? "/copy_colmajor" : "/automatic_colmajor") + "/t:1";
    benchmark::RegisterBenchmark(
        bname.c_str(),
        [=](benchmark::State& st) {
          auto const x = make_points(k, n);
          result r(k, n);
          td::options opt;
          opt.threads = 1;
          for (auto _ : st) {
            if (copy) {
              std::memcpy(r.grad.data(), x.data(), k * n * sizeof(double));
              std::memcpy(r.diag.data(), x.data(), k * n * sizeof(double));
              std::memcpy(r.value.data(), x.data(), k * sizeof(double));
            } else {
              td::evaluate(
                  f, td::points_view<double>::col_major(x.data(), k, n),
                  td::outputs<double>{std::span<double>(r.value.data(), k),
                                      td::matrix_ref<double>::col_major(r.grad.data(), k, n),
                                      td::matrix_ref<double>::col_major(r.diag.data(), k, n),
                                      {}},
                  opt);
            }
            benchmark::DoNotOptimize(r.value.data());
            benchmark::ClobberMemory();
          }
          st.counters["k"] = double(k);
          st.counters["n"] = double(n);
          st.counters["threads"] = 1;
          st.SetItemsProcessed(std::int64_t(st.iterations()) * std::int64_t(k));
        })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

/// Loads coordinates [0, n) of points p .. p+W-1 (row-major, stride n) as n batches.
inline void load_points(double const* x, std::size_t p, std::size_t count, std::size_t n,
                        batch* out) {
  if (count == W) {
    alignas(64) std::int64_t idx[W];
    for (std::size_t l = 0; l < W; ++l) idx[l] = std::int64_t(l * n);
    auto const ix = xsimd::batch<std::int64_t>::load_aligned(idx);
    for (std::size_t j = 0; j < n; ++j) out[j] = batch::gather(x + p * n + j, ix);
  } else {
    alignas(64) double lane[W];
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t l = 0; l < W; ++l) lane[l] = x[(p + std::min(l, count - 1)) * n + j];
      out[j] = batch::load_aligned(lane);
    }
  }
}

/// Stores lanes [0, count) of b to dst[(p + l) * stride].
inline void store_lanes(batch const& b, double* dst, std::size_t p, std::size_t count,
                        std::size_t stride) {
  if (count == W) {
    alignas(64) std::int64_t idx[W];
    for (std::size_t l = 0; l < W; ++l) idx[l] = std::int64_t(l * stride);
    b.scatter(dst + p * stride, xsimd::batch<std::int64_t>::load_aligned(idx));
  } else {
    alignas(64) double lane[W];
    b.store_aligned(lane);
    for (std::size_t l = 0; l < count; ++l) dst[(p + l) * stride] = lane[l];
  }
}

}  // namespace bench
