// tools/cli/npy.cpp -- the .npy format (numpy/lib/format.py): a magic string, a version, a
// little-endian header length, a Python dict literal {'descr', 'fortran_order', 'shape'}
// padded with spaces to a '\n', then the raw array.
#include "npy.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cli_error.hpp"

namespace taylordiag::cli {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the .npy writer stores the host's bytes as little-endian");

constexpr std::string_view magic = "\x93NUMPY";

/// A recursive-descent reader of the header dict, reporting byte offsets into the file.
class header_parser {
 public:
  header_parser(std::string_view file, std::size_t begin, std::size_t end, std::string_view name)
      : s_(file), pos_(begin), end_(end), name_(name) {}

  [[noreturn]] void fail(std::size_t at, std::string const& message) const {
    throw data_error(located(name_, 1, at + 1, message));
  }
  void skip() {
    while (pos_ < end_ && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < end_ && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c, char const* context) {
    if (!eat(c)) fail(pos_, std::string("malformed header: expected '") + c + "' " + context);
  }
  std::size_t pos() const { return pos_; }

  std::string string() {
    skip();
    if (pos_ >= end_ || (s_[pos_] != '\'' && s_[pos_] != '"'))
      fail(pos_, "malformed header: expected a quoted string");
    char const q = s_[pos_++];
    std::size_t const b = pos_;
    while (pos_ < end_ && s_[pos_] != q) ++pos_;
    if (pos_ >= end_) fail(b - 1, "malformed header: unterminated string");
    return std::string(s_.substr(b, pos_++ - b));
  }
  bool boolean() {
    skip();
    std::string_view const rest = s_.substr(pos_, end_ - pos_);
    if (rest.starts_with("True")) {
      pos_ += 4;
      return true;
    }
    if (rest.starts_with("False")) {
      pos_ += 5;
      return false;
    }
    fail(pos_, "malformed header: expected True or False");
  }
  std::vector<std::uint64_t> tuple() {
    expect('(', "to open the shape");
    std::vector<std::uint64_t> dims;
    while (!eat(')')) {
      skip();
      std::size_t const b = pos_;
      std::uint64_t v = 0;
      while (pos_ < end_ && s_[pos_] >= '0' && s_[pos_] <= '9') {
        if (v > (std::uint64_t{1} << 50)) fail(b, "shape: dimension too large");
        v = v * 10 + std::uint64_t(s_[pos_++] - '0');
      }
      if (pos_ == b) fail(b, "malformed header: expected a non-negative integer in the shape");
      dims.push_back(v);
      if (!eat(',')) {
        expect(')', "to close the shape");
        break;
      }
    }
    return dims;
  }

 private:
  std::string_view s_;
  std::size_t pos_, end_;
  std::string_view name_;
};

template <class T>
T load(char const* p, bool swap) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap) std::reverse(b, b + sizeof(T));
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

std::string shape_text(std::size_t rows, std::size_t cols) {
  std::string s(1, '(');  // not "(" + std::to_string(): a GCC 12 -Wrestrict false positive
  s += std::to_string(rows);
  s += ", ";
  s += std::to_string(cols);
  s += ')';
  return s;
}

}  // namespace

bool is_npy(std::string_view bytes) noexcept {
  return bytes.starts_with(magic);
}

