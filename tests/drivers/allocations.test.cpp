// tests/drivers/allocations.test.cpp -- a solver loop allocates nothing: with threads = 1 and
// caller-owned outputs, evaluate() (diagonal path and collapsed path), laplacian() into a
// span and pure_partials' kernels reuse per-thread workspaces after the first call.
// Counts every operator new of the process (this binary replaces the global one).
#include <atomic>
#include <cstdlib>
#include <new>

#include "drivers/common.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t al) {
  ++g_allocations;
  std::size_t const a = std::size_t(al);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace {
using namespace tdtest;

TEST(Allocations, SolverLoopAllocatesNothing) {
  for (std::size_t n : {3, 64}) {
    std::size_t const k = 3 * W<double> + 1;
    auto const x = make_points<double>(k, n, 0.3, 2);
    auto const pts = td::points_view<double>::row_major(x.data(), k, n);
    std::vector<double> val(k), grad(k * n), diag(k * n), lap(k);
    td::outputs<double> const full{val, td::matrix_ref<double>::row_major(grad.data(), k, n),
                                   td::matrix_ref<double>::row_major(diag.data(), k, n), lap};
    td::outputs<double> const collapsed{
        val, td::matrix_ref<double>::row_major(grad.data(), k, n), {}, lap};
    for (td::strategy s : all_strategies) {
      td::options const opt{.threads = 1, .method = s, .block_points = 0};
      td::evaluate(log_norm{}, pts, full, opt);  // warm-up: the per-thread workspaces
      td::evaluate(log_norm{}, pts, collapsed, opt);
      long const before = g_allocations.load();
      for (int it = 0; it < 5; ++it) {
        td::evaluate(log_norm{}, pts, full, opt);
        td::evaluate(log_norm{}, pts, collapsed, opt);
        td::laplacian(log_norm{}, pts, std::span<double>(lap), opt);
      }
      EXPECT_EQ(g_allocations.load() - before, 0) << name(s) << " n = " << n;
    }
  }
}

}  // namespace
