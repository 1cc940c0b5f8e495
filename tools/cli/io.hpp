// tools/cli/io.hpp -- whole-file input and all-or-nothing output.
//
// output_file writes to a temporary file next to the destination (same directory, so the
// final rename() is atomic) and renames it only in commit(): a failed run -- bad input, an
// exception during evaluation, a full disk, SIGINT / SIGTERM / SIGHUP -- leaves neither a
// half-written destination nor the temporary behind. An existing destination is replaced
// only on success.
#pragma once

#include <string>
#include <string_view>

namespace taylordiag::cli {

/// The whole content of a file; "-" reads standard input. Throws data_error "PATH: message".
std::string read_file(std::string const& path);

/// A destination for the results: standard output (empty path) or a file replaced atomically.
class output_file {
 public:
  /// Creates the temporary file now, so that an unwritable destination fails before any work.
  explicit output_file(std::string path);
  /// Removes the temporary file unless commit() succeeded.
  ~output_file();
  output_file(output_file const&) = delete;
  output_file& operator=(output_file const&) = delete;

  /// Appends bytes; throws data_error "PATH: message" on a write error (e.g. ENOSPC).
  void write(std::string_view bytes);
  /// Closes the temporary and renames it over the destination (no-op for standard output).
  void commit();
  /// The destination's name ("<stdout>" for standard output).
  std::string const& name() const noexcept { return name_; }
  /// The temporary file's path (empty for standard output); for tests.
  std::string const& temporary() const noexcept { return temp_; }

 private:
  std::string path_, temp_, name_;
  int fd_ = 1;
  bool committed_ = false;
};

}  // namespace taylordiag::cli
