// tools/cli/csv.cpp -- CSV points in, CSV result rows out (std::from_chars / std::to_chars).
#include "csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "cli_error.hpp"

namespace taylordiag::cli {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

/// Parses one trimmed field [b, e) as a double; returns false if it is not entirely a number.
/// Sets overflow when the number is beyond the double range.
bool parse_number(char const* b, char const* e, double& v, bool& overflow) {
  overflow = false;
  bool const plus = b != e && *b == '+';
  if (plus) ++b;
  if (b == e || (plus && (*b == '-' || *b == '+'))) return false;
  auto const [end, ec] = std::from_chars(b, e, v, std::chars_format::general);
  if (end != e) return false;
  if (ec == std::errc::result_out_of_range) {
    // from_chars reports underflow too: the correctly rounded result comes from strtod.
    std::string const copy(b, e);
    v = std::strtod(copy.c_str(), nullptr);
    overflow = std::isinf(v);
    return true;
  }
  return ec == std::errc{};
}

struct line_view {
  char const* begin;
  char const* end;  // without the \n or \r\n
};

/// True when no field of the line is a number: a header of column names.
bool looks_like_header(line_view ln) {
  char const* p = ln.begin;
  while (true) {
    char const* e = static_cast<char const*>(std::memchr(p, ',', std::size_t(ln.end - p)));
    if (!e) e = ln.end;
    char const* b = p;
    char const* f = e;
    while (b < f && blank(*b)) ++b;
    while (f > b && blank(f[-1])) --f;
    double v;
    bool overflow;
    if (parse_number(b, f, v, overflow)) return false;
    if (e == ln.end) return true;
    p = e + 1;
  }
}

std::size_t count_fields(line_view ln) {
  std::size_t n = 1;
  for (char const* p = ln.begin; p < ln.end; ++p) n += *p == ',';
  return n;
}

}  // namespace

table read_csv(std::string_view text, std::string_view name, csv_read_options const& opt) {
  table t;
  char const* const base = text.data();
  char const* const end = base + text.size();
  char const* p = base;
  if (text.starts_with("\xEF\xBB\xBF")) p += 3;  // UTF-8 byte-order mark (spreadsheets)
  std::size_t line = 0, header_line = 0, header_fields = 0, first_fields_line = 0;
  bool first = true;
  auto const fail = [&](std::size_t at_line, char const* line_begin, char const* at,
                        std::string const& message) -> void {
    throw data_error(located(name, at_line, std::size_t(at - line_begin) + 1, message));
  };
  while (p < end) {
    ++line;
    char const* eol = static_cast<char const*>(std::memchr(p, '\n', std::size_t(end - p)));
    char const* const next = eol ? eol + 1 : end;
    if (!eol) eol = end;
    line_view ln{p, eol};
    if (ln.end > ln.begin && ln.end[-1] == '\r') --ln.end;
    char const* const line_begin = p;
    p = next;
    if ((line & 0xFFFF) == 0 && opt.on_progress) opt.on_progress(std::size_t(p - base));

    char const* q = ln.begin;
    while (q < ln.end && blank(*q)) ++q;
    if (q == ln.end || *q == '#') continue;  // blank line or comment
    if (first) {
      first = false;
      if (opt.skip_header || looks_like_header(ln)) {
        header_line = line;
        header_fields = count_fields(ln);
        continue;
      }
    }

    std::size_t f = 0;
    char const* fp = ln.begin;
    while (true) {
      char const* e = static_cast<char const*>(std::memchr(fp, ',', std::size_t(ln.end - fp)));
      if (!e) e = ln.end;
      if (t.cols != 0 && f == t.cols)
        fail(line, line_begin, fp,
             "more than " + std::to_string(t.cols) + " fields (line " +
                 std::to_string(first_fields_line) + " has " + std::to_string(t.cols) + ")");
      char const* b = fp;
      char const* fe = e;
      while (b < fe && blank(*b)) ++b;
      while (fe > b && blank(fe[-1])) --fe;
      if (b == fe) fail(line, line_begin, b, "empty field " + std::to_string(f + 1));
      double v = 0;
      bool overflow = false;
      if (!parse_number(b, fe, v, overflow))
        fail(line, line_begin, b,
             "field " + std::to_string(f + 1) +
                 " is not a number: " + quoted(std::string_view(b, std::size_t(fe - b))));
      if (overflow)
        fail(line, line_begin, b,
             "field " + std::to_string(f + 1) + " is beyond the range of double: " +
                 quoted(std::string_view(b, std::size_t(fe - b))));
      t.data.push_back(v);
      ++f;
      if (e == ln.end) break;
      fp = e + 1;
    }
    if (t.cols == 0) {
      if (header_line != 0 && header_fields != f)
        fail(line, line_begin, ln.end,
             std::to_string(f) + " fields, but the header on line " + std::to_string(header_line) +
                 " has " + std::to_string(header_fields));
      t.cols = f;
      t.first_line = line;
      first_fields_line = line;
    } else if (f != t.cols) {
      fail(line, line_begin, ln.end,
           "only " + std::to_string(f) + " field" + (f == 1 ? "" : "s") + " (line " +
               std::to_string(first_fields_line) + " has " + std::to_string(t.cols) + ")");
    }
    ++t.rows;
  }
  if (t.rows == 0) {
    // Point at the end of the text.
    std::size_t eline = 1;
    char const* lb = base;
    for (char const* c = base; c < end; ++c)
      if (*c == '\n') ++eline, lb = c + 1;
    throw data_error(located(name, eline, std::size_t(end - lb) + 1,
                             text.empty()       ? "no points: the file is empty"
                             : header_line != 0 ? "no points after the header"
                                                : "no points: only blank or comment lines"));
  }
  if (opt.on_progress) opt.on_progress(text.size());
  return t;
}

