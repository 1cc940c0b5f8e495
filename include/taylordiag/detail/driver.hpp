// taylordiag/detail/driver.hpp -- the block kernels behind the drivers of diagonal.hpp.
//
// A task owns a block of points (whole SIMD batches, the last one padded) and a block of
// directions. It gathers the points into batches, seeds one jet per coordinate, calls the
// user's f once per batch and direction block, and scatters the coefficients. Padded lanes
// repeat the last real point, so nothing is read or written past the user's arrays, and every
// point is computed by the same instructions wherever it sits: results do not depend on k,
// on the block size or on the thread count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "taylordiag/collapsed_jet.hpp"
#include "taylordiag/detail/runtime.hpp"
#include "taylordiag/error.hpp"
#include "taylordiag/jet.hpp"
#include "taylordiag/multi_jet.hpp"
#include "taylordiag/points.hpp"

namespace taylordiag::detail {

template <class Real>
using batch_of = xsimd::batch<Real>;

// ---- uniform access to the direction coefficients of the second-order jets -----------
template <class J>
inline constexpr int directions_v = J::directions;
template <class T>
inline constexpr int directions_v<Jet<T, 2>> = 1;

template <class T, int D>
inline T& d1_of(MultiJet<T, D>& j, int r) {
  return j.d1(r);
}
template <class T, int D>
inline T& d2_of(MultiJet<T, D>& j, int r) {
  return j.d2(r);
}
template <class T, int D>
inline T& d1_of(CollapsedJet<T, D>& j, int r) {
  return j.d1(r);
}
template <class T>
inline T& d1_of(Jet<T, 2>& j, int) {
  return j.c[1];
}
template <class T>
inline T& d2_of(Jet<T, 2>& j, int) {
  return j.c[2];
}

/// Scratch memory reused by one thread across calls: solvers call the drivers in their
/// inner loop, so small workspaces are not allocated each time. Large ones (huge n) are
/// released after the task so that memory stays O(results) + a bounded workspace. A thread
/// may start a second task while the first waits (work stealing when f itself uses TBB, or
/// a driver called from inside f): the cache is then busy and the second task allocates.
template <class U>
class scratch {
 public:
  explicit scratch(std::size_t count) {
    constexpr std::size_t keep_bytes = std::size_t{4} << 20;
    auto& c = cache();
    if (!c.busy && count * sizeof(U) <= keep_bytes) {
      if (c.data.size() < count) c.data.resize(count);
      c.busy = true;
      cached_ = &c;
      data_ = c.data.data();
    } else if (count * sizeof(U) > keep_bytes) {
      // Straight from the OS and back (allocate_pages): through malloc, glibc's dynamic mmap
      // threshold kept freed workspaces in per-thread arenas (n = 100000, 2 threads: +78 MB
      // peak resident).
      static_assert(std::is_trivially_destructible_v<U>);
      pages_ = count * sizeof(U);
      data_ = static_cast<U*>(allocate_pages(pages_));
      std::uninitialized_default_construct_n(data_, count);
    } else {
      own_.reset(new U[count]);
      data_ = own_.get();
    }
  }
  ~scratch() {
    if (cached_) cached_->busy = false;
    if (pages_) release_pages(data_, pages_);
  }
  scratch(scratch const&) = delete;
  scratch& operator=(scratch const&) = delete;
  U* data() { return data_; }

 private:
  struct slot {
    std::vector<U> data;
    bool busy = false;
  };
  static slot& cache() {
    thread_local slot s;
    return s;
  }
  slot* cached_ = nullptr;
  std::unique_ptr<U[]> own_;
  std::size_t pages_ = 0;
  U* data_ = nullptr;
};

/// Loads points [p, p + count) (count <= W) into n batches stored in buf (n x W, aligned):
/// lane l of buf[j] is coordinate j of point p + min(l, count - 1).
template <class Real>
inline void gather(points_view<Real> const& x, std::size_t p, std::size_t count,
                   batch_of<Real>* buf) {
  constexpr std::size_t W = batch_of<Real>::size;
  std::size_t const n = x.n;
  if (count == W && x.point_stride == 1) {
    for (std::size_t j = 0; j < n; ++j)
      buf[j] = batch_of<Real>::load_unaligned(x.data + p + j * x.coord_stride);
    return;
  }
  alignas(batch_of<Real>) Real lane[W];
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t l = 0; l < W; ++l) lane[l] = x(p + std::min(l, count - 1), j);
    buf[j] = batch_of<Real>::load_aligned(lane);
  }
}

