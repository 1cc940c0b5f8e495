// lib/runtime.cpp -- threads (oneTBB) and argument validation for the drivers.
#include "taylordiag/detail/runtime.hpp"

#include <algorithm>
#include <cstdint>
#include <new>
#include <string>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#endif

#include <oneapi/tbb/blocked_range2d.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "taylordiag/error.hpp"

namespace taylordiag::detail {

void parallel_for_2d(std::size_t n_point_blocks, std::size_t n_direction_blocks, int threads,
                     void* context, block_task task) {
  if (n_point_blocks == 0 || n_direction_blocks == 0) return;
  if (threads > 1) {
    // A cap above what oneTBB may run at all is that limit: oneTBB allocates a slot per
    // thread of the arena (2^20 took 0.5 GB and 1 s, INT_MAX crashed oneTBB 2021.8).
    std::size_t const limit =
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    if (std::size_t(threads) > limit) threads = int(std::max<std::size_t>(limit, 1));
  }
  if (threads == 1 || n_point_blocks * n_direction_blocks == 1) {
    task(context, 0, n_point_blocks, 0, n_direction_blocks);
    return;
  }
  // Grain 1 in both dimensions: a block is already many points x several directions.
  // Every cell is computed the same way whoever runs it, so results do not depend on the
  // partition or the thread count.
  auto run = [&] {
    tbb::parallel_for(
        tbb::blocked_range2d<std::size_t>(0, n_point_blocks, 1, 0, n_direction_blocks, 1),
        [&](tbb::blocked_range2d<std::size_t> const& r) {
          task(context, r.rows().begin(), r.rows().end(), r.cols().begin(), r.cols().end());
        });
  };
  if (threads == 0) {
    run();  // the caller's arena (and its thread cap), never a global one of ours
  } else {
    tbb::task_arena arena(threads);
    arena.execute(run);
  }
}

void* allocate_pages(std::size_t bytes) {
#if defined(__unix__) || defined(__APPLE__)
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
#else
  return ::operator new (bytes, std::align_val_t{4096});
#endif
}

void release_pages(void* p, std::size_t bytes) noexcept {
#if defined(__unix__) || defined(__APPLE__)
  ::munmap(p, bytes);
#else
  (void)bytes;
  ::operator delete (p, std::align_val_t{4096});
#endif
}

int default_concurrency() noexcept {
  return tbb::this_task_arena::max_concurrency();
}

std::size_t points_per_task(std::size_t requested, std::size_t fallback, std::size_t unit,
                            std::size_t k) noexcept {
  std::size_t const want =
      std::clamp<std::size_t>(requested ? requested : fallback, 1, std::max<std::size_t>(k, 1));
  std::size_t const over = want % unit;
  if (over == 0) return want;
  // Rounded down only if rounding up would wrap (k within unit of SIZE_MAX): still >= unit
  // there, and the blocks are then counted by blocks_covering, which does not overflow.
  return want <= SIZE_MAX - (unit - over) ? want + (unit - over) : want - over;
}

namespace {
std::string dims(std::size_t r, std::size_t c) {
  return std::to_string(r) + " x " + std::to_string(c);
}
}  // namespace

void check_input(char const* name, void const* data, std::size_t k, std::size_t n,
                 std::size_t point_stride, std::size_t coord_stride) {
  if (k == 0 || n == 0) return;
  if (data == nullptr) throw error(name, "null pointer for " + dims(k, n) + " points");
  if (coord_stride == 0 || point_stride == 0) throw error(name, "stride 0");
  // Either points or coordinates must not overlap: a row-major ld below n is the usual slip.
  bool const rows_ok = point_stride >= n * coord_stride;
  bool const cols_ok = coord_stride >= k * point_stride;
  if (!rows_ok && !cols_ok) {
    throw error(name, "strides (point " + std::to_string(point_stride) + ", coordinate " +
                          std::to_string(coord_stride) + ") overlap for " + dims(k, n) +
                          " points: the point stride must be at least n = " + std::to_string(n));
  }
}

void check_output(char const* name, void const* data, std::size_t rows, std::size_t cols,
                  std::size_t row_stride, std::size_t col_stride, std::size_t want_rows,
                  std::size_t want_cols) {
  if (rows != want_rows || cols != want_cols) {
    throw error(name, "buffer is " + dims(rows, cols) + ", expected " + dims(want_rows, want_cols));
  }
  check_input(name, data, rows, cols, row_stride, col_stride);
}

void check_vector(char const* name, void const* data, std::size_t size, std::size_t want) {
  if (size != want) {
    throw error(
        name, "buffer has " + std::to_string(size) + " elements, expected " + std::to_string(want));
  }
  if (size != 0 && data == nullptr) throw error(name, "null pointer");
}

void check_threads(int threads) {
  if (threads < 1)
    throw error("threads", "the thread cap must be >= 1; got " + std::to_string(threads));
}

}  // namespace taylordiag::detail
