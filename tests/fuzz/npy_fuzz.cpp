// tests/fuzz/npy_fuzz.cpp -- libFuzzer target for the CLI's .npy reader and writer.
//
// Input: the bytes of a .npy file. Every input must either be read or raise data_error (an odd
// dtype, shape, order, version, a header length or shape that does not match the file). A file
// that is read must survive the round trip through the tool's own writer bit for bit:
// read -> write_npy<double> -> read gives the same shape and the same 8-byte values (memcmp:
// NaN payloads, -0 and subnormals count), and writing that again gives the same bytes. The
// --float path too: the values rounded to float (as run.cpp does), written by write_npy<float>
// and read back are those floats, widened exactly.
// Built only with -DTAYLORDIAG_FUZZ=ON (clang); tests/fuzz/run.sh runs it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli_error.hpp"
#include "npy.hpp"

namespace cli = taylordiag::cli;

namespace {

[[noreturn]] void fail(char const* what) {
  std::fprintf(stderr, "npy_fuzz: %s\n", what);
  __builtin_trap();
}

template <class Real>
std::string write(std::vector<Real> const& data, std::size_t rows, std::size_t cols) {
  std::string s;
  cli::write_npy<Real>(data.data(), rows, cols, [&](std::string_view b) { s += b; });
  return s;
}

/// The table the writer's bytes read back as; any error there is a bug of the writer.
cli::table reread(std::string const& bytes) {
  try {
    return cli::read_npy(bytes, "written.npy");
  } catch (cli::data_error const& e) {
    std::fprintf(stderr, "npy_fuzz: the written file is rejected: %s\n", e.what());
    __builtin_trap();
  }
}

template <class Real>
void same_bits(std::vector<Real> const& a, std::vector<Real> const& b, char const* what) {
  if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Real)) != 0)
    fail(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const bytes(reinterpret_cast<char const*>(data), size);
  cli::table t;
  try {
    t = cli::read_npy(bytes, "fuzz.npy");
  } catch (cli::data_error const&) {
    return 0;
  }
  if (!cli::is_npy(bytes)) fail("read a file without the magic");
  if (t.rows == 0 || t.cols == 0 || t.data.size() / t.cols != t.rows ||
      t.data.size() % t.cols != 0 || t.first_line != 1)
    fail("inconsistent table");
  // The data fills the file exactly: its size is the header plus rows x cols items of 4 or 8.
  std::size_t const count = t.data.size();
  if (size < 10 + count * 4) fail("the file is too small for its data");

  std::string const b2 = write(t.data, t.rows, t.cols);
  cli::table const t2 = reread(b2);
  if (t2.rows != t.rows || t2.cols != t.cols || t2.first_line != 1) fail("shape changed");
  same_bits(t.data, t2.data, "values changed in the round trip");
  if (write(t2.data, t2.rows, t2.cols) != b2) fail("writing the read-back table gives other bytes");

  std::vector<float> const f(t.data.begin(), t.data.end());
  cli::table const t3 = reread(write(f, t.rows, t.cols));
  if (t3.rows != t.rows || t3.cols != t.cols) fail("shape changed (float)");
  std::vector<float> const f3(t3.data.begin(), t3.data.end());
  same_bits(f, f3, "float values changed in the round trip");
  return 0;
}
