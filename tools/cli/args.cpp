// tools/cli/args.cpp -- parsing the command line of the taylordiag tool.
#include "args.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <system_error>

#include "cli_error.hpp"
#include "taylordiag/config.hpp"
#include "taylordiag/tape.hpp"
#include "taylordiag/version.hpp"

namespace taylordiag::cli {
namespace {

constexpr std::size_t max_random = std::size_t{1} << 34;  // 16 Gi points: beyond any memory
constexpr int max_threads = 4096;

[[noreturn]] void fail(std::string_view option, std::string const& message) {
  throw usage_error(std::string(option) + ": " + message);
}

std::uint64_t parse_unsigned(std::string_view option, std::string_view text, char const* what) {
  std::uint64_t v = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    fail(option, std::string("expected ") + what + ", got " + quoted(text));
  return v;
}

std::size_t parse_count(std::string_view option, std::string_view text, std::size_t max) {
  std::uint64_t const v = parse_unsigned(option, text, "a positive integer");
  if (v == 0) fail(option, "must be at least 1, got 0");
  if (v > max)
    fail(option, "must be at most " + std::to_string(max) + ", got " + std::string(text));
  return std::size_t(v);
}

double parse_real(std::string_view option, std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double v = 0;
  auto const [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size())
    fail(option, "expected a number, got " + quoted(text));
  if (!std::isfinite(v)) fail(option, "must be finite, got " + quoted(text));
  return v;
}

std::vector<double> parse_list(std::string_view option, std::string_view text) {
  std::vector<double> v;
  std::size_t b = 0;
  while (true) {
    std::size_t const e = text.find(',', b);
    v.push_back(parse_real(option, text.substr(b, e == std::string_view::npos ? e : e - b)));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return v;
}

}  // namespace

cli_options parse_args(int argc, char const* const* argv) {
  cli_options o;
  bool have_input = false, have_random = false, positional_only = false;
  for (int a = 1; a < argc; ++a) {
    std::string_view arg = argv[a];
    if (positional_only || arg == "-" || arg.empty() || arg.front() != '-') {
      if (have_input) fail(arg, "more than one input file (the first was " + o.input + ")");
      o.input = std::string(arg);
      have_input = true;
      continue;
    }
    if (arg == "--") {
      positional_only = true;
      continue;
    }
    // "--name=value" or "--name value"; short options take their value as the next argument.
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (arg.starts_with("--")) {
      if (auto const eq = arg.find('='); eq != std::string_view::npos) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
    }
    auto const value = [&]() -> std::string_view {
      if (inline_value) return *inline_value;
      if (a + 1 >= argc) fail(name, "missing value");
      return argv[++a];
    };
    auto const flag = [&] {
      if (inline_value) fail(name, "takes no value");
    };
    if (name == "-h" || name == "--help") {
      flag();
      o.help = true;
    } else if (name == "-V" || name == "--version") {
      flag();
      o.version = true;
    } else if (name == "-e" || name == "--expr") {
      o.expr = std::string(value());
      if (o.expr.find_first_not_of(" \t\r\n") == std::string::npos)
        fail(name, "the expression is empty");
    } else if (name == "-i" || name == "--input") {
      if (have_input) fail(name, "more than one input file (the first was " + o.input + ")");
      o.input = std::string(value());
      if (o.input.empty()) fail(name, "empty file name");
      have_input = true;
    } else if (name == "-o" || name == "--output") {
      o.output = std::string(value());
      if (o.output.empty()) fail(name, "empty file name");
    } else if (name == "-r" || name == "--random") {
      o.random = parse_count(name, value(), max_random);
      have_random = true;
    } else if (name == "-n" || name == "--dim") {
      o.dim = parse_count(name, value(), std::size_t{1} << 24);
    } else if (name == "--seed") {
      o.seed = parse_unsigned(name, value(), "an integer in 0 .. 2^64-1");
    } else if (name == "--range") {
      auto const v = parse_list(name, value());
      if (v.size() != 2)
        fail(name, "expected LO,HI (two numbers), got " + std::to_string(v.size()));
      if (!(v[0] < v[1])) fail(name, "LO must be less than HI");
      o.range_lo = v[0];
      o.range_hi = v[1];
    } else if (name == "-t" || name == "--threads") {
      o.threads = int(parse_count(name, value(), max_threads));
    } else if (name == "--float") {
      flag();
      o.single = true;
    } else if (name == "-l" || name == "--laplacian") {
      flag();
      o.laplacian = true;
    } else if (name == "-w" || name == "--weights") {
      o.weights = parse_list(name, value());
    } else if (name == "--skip-header") {
      flag();
      o.skip_header = true;
    } else if (name == "--with-points") {
      flag();
      o.with_points = true;
    } else if (name == "--progress") {
      flag();
      o.progress = progress_mode::always;
    } else if (name == "--timing") {
      flag();
      o.timing = true;
    } else if (name == "-q" || name == "--quiet") {
      flag();
      o.progress = progress_mode::never;
    } else {
      fail(name, "unknown option (see taylordiag --help)");
    }
  }
  if (o.help || o.version) return o;
  if (o.expr.empty()) fail("--expr", "missing: the function, e.g. --expr 'log(sum(x^2))'");
  if (have_input && have_random) fail("--random", "cannot be combined with an input file");
  if (!have_input && !have_random) fail("--input", "missing: give --input FILE or --random K");
  if (have_random && !o.dim) fail("--dim", "required with --random");
  if (o.laplacian && o.weights) fail("--weights", "cannot be combined with --laplacian");
  if (o.weights && o.dim && o.weights->size() != *o.dim)
    fail("--weights",
         std::to_string(o.weights->size()) + " values, but --dim is " + std::to_string(*o.dim));
  if (o.single && o.weights)
    for (double const a : *o.weights)
      if (std::isinf(float(a))) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", a);
        fail("--weights", std::string("beyond the range of float (with --float), got ") + text);
      }
  if (have_random) o.with_points = true;
  if (o.output == "-") o.output.clear();
  return o;
}

std::string help_text() {
  return R"(taylordiag -- value, gradient and Hessian diagonal (or Laplacian) of a function at many points

Usage:
  taylordiag --expr EXPR [--input] FILE [options]
  taylordiag --expr EXPR --random K --dim N [options]

The function f: R^n -> R is written in the language of docs/tape.md: x0 .. x(n-1), x[i],
+ - * / ^, sum(), prod(), pi, exp log sqrt sin cos tanh erf sigmoid softplus abs pow ...
Each input row is one point; n is the number of columns (or --dim).

Input:
  -e, --expr EXPR       the function (required)
  -i, --input FILE      points: CSV (one point per line, comma-separated) or NumPy .npy
                        (<f8 or <f4, 2-D, C or Fortran order); detected from the content.
                        "-" reads CSV from standard input. A CSV header line of names is
                        detected; lines starting with # and blank lines are skipped.
      --skip-header     treat the first CSV line as a header whatever it holds
  -r, --random K        K points uniform in [LO, HI) instead of a file (needs --dim)
  -n, --dim N           the dimension; checked against the input's columns if given
      --seed S          seed of --random (default 1; the same seed gives the same points)
      --range LO,HI     the box of --random (default -1,1)

Output:
  -o, --output FILE     where to write (default: standard output, CSV). A name ending in
                        .npy gives one k x m <f8 array (<f4 with --float), anything else CSV.
                        Written to a temporary file next to FILE, renamed on success.
  -l, --laplacian       columns value,laplacian instead of value,g0..,d0..
  -w, --weights A,B,..  columns value,weighted_laplacian: sum_i a_i d^2f/dx_i^2 (n weights)
      --with-points     put the points first, as columns x0..x(n-1) (implied by --random)
      --float           evaluate and write in single precision

Run:
  -t, --threads N       at most N threads (default: all cores)
      --progress        progress bar on standard error even if it is not a terminal
  -q, --quiet           no progress bar (it is otherwise drawn on a terminal after 1 s)
      --timing          print the time of each phase (input, evaluation, output) at the end
  -h, --help            this text
  -V, --version         versions and the instruction set in use

Columns (CSV header and .npy alike):
  [x0,..,x(n-1),] value, g0,..,g(n-1), d0,..,d(n-1)     gi = df/dxi, di = d^2f/dxi^2
  [x0,..,x(n-1),] value, laplacian          with --laplacian
  [x0,..,x(n-1),] value, weighted_laplacian with --weights

Numbers: CSV fields are decimal numbers, nan, inf or -inf (a NaN or Inf gives NaN or Inf in
that row's results only); output numbers are the shortest that read back exactly.

Exit status: 0 success; 1 bad input data, unreadable or unwritable files; 2 bad command line
(options, their values, the expression). Errors are one line on standard error:
  taylordiag: FILE:LINE:COL: message     (.npy: LINE 1, COL = byte offset + 1)
  taylordiag: --option: message

Examples:
  taylordiag --expr 'log(sum(x^2))' --input points.csv
  taylordiag --expr 'log(sum(x^2))' points.npy --laplacian --output lap.npy
  taylordiag --expr 'sum(100*(x[i+1]-x^2)^2 + (1-x)^2)' --random 5 --dim 4 --seed 7
  taylordiag --expr 'x0^2 + 3*x1^2' --weights 1,-1 --input points.csv --float --threads 2
)";
}

std::string version_text() {
  return std::string("taylordiag ") + TAYLORDIAG_VERSION_STRING + " (library " +
         taylordiag::version() + ", tape instruction set " + taylordiag::tape_architecture() +
         ")\n";
}

}  // namespace taylordiag::cli
