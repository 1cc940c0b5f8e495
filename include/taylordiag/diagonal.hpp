// taylordiag/diagonal.hpp -- drivers: Hessian diagonal, Laplacian and friends over k points.
//
// The user's f maps a point to a number and is written once, generically:
//     auto f = [](auto const& x) { using std::log; return log(x[0]*x[0] + x[1]*x[1] + x[2]*x[2]);
//     };
// x is a std::span of jets over xsimd batches (one lane per point); f returns one jet (or,
// for the *_vector drivers, a std::array / std::vector of m jets). The same f runs on
// doubles. f must not keep state between calls: it is called concurrently from several
// threads and once per batch of points and block of directions.
//
// Contract of every driver:
//  * Never forms the Hessian; memory is the outputs plus a per-thread workspace of O(n) jets.
//  * Results are bitwise identical for any thread count and any k (each point is computed by
//    the same instructions), and do not depend on where a point sits in the array.
//  * k = 0 or n = 0 does nothing. Null pointers, overlapping strides, output buffers of the
//    wrong size and a thread cap < 1 raise taylordiag::error naming the argument.
//  * NaN or Inf in a point's input shows up in that point's outputs only.
//  * An exception thrown by f reaches the caller unchanged.
//  * Outputs passed as views are written in place with no allocation per call for small n.
//
// **Example**:
//     std::vector<double> x = {1, 2, 0};                    // one point, n = 3
//     auto r = taylordiag::hessian_diagonal(f, taylordiag::points_view<double>::row_major(x.data(),
//     1, 3)); r.diagonal(0, 2);                                     // d^2 f / dx_2^2 at the point
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "taylordiag/detail/driver.hpp"
#include "taylordiag/error.hpp"
#include "taylordiag/points.hpp"

