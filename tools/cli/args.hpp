// tools/cli/args.hpp -- the command line of the taylordiag tool: options, parsing, --help.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace taylordiag::cli {

/// When the progress bar on standard error is drawn (always only once a run passed 1 s).
enum class progress_mode {
  automatic,  ///< when standard error is a terminal
  always,     ///< --progress
  never,      ///< --quiet
};

/// Everything the command line says. Defaults are the documented ones (docs/cli.md).
struct cli_options {
  std::string expr;                    ///< --expr: the function, grammar of docs/tape.md
  std::string input;                   ///< --input or the positional FILE; "-" is standard input
  std::string output;                  ///< --output; empty or "-" is standard output (CSV)
  std::size_t random = 0;              ///< --random K: K uniform points instead of a file (0: off)
  std::optional<std::size_t> dim;      ///< --dim N; inferred from the input's columns if unset
  std::uint64_t seed = 1;              ///< --seed
  double range_lo = -1, range_hi = 1;  ///< --range LO,HI of --random: uniform in [LO, HI)
  std::optional<int> threads;          ///< --threads N (unset: all cores)
  bool single = false;                 ///< --float: evaluate and write in single precision
  bool laplacian = false;              ///< --laplacian: value and Laplacian only
  std::optional<std::vector<double>> weights;  ///< --weights: value and sum_i a_i d_ii f
  bool skip_header = false;                    ///< --skip-header: the first CSV line is a header
  bool with_points = false;  ///< --with-points (implied by --random): x0.. columns first
  progress_mode progress = progress_mode::automatic;
  bool timing = false;   ///< --timing: one line of phase times on standard error at the end
  bool help = false;     ///< --help: print help_text() and exit 0
  bool version = false;  ///< --version
};

/// Parses argv[1..argc-1]; throws usage_error ("--option: message") on anything invalid,
/// including missing or conflicting options (unless --help or --version is given).
cli_options parse_args(int argc, char const* const* argv);

/// The text of --help: synopsis, options, formats, exit codes, examples.
std::string help_text();

/// The text of --version: tool and library versions, the tape's instruction set.
std::string version_text();

}  // namespace taylordiag::cli