/// Writes lanes [0, count) of b to out(p + l, col).
template <class Real>
inline void scatter(batch_of<Real> const& b, matrix_ref<Real> const& out, std::size_t p,
                    std::size_t count, std::size_t col) {
  constexpr std::size_t W = batch_of<Real>::size;
  if (count == W && out.row_stride == 1) {  // consecutive points contiguous (a value column,
    b.store_unaligned(&out(p, col));        // column-major outputs): one store
    return;
  }
  alignas(batch_of<Real>) Real lane[W];
  b.store_aligned(lane);
  for (std::size_t l = 0; l < count; ++l) out(p + l, col) = lane[l];
}

/// The outputs of one evaluation, for m outputs of f (m = 1 for scalar f):
/// value k x m, first and second coefficients k x (m * ndir), sums k x m.
template <class Real>
struct sinks {
  matrix_ref<Real> value;
  matrix_ref<Real> first;
  matrix_ref<Real> second;
  matrix_ref<Real> sum;
};

/// f's result as a sequence of m jets (a single jet for scalar f).
template <class J, class Y>
inline J const* outputs_of(Y const& y, std::size_t& m) {
  if constexpr (std::is_convertible_v<Y const&, J const&> && !requires { y.size(); }) {
    m = 1;
    return &static_cast<J const&>(y);
  } else {
    m = static_cast<std::size_t>(y.size());
    return std::data(y);
  }
}

template <class J, class F>
inline auto call(F& f, J const* x, std::size_t n) {
  using R = decltype(f(std::span<J const>(x, n)));
  if constexpr (std::is_arithmetic_v<R>) {
    return J(f(std::span<J const>(x, n)));  // a constant f
  } else {
    return f(std::span<J const>(x, n));
  }
}

/// Directions: unit vectors (dirs == nullptr) or the rows of a dense ndir x n matrix.
template <class Real>
struct direction_set {
  Real const* dirs = nullptr;
  std::size_t ndir = 0;
  std::size_t ld = 0;
};

/// Second-order directional jets (Jet<T,2> one direction per pass, or MultiJet<T,D>):
/// value, first and second derivative along each direction of the set.
template <class J, class Real, class F>
struct second_order_job {
  using T = batch_of<Real>;
  static constexpr int D = directions_v<J>;
  static constexpr std::size_t W = T::size;

  F* f;
  points_view<Real> x;
  direction_set<Real> dirs;
  sinks<Real> out;
  std::size_t m;                 // number of outputs of f
  std::size_t points_per_block;  // multiple of W
  std::size_t dirs_per_block;    // multiple of D

  static void run(void* ctx, std::size_t pb, std::size_t pe, std::size_t db, std::size_t de) {
    static_cast<second_order_job*>(ctx)->work(pb, pe, db, de);
  }