namespace taylordiag {

/// How the diagonal is computed.
enum class strategy {
  automatic,      ///< shared primal with a direction block fitted to n (the fastest here)
  per_direction,  ///< one univariate second-order pass per direction (Jet<T,2>)
  shared_primal,  ///< MultiJet<T,8>: the primal once per block of 8 directions
};

struct options {
  /// Thread cap (>= 1). Unset: run in the caller's current task_arena, with its limits.
  std::optional<int> threads;
  strategy method = strategy::automatic;
  /// Points per task, rounded up to a multiple of the SIMD width W (the tape: of 16); 0 picks
  /// 8 batches (the tape: 64 points). Every value is valid: one above k means a single block
  /// of all k points (SIZE_MAX included, it never wraps). Results never depend on it.
  std::size_t block_points = 0;
};

/// Output views for evaluate(); leave any of them empty to skip it.
template <class Real>
struct outputs {
  std::span<Real> value;      ///< k
  matrix_ref<Real> gradient;  ///< k x n
  matrix_ref<Real> diagonal;  ///< k x n
  std::span<Real> laplacian;  ///< k
};

/// Output views for evaluate_vector() with f: R^n -> R^m (output o, coordinate i at column
/// o*n + i); leave any of them empty to skip it.
template <class Real>
struct vector_outputs {
  matrix_ref<Real> value;      ///< k x m
  matrix_ref<Real> gradient;   ///< k x (m*n)
  matrix_ref<Real> diagonal;   ///< k x (m*n)
  matrix_ref<Real> laplacian;  ///< k x m
};

namespace detail {

template <class Real>
inline matrix_ref<Real> column(std::span<Real> s) {
  if (s.data() == nullptr && s.empty()) return {};
  return {s.data(), s.size(), 1, 1, 1};
}

inline int resolve_threads(options const& opt) {
  if (!opt.threads) return 0;
  check_threads(*opt.threads);
  return *opt.threads;
}

template <class Real>
inline std::size_t points_per_block(options const& opt, std::size_t k) {
  constexpr std::size_t W = batch_of<Real>::size;
  return points_per_task(opt.block_points, 8 * W, W, k);
}

template <class Real>
inline void check_points(points_view<Real> const& x) {
  check_input("x", x.data, x.k, x.n, x.point_stride, x.coord_stride);
}

template <class Real>
inline void check_matrix(char const* name, matrix_ref<Real> const& r, std::size_t rows,
                         std::size_t cols) {
  if (!r.empty())
    check_output(name, r.data, r.rows, r.cols, r.row_stride, r.col_stride, rows, cols);
}

/// Directions per task. A task sets up n jets (O(n) work and memory traffic, a fresh
/// workspace when n is large) before its first pass, so cutting the directions finer than
/// the threads need repeats that setup for nothing: with blocks of 8 directions, an O(1) f
/// on n = 100000 coordinates and k = 2 took 3.3 s on 2 threads against 0.05 s on one
/// (measured). Directions are split only as far as needed to give each worker ~4 tasks.
/// Blocks stay multiples of `unit` (the jet's D), so every direction is still computed by
/// the same pass, whatever the split: results do not depend on it or on the thread count.
inline std::size_t directions_per_block(std::size_t ndir, std::size_t n_point_blocks,
                                        std::size_t unit, int threads) {
  std::size_t const workers =
      std::size_t(threads > 0 ? threads : std::max(1, default_concurrency()));
  std::size_t const want_tasks = 4 * workers;
  std::size_t const ndb =
      n_point_blocks >= want_tasks ? 1 : (want_tasks + n_point_blocks - 1) / n_point_blocks;
  std::size_t const per = ((ndir + ndb - 1) / ndb + unit - 1) / unit * unit;
  return std::max(per, unit == 1 ? std::size_t(8) : unit);
}

template <class J, class Real, class F>
inline void run_second_order_with(F& f, std::size_t m, points_view<Real> const& x,
                                  direction_set<Real> dirs, sinks<Real> const& out,
                                  options const& opt, int threads) {
  constexpr int D = directions_v<J>;
  std::size_t const ppb = points_per_block<Real>(opt, x.k);
  std::size_t const npb = blocks_covering(x.k, ppb);
  second_order_job<J, Real, F> job{
      &f, x, dirs, out, m, ppb, directions_per_block(dirs.ndir, npb, D, threads)};
  std::size_t const ndb = (dirs.ndir + job.dirs_per_block - 1) / job.dirs_per_block;
  parallel_for_2d(npb, ndb, threads, &job, &decltype(job)::run);
}

/// Per-thread jet workspace the automatic strategy stays within when it picks the block width.
inline constexpr std::size_t automatic_workspace_bytes = std::size_t{32} << 20;

template <class Real, class F>
inline void run_second_order(F& f, std::size_t m, points_view<Real> const& x,
                             direction_set<Real> dirs, sinks<Real> const& out, options const& opt) {
  int const threads = resolve_threads(opt);
  using T = batch_of<Real>;
  switch (opt.method) {
    case strategy::per_direction:
      return run_second_order_with<Jet<T, 2>>(f, m, x, dirs, out, opt, threads);
    case strategy::shared_primal:
      return run_second_order_with<MultiJet<T, 8>>(f, m, x, dirs, out, opt, threads);
    case strategy::automatic: {
      // A block wider than the number of directions wastes work; 4 covers the common
      // small problems (n = 3, 4), 8 amortises the primal for the rest. Each thread holds one
      // jet per coordinate, n (2D + 1) batches: past automatic_workspace_bytes per thread
      // (n > ~30000 with AVX-512 for D = 8) every pass streams it from memory anyway, and it
      // would dominate the peak (n = 100000: 109 MB per thread for D = 8, 19 MB for D = 1),
      // so large n takes narrower jets. Depends on n only: results stay thread-independent.
      std::size_t const jets_bytes = x.n * sizeof(T);
      auto const fits = [&](std::size_t d) {
        return jets_bytes * (2 * d + 1) <= automatic_workspace_bytes;
      };
      if (dirs.ndir <= 2 || !fits(4))
        return run_second_order_with<Jet<T, 2>>(f, m, x, dirs, out, opt, threads);
      if (dirs.ndir <= 4 || !fits(8))
        return run_second_order_with<MultiJet<T, 4>>(f, m, x, dirs, out, opt, threads);
      return run_second_order_with<MultiJet<T, 8>>(f, m, x, dirs, out, opt, threads);
    }
  }
}

template <int D, class Real, class F>
inline void run_collapsed_with(F& f, std::size_t m, points_view<Real> const& x,
                               collapsed_block<Real, D> const* blocks, std::size_t nblocks,
                               sinks<Real> const& out, options const& opt) {
  int const threads = resolve_threads(opt);
  // Collapsed tasks split points only (each point's sum is reduced over its blocks in one
  // fixed order), so with few points the default block of 8 batches left one task: k = 64
  // ran on one thread. Unless the caller fixed the block size, blocks shrink (down to one
  // batch) until each worker has ~4. Every point still runs the same instructions.
  std::size_t ppb = points_per_block<Real>(opt, x.k);
  if (opt.block_points == 0) {
    constexpr std::size_t W = batch_of<Real>::size;
    std::size_t const workers =
        std::size_t(threads > 0 ? threads : std::max(1, default_concurrency()));
    ppb = std::min(ppb, points_per_task(blocks_covering(x.k, 4 * workers), W, W, x.k));
  }
  collapsed_job<D, Real, F> job{&f, x, blocks, nblocks, out, m, ppb};
  std::size_t const npb = blocks_covering(x.k, ppb);
  parallel_for_2d(npb, 1, threads, &job, &decltype(job)::run);
}

/// Laplacian-type sums with unit weights.
template <class Real, class F>
inline void run_collapsed(F& f, std::size_t m, points_view<Real> const& x, sinks<Real> const& out,
                          options const& opt) {
  // The workspace rule of the automatic strategy: n CollapsedJet<T, D> are n (D + 2) batches
  // per thread (n = 100000, D = 8: 64 MB per thread). Depends on n only.
  auto const fits = [&](std::size_t d) {
    return x.n * (d + 2) * sizeof(batch_of<Real>) <= automatic_workspace_bytes;
  };
  if (x.n <= 4 || (!fits(8) && fits(4)))
    return run_collapsed_with<4, Real>(f, m, x, nullptr, (x.n + 3) / 4, out, opt);
  if (!fits(8)) return run_collapsed_with<1, Real>(f, m, x, nullptr, x.n, out, opt);
  return run_collapsed_with<8, Real>(f, m, x, nullptr, (x.n + 7) / 8, out, opt);
}

/// sum_i a_i d^2 f/dx_i^2: blocks of one sign, direction sqrt(|a_i|) e_i, zero weights skipped.
template <class Real, class F>
inline void run_weighted(F& f, points_view<Real> const& x, std::span<Real const> a,
                         sinks<Real> const& out, options const& opt) {
  constexpr int D = 8;
  std::vector<collapsed_block<Real, D>> blocks;
  for (Real sign : {Real(1), Real(-1)}) {
    collapsed_block<Real, D> blk{};
    blk.sign = sign;
    for (std::size_t i = 0; i < x.n; ++i) {
      if (!(a[i] * sign > Real(0))) continue;
      blk.index[blk.count] = i;
      blk.scale[blk.count] = std::sqrt(a[i] * sign);
      if (++blk.count == D) {
        blocks.push_back(blk);
        blk.count = 0;
      }
    }
    if (blk.count > 0) blocks.push_back(blk);
  }
  if (blocks.empty()) {  // all weights zero: the operator is 0, the value still comes from f
    collapsed_block<Real, D> none{};
    none.sign = Real(0);
    blocks.push_back(none);
  }
  run_collapsed_with<D, Real>(f, 1, x, blocks.data(), blocks.size(), out, opt);
}

template <class Real, class F>
inline void evaluate_impl(F& f, std::size_t m, points_view<Real> const& x,
                          vector_outputs<Real> const& out, options const& opt) {
  check_points(x);
  std::size_t const k = x.k, n = x.n;
  check_matrix("value", out.value, k, m);
  check_matrix("gradient", out.gradient, k, m * n);
  check_matrix("diagonal", out.diagonal, k, m * n);
  check_matrix("laplacian", out.laplacian, k, m);
  if (opt.threads) check_threads(*opt.threads);
  if (k == 0 || n == 0) return;
  if (!out.diagonal.empty()) {
    run_second_order(f, m, x, direction_set<Real>{nullptr, n, n},
                     sinks<Real>{out.value, out.gradient, out.diagonal, {}}, opt);
    if (!out.laplacian.empty()) {
      // Summed in coordinate order: the same bits as any other thread count.
      for (std::size_t p = 0; p < k; ++p)
        for (std::size_t o = 0; o < m; ++o) {
          Real s = 0;
          for (std::size_t i = 0; i < n; ++i) s += out.diagonal(p, o * n + i);
          out.laplacian(p, o) = s;
        }
    }
  } else if (!out.value.empty() || !out.gradient.empty() || !out.laplacian.empty()) {
    run_collapsed(f, m, x, sinks<Real>{out.value, out.gradient, {}, out.laplacian}, opt);
  }
}

}  // namespace detail

/// Computes any of value, gradient, Hessian diagonal and Laplacian of a scalar f at k points,
/// into caller-owned buffers (no allocation per call for small n). With the diagonal asked
/// for, the Laplacian is its row sum; without it, collapsed jets compute it directly.
template <class Real, class F>
void evaluate(F&& f, points_view<Real> const& x, outputs<Real> const& out,
              options const& opt = {}) {
  detail::evaluate_impl(f, 1, x,
                        vector_outputs<Real>{detail::column(out.value), out.gradient, out.diagonal,
                                             detail::column(out.laplacian)},
                        opt);
}

/// The same for f: R^n -> R^m returning m jets (std::array or std::vector).
template <class Real, class F>
void evaluate_vector(F&& f, std::size_t m, points_view<Real> const& x,
                     vector_outputs<Real> const& out, options const& opt = {}) {
  detail::evaluate_impl(f, m, x, out, opt);
}

/// Value, gradient and Hessian diagonal of k points, owning row-major k x n storage.
template <class Real>
struct diagonal_result {
  std::size_t k = 0, n = 0;
  std::vector<Real> value;     ///< k
  std::vector<Real> gradient;  ///< k x n, row-major
  std::vector<Real> diagonal;  ///< k x n, row-major
  Real grad(std::size_t p, std::size_t i) const { return gradient[p * n + i]; }
  Real diag(std::size_t p, std::size_t i) const { return diagonal[p * n + i]; }
};

/// Value, gradient and Hessian diagonal of f at k points (owning result).
template <class Real, class F>
diagonal_result<Real> hessian_diagonal(F&& f, points_view<Real> const& x, options const& opt = {}) {
  detail::check_points(x);
  diagonal_result<Real> r{x.k, x.n, std::vector<Real>(x.k), std::vector<Real>(x.k * x.n),
                          std::vector<Real>(x.k * x.n)};
  evaluate(f, x,
           outputs<Real>{r.value,
                         matrix_ref<Real>::row_major(r.gradient.data(), x.k, x.n),
                         matrix_ref<Real>::row_major(r.diagonal.data(), x.k, x.n),
                         {}},
           opt);
  return r;
}

/// Laplacian sum_i d^2 f/dx_i^2 of f at k points into out (size k), by collapsed jets.
template <class Real, class F>
void laplacian(F&& f, points_view<Real> const& x, std::span<Real> out, options const& opt = {}) {
  detail::check_vector("laplacian", out.data(), out.size(), x.k);
  evaluate(f, x, outputs<Real>{{}, {}, {}, out}, opt);
}
/// Laplacian of f at k points (owning result).
template <class Real, class F>
std::vector<Real> laplacian(F&& f, points_view<Real> const& x, options const& opt = {}) {
  detail::check_points(x);
  std::vector<Real> out(x.k);
  laplacian(f, x, std::span<Real>(out), opt);
  return out;
}

/// Weighted diagonal operator sum_i a_i d^2 f/dx_i^2 (a of size n, any signs) into out (size
/// k), by collapsed jets: the diagonal itself is never formed.
template <class Real, class F>
void weighted_laplacian(F&& f, points_view<Real> const& x, std::span<Real const> a,
                        std::span<Real> out, options const& opt = {}) {
  detail::check_points(x);
  detail::check_vector("weights", a.data(), a.size(), x.n);
  detail::check_vector("out", out.data(), out.size(), x.k);
  if (opt.threads) detail::check_threads(*opt.threads);
  for (Real ai : a)
    if (!std::isfinite(ai)) throw error("weights", "must be finite");
  if (x.k == 0 || x.n == 0) return;
  detail::run_weighted(f, x, a, detail::sinks<Real>{{}, {}, {}, detail::column(out)}, opt);
}

/// Second derivatives along m directions, v_r^T H v_r: out(p, r) for directions given as the
/// rows of an m x n view v. Optionally the first derivatives v_r . grad f into first (k x m).
template <class Real, class F>
void directional_second(F&& f, points_view<Real> const& x, points_view<Real> const& v,
                        matrix_ref<Real> out, matrix_ref<Real> first = {},
                        options const& opt = {}) {
  detail::check_points(x);
  detail::check_input("directions", v.data, v.k, v.n, v.point_stride, v.coord_stride);
  if (v.n != x.n && v.k != 0)
    throw error("directions",
                "have dimension " + std::to_string(v.n) + ", points have " + std::to_string(x.n));
  detail::check_matrix("out", out, x.k, v.k);
  detail::check_matrix("first", first, x.k, v.k);
  if (out.empty()) throw error("out", "no output buffer");
  if (opt.threads) detail::check_threads(*opt.threads);
  if (x.k == 0 || x.n == 0 || v.k == 0) return;
  // Dense rows are read with unit coordinate stride: copy other layouts once.
  std::vector<Real> dense;
  Real const* rows = v.data;
  std::size_t ld = v.point_stride;
  if (v.coord_stride != 1) {
    dense.resize(v.k * v.n);
    for (std::size_t r = 0; r < v.k; ++r)
      for (std::size_t j = 0; j < v.n; ++j) dense[r * v.n + j] = v(r, j);
    rows = dense.data();
    ld = v.n;
  }
  detail::run_second_order(f, 1, x, detail::direction_set<Real>{rows, v.k, ld},
                           detail::sinks<Real>{{}, first, out, {}}, opt);
}

/// Pure partials up to order K: d^k f/dx_i^k for k = 1..K, row-major k x n x K.
template <class Real>
struct partials_result {
  std::size_t k = 0, n = 0, order = 0;
  std::vector<Real> value;     ///< k
  std::vector<Real> partials;  ///< k x n x order
  Real operator()(std::size_t p, std::size_t i, std::size_t ord) const {
    return partials[(p * n + i) * order + ord - 1];
  }
};

/// Pure partial derivatives d^k f/dx_i^k, k = 1..K, of f at k points by order-K jets
/// (one direction per pass).
template <int K, class Real, class F>
partials_result<Real> pure_partials(F&& f, points_view<Real> const& x, options const& opt = {}) {
  static_assert(K >= 1, "order K must be at least 1");
  detail::check_points(x);
  int const threads = detail::resolve_threads(opt);
  partials_result<Real> r{x.k, x.n, std::size_t(K), std::vector<Real>(x.k),
                          std::vector<Real>(x.k * x.n * K)};
  if (x.k == 0 || x.n == 0) return r;
  std::size_t const ppb = detail::points_per_block<Real>(opt, x.k);
  std::size_t const npb = detail::blocks_covering(x.k, ppb);
  std::size_t const dpb =
      detail::directions_per_block(x.n, npb, 1, threads);  // see there: setup per task
  detail::pure_partials_job<K, Real, std::remove_reference_t<F>> job{
      &f,
      x,
      detail::column(std::span<Real>(r.value)),
      matrix_ref<Real>::row_major(r.partials.data(), x.k, x.n * K),
      1,
      ppb,
      dpb};
  detail::parallel_for_2d(npb, (x.n + dpb - 1) / dpb, threads, &job, &decltype(job)::run);
  return r;
}

}  // namespace taylordiag
