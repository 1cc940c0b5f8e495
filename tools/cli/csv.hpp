// tools/cli/csv.hpp -- reading points from CSV text and writing result rows as CSV.
//
// Reading: one point per line, fields separated by ',', spaces and tabs around a field
// ignored, \n or \r\n line ends, a UTF-8 byte-order mark skipped. Blank lines and lines whose
// first non-blank character is '#' are skipped wherever they are. The first remaining line is
// a header (skipped) when none of its fields is a number, or always with skip_header. Fields
// are parsed by std::from_chars (decimal or scientific, a leading '+', nan, inf, infinity in
// any case); a value beyond the double range is an error, one below it rounds to 0 or a
// subnormal. Every row must have as many fields as the first. Errors are data_error
// "NAME:LINE:COL: message" with 1-based line and byte column.
//
// Writing: a header line of column names, then one line per row, each number the shortest
// decimal that reads back to the same double (or float), nan / inf / -inf as such. A float is
// read back through the nearest double by this reader (and by Python and NumPy); for the few
// floats whose shortest decimal rounds wrongly that way (7.038531e-26) the shortest decimal of
// the float widened to double is written instead, so the round trip is exact either way.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "table.hpp"

namespace taylordiag::cli {

struct csv_read_options {
  bool skip_header = false;       ///< the first non-blank, non-comment line is a header
  progress_callback on_progress;  ///< called with the bytes parsed so far, every 64Ki lines
};

/// Parses CSV text (the whole file) into a table; name is the file name for messages.
/// Throws data_error on a malformed file, ragged rows, a non-numeric field or no rows at all.
table read_csv(std::string_view text, std::string_view name, csv_read_options const& opt = {});

/// Writes the header line and rows x cols values (row-major) as CSV, handing the text to
/// emit in pieces of about 1 MiB; on_progress gets the rows written so far.
template <class Real>
void write_csv(std::span<std::string const> header, Real const* data, std::size_t rows,
               std::size_t cols, std::function<void(std::string_view)> const& emit,
               progress_callback const& on_progress = {});

}  // namespace taylordiag::cli
