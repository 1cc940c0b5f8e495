// tests/fuzz/parser_fuzz.cpp -- libFuzzer target for tape::parse (and the interpreter behind it).
//
// Input: byte 0 picks the dimension n = 1 + b % 8, the rest is the expression. Every input must
// either parse or raise taylordiag::error (parse_error); a parsed tape is evaluated at a few
// points for value, gradient, diagonal and Laplacian (NaN and inf are fine, crashes are not).
// Built only with -DTAYLORDIAG_FUZZ=ON (clang); see docs/tape.md for the command line.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "taylordiag/tape.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t const n = 1 + data[0] % 8;
  std::string_view const expr(reinterpret_cast<char const*>(data + 1), size - 1);
  taylordiag::tape t;
  try {
    t = taylordiag::tape::parse(expr, n);
  } catch (taylordiag::error const&) {
    return 0;
  }
  if (t.dimension() != n) __builtin_trap();
  std::size_t const k = 5;
  std::vector<double> x(k * n), v(k), g(k * n), d(k * n), l(k);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.37 * double(i % 11) - 1.3;
  taylordiag::options opt;
  opt.threads = 1;
  t.evaluate(
      taylordiag::points_view<double>::row_major(x.data(), k, n),
      taylordiag::outputs<double>{v, taylordiag::matrix_ref<double>::row_major(g.data(), k, n),
                                  taylordiag::matrix_ref<double>::row_major(d.data(), k, n), l},
      opt);
  std::vector<float> xf(x.begin(), x.end()), lf(k);
  t.laplacian(taylordiag::points_view<float>::row_major(xf.data(), k, n), lf, opt);
  return 0;
}