  void work(std::size_t pb, std::size_t pe, std::size_t db, std::size_t de) {
    std::size_t const n = x.n;
    scratch<T> xb(n);
    scratch<J> xj(n);
    // Only the values change from batch to batch (the seeds are cleared after each pass), so
    // the jets are zeroed once per task and each batch writes its values alone: J(x) per
    // coordinate and batch cost a memset and a copy of the whole jet (3-17 batches).
    for (std::size_t j = 0; j < n; ++j) xj.data()[j] = J();
    for (std::size_t p = pb * points_per_block, p_end = std::min(pe * points_per_block, x.k);
         p < p_end; p += W) {
      std::size_t const count = std::min(W, p_end - p);
      gather(x, p, count, xb.data());
      for (std::size_t j = 0; j < n; ++j) xj.data()[j].c[0] = xb.data()[j];
      std::size_t const i_end = std::min(de * dirs_per_block, dirs.ndir);
      for (std::size_t i0 = db * dirs_per_block; i0 < i_end; i0 += D) {
        std::size_t const nd = std::min<std::size_t>(D, i_end - i0);
        seed(xj.data(), i0, nd, Real(1));
        auto const y = call(*f, xj.data(), n);
        std::size_t my = 0;
        J const* ys = outputs_of<J>(y, my);
        if (my != m)
          throw error("f",
                      "returned " + std::to_string(my) + " outputs, expected " + std::to_string(m));
        for (std::size_t o = 0; o < m; ++o) {
          J yo = ys[o];
          if (i0 == 0 && !out.value.empty()) scatter(yo.c[0], out.value, p, count, o);
          for (std::size_t r = 0; r < nd; ++r) {
            std::size_t const col = o * dirs.ndir + i0 + r;
            if (!out.first.empty()) scatter(d1_of(yo, int(r)), out.first, p, count, col);
            if (!out.second.empty()) scatter(d2_of(yo, int(r)), out.second, p, count, col);
          }
        }
        seed(xj.data(), i0, nd, Real(0));
      }
    }
  }

  // Sets (scale = 1) or clears (scale = 0) the first-order seeds of directions [i0, i0 + nd).
  void seed(J* xj, std::size_t i0, std::size_t nd, Real scale) {
    for (std::size_t r = 0; r < nd; ++r) {
      if (dirs.dirs == nullptr) {
        d1_of(xj[i0 + r], int(r)) = T(scale);
      } else {
        Real const* v = dirs.dirs + (i0 + r) * dirs.ld;
        for (std::size_t j = 0; j < x.n; ++j) d1_of(xj[j], int(r)) = T(scale * v[j]);
      }
    }
  }
};

/// A block of at most D coordinates of one weight sign for the collapsed jet:
/// direction r is sqrt(|a_i|) e_i.
template <class Real, int D>
struct collapsed_block {
  std::size_t index[D];
  Real scale[D];
  int count;
  Real sign;
};

/// Collapsed jets: value, gradient and sum_i a_i d^2 f/dx_i^2 without the diagonal. Tasks
/// span point blocks only; each sums its direction blocks in one fixed order, so the result
/// does not depend on the thread count.
template <int D, class Real, class F>
struct collapsed_job {
  using T = batch_of<Real>;
  using J = CollapsedJet<T, D>;
  static constexpr std::size_t W = T::size;

  F* f;
  points_view<Real> x;
  collapsed_block<Real, D> const* blocks;  // nullptr: unit weights, contiguous blocks
  std::size_t nblocks;
  sinks<Real> out;  // value, first (gradient, k x m*n), sum
  std::size_t m;
  std::size_t points_per_block;

  static void run(void* ctx, std::size_t pb, std::size_t pe, std::size_t, std::size_t) {
    static_cast<collapsed_job*>(ctx)->work(pb, pe);
  }

  collapsed_block<Real, D> block(std::size_t b) const {
    if (blocks) return blocks[b];
    collapsed_block<Real, D> blk{};
    blk.count = int(std::min<std::size_t>(D, x.n - b * D));
    blk.sign = Real(1);
    for (int r = 0; r < blk.count; ++r) {
      blk.index[r] = b * D + std::size_t(r);
      blk.scale[r] = Real(1);
    }
    return blk;
  }

