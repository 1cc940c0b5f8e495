// tests/fuzz/csv_fuzz.cpp -- libFuzzer target for the CLI's CSV reader and writer.
//
// Input: the bytes of a CSV file, read with and without skip_header. Every input must either
// be read or raise data_error. A file that is read must survive the round trip through the
// tool's own writer bit for bit: read -> write_csv<double> -> read gives the same shape and the
// same doubles (memcmp, so -0 and subnormals count), except that the writer spells every NaN
// "nan" (csv.hpp), so a NaN comes back as whatever "nan" reads as. Writing the second table
// again gives the same text. The --float path is checked too: the values rounded to float (as
// run.cpp does), written by write_csv<float>, read back and rounded again are the same floats.
// Built only with -DTAYLORDIAG_FUZZ=ON (clang); tests/fuzz/run.sh runs it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli_error.hpp"
#include "csv.hpp"

namespace cli = taylordiag::cli;

namespace {

[[noreturn]] void fail(char const* what) {
  std::fprintf(stderr, "csv_fuzz: %s\n", what);
  __builtin_trap();
}

template <class Real>
std::string write(cli::table const& t, std::vector<Real> const& data) {
  std::vector<std::string> names(t.cols);
  for (std::size_t c = 0; c < t.cols; ++c) names[c] = "x" + std::to_string(c + 1);
  std::string s;
  cli::write_csv<Real>(names, data.data(), t.rows, t.cols, [&](std::string_view b) { s += b; });
  return s;
}

/// The table the writer's text of t reads back as; any error there is a bug of the writer.
cli::table reread(std::string const& text) {
  try {
    return cli::read_csv(text, "written.csv");
  } catch (cli::data_error const& e) {
    std::fprintf(stderr, "csv_fuzz: the written text is rejected: %s\n", e.what());
    __builtin_trap();
  }
}

/// x with every NaN replaced by the NaN that the writer's "nan" reads back as.
template <class Real>
std::vector<Real> nan_as_written(std::vector<Real> x, Real nan) {
  for (auto& v : x)
    if (std::isnan(v)) v = nan;
  return x;
}

template <class Real>
void same_bits(std::vector<Real> const& a, std::vector<Real> const& b, char const* what) {
  if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Real)) != 0)
    fail(what);
}

void check(std::string_view text, bool skip_header) {
  cli::csv_read_options opt;
  opt.skip_header = skip_header;
  cli::table t;
  try {
    t = cli::read_csv(text, "fuzz.csv", opt);
  } catch (cli::data_error const&) {
    return;
  }
  if (t.rows == 0 || t.cols == 0 || t.data.size() / t.cols != t.rows ||
      t.data.size() % t.cols != 0 || t.first_line == 0)
    fail("inconsistent table");

  static double const nan_read = cli::read_csv("nan\n", "nan.csv").data[0];
  std::string const text2 = write(t, t.data);
  cli::table const t2 = reread(text2);
  if (t2.rows != t.rows || t2.cols != t.cols || t2.first_line != 2) fail("shape changed");
  same_bits(nan_as_written(t.data, nan_read), t2.data, "values changed in the round trip");
  if (write(t2, t2.data) != text2) fail("writing the read-back table gives other text");

  // --float: run.cpp rounds the points to float; a float CSV must read back to those floats.
  std::vector<float> const f(t.data.begin(), t.data.end());
  cli::table const t3 = reread(write(t, f));
  if (t3.rows != t.rows || t3.cols != t.cols) fail("shape changed (float)");
  std::vector<float> const f3(t3.data.begin(), t3.data.end());
  same_bits(nan_as_written(f, float(nan_read)), f3, "float values changed in the round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  check(text, false);
  check(text, true);
  return 0;
}
