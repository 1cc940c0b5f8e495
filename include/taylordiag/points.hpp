// taylordiag/points.hpp -- non-owning views over k points of dimension n, and output views.
//
// points_view<Real> reads element (p, i) -- coordinate i of point p -- at
// data[p * point_stride + i * coord_stride]. Row-major k x n (NumPy, TensorFlow, the
// original question) is the default; column-major and any other non-overlapping strides
// are accepted. matrix_ref<Real> is the same for writing (k x n gradients and diagonals,
// k x m directional results). Views never own memory; the drivers check them (null
// pointers, strides that overlap, sizes) and raise taylordiag::error naming the argument.
#pragma once

#include <cstddef>
#include <span>

namespace taylordiag {

/// Read-only view of k points in R^n.
template <class Real>
struct points_view {
  Real const* data = nullptr;
  std::size_t k = 0;  ///< number of points
  std::size_t n = 0;  ///< dimension of each point
  std::size_t point_stride = 0;
  std::size_t coord_stride = 1;

  /// k x n row-major; ld >= n is the distance between consecutive points.
  static points_view row_major(Real const* data, std::size_t k, std::size_t n, std::size_t ld = 0) {
    return {data, k, n, ld ? ld : n, 1};
  }
  /// k x n column-major (coordinate i of all points contiguous); ld >= k.
  static points_view col_major(Real const* data, std::size_t k, std::size_t n, std::size_t ld = 0) {
    return {data, k, n, 1, ld ? ld : k};
  }
  Real operator()(std::size_t p, std::size_t i) const {
    return data[p * point_stride + i * coord_stride];
  }
};

/// Writable view of a rows x cols matrix (rows = points).
template <class Real>
struct matrix_ref {
  Real* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t row_stride = 0;
  std::size_t col_stride = 1;

  static matrix_ref row_major(Real* data, std::size_t rows, std::size_t cols, std::size_t ld = 0) {
    return {data, rows, cols, ld ? ld : cols, 1};
  }
  static matrix_ref col_major(Real* data, std::size_t rows, std::size_t cols, std::size_t ld = 0) {
    return {data, rows, cols, 1, ld ? ld : rows};
  }
  /// True for a default-constructed view: the output was not asked for.
  bool empty() const { return data == nullptr && rows == 0 && cols == 0; }
  Real& operator()(std::size_t r, std::size_t c) const {
    return data[r * row_stride + c * col_stride];
  }
};

}  // namespace taylordiag