  void work(std::size_t pb, std::size_t pe) {
    std::size_t const n = x.n;
    scratch<T> xb(n);
    scratch<J> xj(n);
    // A type of its own: scratch<T> is already busy with xb, and a busy cache allocates.
    struct sum_slot {
      T v;
    };
    scratch<sum_slot> sums(m);
    for (std::size_t j = 0; j < n; ++j) xj.data()[j] = J();  // seeds are cleared after each block
    for (std::size_t p = pb * points_per_block, p_end = std::min(pe * points_per_block, x.k);
         p < p_end; p += W) {
      std::size_t const count = std::min(W, p_end - p);
      gather(x, p, count, xb.data());
      for (std::size_t j = 0; j < n; ++j) xj.data()[j].c[0] = xb.data()[j];
      for (std::size_t o = 0; o < m; ++o) sums.data()[o].v = T(Real(0));
      for (std::size_t b = 0; b < nblocks; ++b) {
        auto const blk = block(b);
        for (int r = 0; r < blk.count; ++r) xj.data()[blk.index[r]].d1(r) = T(blk.scale[r]);
        auto const y = call(*f, xj.data(), n);
        std::size_t my = 0;
        J const* ys = outputs_of<J>(y, my);
        if (my != m)
          throw error("f",
                      "returned " + std::to_string(my) + " outputs, expected " + std::to_string(m));
        for (std::size_t o = 0; o < m; ++o) {
          J const& yo = ys[o];
          if (b == 0 && !out.value.empty()) scatter(yo.c[0], out.value, p, count, o);
          if (!out.first.empty())
            for (int r = 0; r < blk.count; ++r)
              scatter(yo.d1(r), out.first, p, count, o * n + blk.index[r]);
          sums.data()[o].v = detail::fma(T(blk.sign), yo.sum2(), sums.data()[o].v);
        }
        for (int r = 0; r < blk.count; ++r) xj.data()[blk.index[r]].d1(r) = T(Real(0));
      }
      if (!out.sum.empty())
        for (std::size_t o = 0; o < m; ++o) scatter(sums.data()[o].v, out.sum, p, count, o);
    }
  }
};

/// Order-K jets, one coordinate direction per pass: out(p, (o*n + i)*K + k-1) = d^k f_o/dx_i^k.
template <int K, class Real, class F>
struct pure_partials_job {
  using T = batch_of<Real>;
  using J = Jet<T, K>;
  static constexpr std::size_t W = T::size;

  F* f;
  points_view<Real> x;
  matrix_ref<Real> value;  // k x m
  matrix_ref<Real> out;    // k x (m * n * K)
  std::size_t m;
  std::size_t points_per_block;
  std::size_t dirs_per_block;

  static void run(void* ctx, std::size_t pb, std::size_t pe, std::size_t db, std::size_t de) {
    static_cast<pure_partials_job*>(ctx)->work(pb, pe, db, de);
  }

  void work(std::size_t pb, std::size_t pe, std::size_t db, std::size_t de) {
    std::size_t const n = x.n;
    scratch<T> xb(n);
    scratch<J> xj(n);
    for (std::size_t j = 0; j < n; ++j) xj.data()[j] = J();  // seeds are cleared after each pass
    for (std::size_t p = pb * points_per_block, p_end = std::min(pe * points_per_block, x.k);
         p < p_end; p += W) {
      std::size_t const count = std::min(W, p_end - p);
      gather(x, p, count, xb.data());
      for (std::size_t j = 0; j < n; ++j) xj.data()[j].c[0] = xb.data()[j];
      for (std::size_t i = db * dirs_per_block, i_end = std::min(de * dirs_per_block, n); i < i_end;
           ++i) {
        xj.data()[i].c[1] = T(Real(1));
        auto const y = call(*f, xj.data(), n);
        std::size_t my = 0;
        J const* ys = outputs_of<J>(y, my);
        if (my != m)
          throw error("f",
                      "returned " + std::to_string(my) + " outputs, expected " + std::to_string(m));
        for (std::size_t o = 0; o < m; ++o) {
          if (i == 0 && !value.empty()) scatter(ys[o].c[0], value, p, count, o);
          for (int kk = 1; kk <= K; ++kk)
            scatter(ys[o].c[kk], out, p, count, (o * n + i) * K + std::size_t(kk - 1));
        }
        xj.data()[i].c[1] = T(Real(0));
      }
    }
  }
};

}  // namespace taylordiag::detail
