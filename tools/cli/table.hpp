// tools/cli/table.hpp -- k points of dimension n read from a file, and the progress callback.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace taylordiag::cli {

/// Points read from a CSV or .npy file: rows x cols, row-major, in double (an <f4 file is
/// widened exactly). first_line is the line of the first point in a CSV file (1 for .npy).
struct table {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> data;
  std::size_t first_line = 1;
};

/// Told how far a long read or write has come (bytes or rows, whatever the caller set up).
using progress_callback = std::function<void(std::size_t done)>;

}  // namespace taylordiag::cli