table read_npy(std::string_view bytes, std::string_view name) {
  auto const fail = [&](std::size_t at, std::string const& message) -> void {
    throw data_error(located(name, 1, at + 1, message));
  };
  if (!is_npy(bytes)) fail(0, "not a .npy file: it does not start with \"\\x93NUMPY\"");
  if (bytes.size() < 10) fail(bytes.size(), "truncated .npy header");
  auto const major = static_cast<unsigned char>(bytes[6]);
  auto const minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    fail(6, "unsupported .npy format version " + std::to_string(major) + "." +
                std::to_string(minor) + " (1.0, 2.0 and 3.0 are read)");
  std::size_t len = 0, begin = 0;
  if (major == 1) {
    len = std::size_t(static_cast<unsigned char>(bytes[8])) |
          std::size_t(static_cast<unsigned char>(bytes[9])) << 8;
    begin = 10;
  } else {
    if (bytes.size() < 12) fail(bytes.size(), "truncated .npy header");
    for (int i = 3; i >= 0; --i) len = len << 8 | static_cast<unsigned char>(bytes[8 + i]);
    begin = 12;
  }
  if (len > bytes.size() - begin)
    fail(bytes.size(), "truncated .npy header: it should be " + std::to_string(len) +
                           " bytes long, the file ends after " +
                           std::to_string(bytes.size() - begin));
  std::size_t const end = begin + len;

  header_parser h(bytes, begin, end, name);
  std::optional<std::string> descr;
  std::size_t descr_at = 0;
  std::optional<bool> fortran;
  std::optional<std::vector<std::uint64_t>> shape;
  std::size_t shape_at = 0;
  h.expect('{', "at the start of the header");
  while (!h.eat('}')) {
    h.skip();
    std::size_t const key_at = h.pos();
    std::string const key = h.string();
    h.expect(':', "after a key");
    h.skip();
    if (key == "descr") {
      descr_at = h.pos();
      descr = h.string();
    } else if (key == "fortran_order") {
      fortran = h.boolean();
    } else if (key == "shape") {
      shape_at = h.pos();
      shape = h.tuple();
    } else {
      h.fail(key_at, "unexpected key '" + key + "' in the header");
    }
    if (!h.eat(',')) {
      h.expect('}', "to close the header");
      break;
    }
  }
  if (!descr || !fortran || !shape)
    h.fail(h.pos(), std::string("the header has no '") +
                        (!descr     ? "descr"
                         : !fortran ? "fortran_order"
                                    : "shape") +
                        "' key");

  std::size_t item = 0;
  bool swap = false;
  if (*descr == "<f8" || *descr == ">f8") {
    item = 8;
    swap = (*descr)[0] == '>';
  } else if (*descr == "<f4" || *descr == ">f4") {
    item = 4;
    swap = (*descr)[0] == '>';
  } else {
    h.fail(descr_at, "dtype '" + *descr +
                         "' is not supported: save float64 or float32, e.g. "
                         "np.save(f, a.astype(np.float64))");
  }
  table t;
  if (shape->size() == 2) {
    t.rows = (*shape)[0];
    t.cols = (*shape)[1];
  } else if (shape->size() == 1) {
    t.rows = (*shape)[0];
    t.cols = 1;
  } else {
    h.fail(shape_at, "the array has " + std::to_string(shape->size()) +
                         " dimensions: expected (points, coordinates) or (points,)");
  }
  if (t.rows == 0) h.fail(shape_at, "no points: the shape is " + shape_text(t.rows, t.cols));
  if (t.cols == 0)
    h.fail(shape_at, "points of no coordinates: the shape is " + shape_text(t.rows, t.cols));
  std::size_t const available = bytes.size() - end;
  std::size_t const count = t.rows * t.cols;
  if (t.cols > available || count / t.cols != t.rows || count > available / item)
    fail(bytes.size(), "truncated data: shape " + shape_text(t.rows, t.cols) + " of '" + *descr +
                           "' needs " + std::to_string(t.rows) + " x " + std::to_string(t.cols) +
                           " x " + std::to_string(item) + " bytes, the file has " +
                           std::to_string(available) + " after the header");
  if (count * item != available)
    fail(end + count * item, std::to_string(available - count * item) +
                                 " bytes after the data of shape " + shape_text(t.rows, t.cols));

  t.data.resize(count);
  char const* src = bytes.data() + end;
  // Fortran order: element (p, i) is at i * rows + p; transposed into row-major here.
  for (std::size_t e = 0; e < count; ++e) {
    double const v = item == 8 ? load<double>(src + e * 8, swap) : load<float>(src + e * 4, swap);
    if (*fortran)
      t.data[(e % t.rows) * t.cols + e / t.rows] = v;
    else
      t.data[e] = v;
  }
  return t;
}

template <class Real>
std::string npy_header(std::size_t rows, std::size_t cols) {
  std::string dict = std::string("{'descr': '") + (sizeof(Real) == 8 ? "<f8" : "<f4") +
                     "', 'fortran_order': False, 'shape': " + shape_text(rows, cols) + ", }";
  std::size_t const unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string h(magic);
  h += '\x01';
  h += '\x00';
  h += char(dict.size() & 0xFF);
  h += char(dict.size() >> 8);
  return h + dict;
}

template <class Real>
void write_npy(Real const* data, std::size_t rows, std::size_t cols,
               std::function<void(std::string_view)> const& emit,
               progress_callback const& on_progress) {
  emit(npy_header<Real>(rows, cols));
  std::size_t const row_bytes = cols * sizeof(Real);
  std::size_t const rows_per_piece = std::max<std::size_t>(1, (std::size_t{8} << 20) / row_bytes);
  for (std::size_t r = 0; r < rows; r += rows_per_piece) {
    std::size_t const nr = std::min(rows_per_piece, rows - r);
    emit(std::string_view(reinterpret_cast<char const*>(data + r * cols), nr * row_bytes));
    if (on_progress) on_progress(r + nr);
  }
}

template std::string npy_header<double>(std::size_t, std::size_t);
template std::string npy_header<float>(std::size_t, std::size_t);
template void write_npy<double>(double const*, std::size_t, std::size_t,
                                std::function<void(std::string_view)> const&,
                                progress_callback const&);
template void write_npy<float>(float const*, std::size_t, std::size_t,
                               std::function<void(std::string_view)> const&,
                               progress_callback const&);

}  // namespace taylordiag::cli
