// tools/cli/run.hpp -- one run of the tool: read or draw points, evaluate in chunks, write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "args.hpp"

namespace taylordiag::cli {

/// What the output holds, column by column (CSV header and .npy alike).
struct column_layout {
  std::size_t n = 0;         ///< dimension
  bool with_points = false;  ///< x0 .. x(n-1) first
  bool laplacian = false;    ///< value, laplacian
  bool weighted = false;     ///< value, weighted_laplacian
  /// Number of columns m.
  std::size_t columns() const noexcept;
  /// Column of the value (after the points, if any).
  std::size_t value_column() const noexcept { return with_points ? n : 0; }
  /// The names: [x0..,] value, then g0.., d0.. or laplacian or weighted_laplacian.
  std::vector<std::string> names() const;
};

/// k points uniform in [lo, hi)^n, row-major, from std::mt19937_64 seeded with seed: each
/// coordinate is lo + (hi - lo) * u with u = (next() >> 11) * 2^-53, point by point.
std::vector<double> random_points(std::size_t k, std::size_t n, std::uint64_t seed, double lo,
                                  double hi);

/// Runs the tool for parsed options (not --help / --version). Throws usage_error or data_error;
/// the output file then does not exist (or keeps its old content) and no temporary is left.
void run(cli_options const& opt);

}  // namespace taylordiag::cli
