// tools/cli/cli_error.hpp -- the two kinds of failure of the taylordiag tool and their exit codes.
//
// Every failure ends the program with one line on standard error, "taylordiag: " followed by
// what() of one of these. usage_error (exit 2): the command line alone is wrong (an unknown
// option, a bad value, a malformed expression). data_error (exit 1): the command line is fine
// but a file, its contents or the system is not (unreadable input, a ragged row, a full disk).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace taylordiag::cli {

inline constexpr int exit_data = 1;
inline constexpr int exit_usage = 2;

/// The command line is invalid; what() is "OPTION: message", e.g. "--threads: must be >= 1".
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file or its contents are bad; what() is "FILE:LINE:COL: message" or "FILE: message".
class data_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "name:line:col: message" (line and col 1-based).
inline std::string located(std::string_view name, std::size_t line, std::size_t col,
                           std::string_view message) {
  std::string s(name);
  s += ':';
  s += std::to_string(line);
  s += ':';
  s += std::to_string(col);
  s += ": ";
  s += message;
  return s;
}

/// A field quoted for a message: at most 24 bytes, control and non-ASCII bytes as \xNN.
inline std::string quoted(std::string_view field) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s = "'";
  std::size_t const shown = field.size() > 24 ? 24 : field.size();
  for (std::size_t i = 0; i < shown; ++i) {
    auto const c = static_cast<unsigned char>(field[i]);
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
      s += char(c);
    } else {
      s += "\\x";
      s += hex[c >> 4];
      s += hex[c & 15];
    }
  }
  s += field.size() > shown ? "'..." : "'";
  return s;
}

}  // namespace taylordiag::cli
