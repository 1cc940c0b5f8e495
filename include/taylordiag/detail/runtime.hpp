// taylordiag/detail/runtime.hpp -- the non-template part of the drivers, compiled in lib/.
//
// Threads (oneTBB) and argument validation live in the static library so that user code
// never includes TBB. The drivers hand a type-erased task to parallel_for_2d.
#pragma once

#include <cstddef>

namespace taylordiag::detail {

/// A task over point blocks [pb, pe) x direction blocks [db, de).
using block_task = void (*)(void* context, std::size_t pb, std::size_t pe, std::size_t db,
                            std::size_t de);

/// Runs task over the n_point_blocks x n_direction_blocks grid, each cell exactly once.
/// threads == 1 runs inline on the caller's thread; threads == 0 uses the caller's current
/// task_arena; threads > 1 runs in a task_arena capped at that many threads. No global
/// threads are started, and an exception thrown by a task is rethrown here.
void parallel_for_2d(std::size_t n_point_blocks, std::size_t n_direction_blocks, int threads,
                     void* context, block_task task);

/// Large workspaces straight from the OS (mmap on POSIX, operator new elsewhere), page
/// aligned and returned by release_pages at once, so that the resident set drops when a
/// task ends. Throws std::bad_alloc.
void* allocate_pages(std::size_t bytes);
void release_pages(void* p, std::size_t bytes) noexcept;

/// Number of threads the caller's current arena would use for threads == 0.
int default_concurrency() noexcept;

/// Points per task for k >= 1 points and options::block_points = requested (0: fallback), a
/// multiple of unit (a power of two: the SIMD width, 16 for the tape). Both engines take it
/// from here, so that every size_t is valid: a request above k is k (one block), which also
/// keeps the rounding up from wrapping around (SIZE_MAX rounded to 0, then divided by it).
std::size_t points_per_task(std::size_t requested, std::size_t fallback, std::size_t unit,
                            std::size_t k) noexcept;
/// Blocks of `per` >= 1 points covering k points: ceil(k / per), without the overflow of
/// (k + per - 1) / per.
constexpr std::size_t blocks_covering(std::size_t k, std::size_t per) noexcept {
  return k / per + (k % per != 0);
}

/// Validation of the driver arguments; each throws taylordiag::error naming `name`.
void check_input(char const* name, void const* data, std::size_t k, std::size_t n,
                 std::size_t point_stride, std::size_t coord_stride);
void check_output(char const* name, void const* data, std::size_t rows, std::size_t cols,
                  std::size_t row_stride, std::size_t col_stride, std::size_t want_rows,
                  std::size_t want_cols);
void check_vector(char const* name, void const* data, std::size_t size, std::size_t want);
/// A thread cap must be >= 1 (no cap at all is expressed by leaving options::threads unset).
void check_threads(int threads);

}  // namespace taylordiag::detail