template <class Real>
void write_csv(std::span<std::string const> header, Real const* data, std::size_t rows,
               std::size_t cols, std::function<void(std::string_view)> const& emit,
               progress_callback const& on_progress) {
  constexpr std::size_t capacity = std::size_t{1} << 20;
  constexpr std::size_t widest = 32;  // "-1.2345678901234567e-308," is 25 characters
  std::vector<char> buf(capacity + widest);
  std::size_t pos = 0;
  auto const flush = [&] {
    emit(std::string_view(buf.data(), pos));
    pos = 0;
  };
  std::string line;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (c) line += ',';
    line += header[c];
  }
  line += '\n';
  emit(line);
  for (std::size_t r = 0; r < rows; ++r) {
    Real const* row = data + r * cols;
    for (std::size_t c = 0; c < cols; ++c) {
      if (pos >= capacity) flush();
      if (std::isnan(row[c])) {  // "nan" whatever the sign bit (to_chars writes "-nan")
        std::memcpy(buf.data() + pos, "nan", 3);
        pos += 3;
      } else {
        char* const at = buf.data() + pos;
        auto res = std::to_chars(at, at + widest - 1, row[c]);
        if constexpr (std::is_same_v<Real, float>) {
          // Readers of CSV (this tool's, Python's float(), numpy) round the text to double,
          // then to float. For a few floats (0x15ae43fd: "7.038531e-26") that double lies
          // half-way between two floats and rounds to the wrong one; the shortest decimal of
          // the float widened to double survives both roundings exactly.
          double back = 0;
          std::from_chars(at, res.ptr, back);
          if (float(back) != row[c]) res = std::to_chars(at, at + widest - 1, double(row[c]));
        }
        pos = std::size_t(res.ptr - buf.data());
      }
      buf[pos++] = c + 1 == cols ? '\n' : ',';
    }
    if ((r & 0xFFFF) == 0xFFFF && on_progress) on_progress(r + 1);
  }
  if (pos) flush();
  if (on_progress) on_progress(rows);
}

template void write_csv<double>(std::span<std::string const>, double const*, std::size_t,
                                std::size_t, std::function<void(std::string_view)> const&,
                                progress_callback const&);
template void write_csv<float>(std::span<std::string const>, float const*, std::size_t, std::size_t,
                               std::function<void(std::string_view)> const&,
                               progress_callback const&);

}  // namespace taylordiag::cli
