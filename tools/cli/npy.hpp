// tools/cli/npy.hpp -- NumPy .npy arrays: points in, result rows out.
//
// Reading accepts format versions 1.0, 2.0 and 3.0, dtypes <f8, <f4 (and the big-endian
// >f8, >f4, byte-swapped), shapes (k, n) and (k,) (k points of dimension 1), C order and
// fortran_order True (column-major, transposed on reading). Anything else is a data_error
// "NAME:1:COL: message" where COL is the byte offset + 1 (the header is the file's first
// line). The data must fill the file exactly.
//
// Writing produces version 1.0 with the header padded to 64 bytes, C order, <f8 or <f4.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "table.hpp"

namespace taylordiag::cli {

/// True when bytes start with the .npy magic "\x93NUMPY".
bool is_npy(std::string_view bytes) noexcept;

/// Parses a whole .npy file into a table (values widened to double); name is for messages.
table read_npy(std::string_view bytes, std::string_view name);

/// The header of a rows x cols C-order array of Real (double: <f8, float: <f4), version 1.0:
/// magic, version, length, the dict, spaces and '\n', 64-byte aligned.
template <class Real>
std::string npy_header(std::size_t rows, std::size_t cols);

/// Writes header and data through emit (in pieces of 8 MiB, on_progress gets the rows so far).
template <class Real>
void write_npy(Real const* data, std::size_t rows, std::size_t cols,
               std::function<void(std::string_view)> const& emit,
               progress_callback const& on_progress = {});

}  // namespace taylordiag::cli
