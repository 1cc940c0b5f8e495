// tests/cli/formats.test.cpp -- the pieces of the taylordiag tool: CSV and .npy readers and
// writers, the command line, the column layout, --random, the progress bar, atomic output.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "args.hpp"
#include "cli_error.hpp"
#include "csv.hpp"
#include "io.hpp"
#include "npy.hpp"
#include "progress.hpp"
#include "run.hpp"

namespace cli = taylordiag::cli;
namespace fs = std::filesystem;

namespace {

/// The message of the data_error read_csv throws, or "" if it parses.
std::string csv_error(std::string_view text, cli::csv_read_options const& opt = {}) {
  try {
    cli::read_csv(text, "p.csv", opt);
  } catch (cli::data_error const& e) {
    return e.what();
  }
  return "";
}

std::string npy_error(std::string_view bytes) {
  try {
    cli::read_npy(bytes, "p.npy");
  } catch (cli::data_error const& e) {
    return e.what();
  }
  return "";
}

std::string usage_error(std::vector<char const*> args) {
  args.insert(args.begin(), "taylordiag");
  try {
    cli::parse_args(int(args.size()), args.data());
  } catch (cli::usage_error const& e) {
    return e.what();
  }
  return "";
}

template <class Real>
std::string csv_text(std::vector<std::string> const& header, std::vector<Real> const& data,
                     std::size_t cols) {
  std::string s;
  cli::write_csv<Real>(header, data.data(), data.size() / cols, cols,
                       [&](std::string_view b) { s += b; });
  return s;
}

template <class Real>
std::string npy_bytes(std::vector<Real> const& data, std::size_t rows, std::size_t cols) {
  std::string s;
  cli::write_npy<Real>(data.data(), rows, cols, [&](std::string_view b) { s += b; });
  return s;
}

/// A .npy file by hand: any version, descr, order and shape text, raw data bytes.
std::string npy_raw(int major, std::string const& dict, std::string const& data) {
  std::string h = "\x93NUMPY";
  h += char(major);
  h += '\0';
  std::string d = dict + "\n";
  if (major == 1) {
    h += char(d.size() & 0xFF);
    h += char(d.size() >> 8);
  } else {
    for (int i = 0; i < 4; ++i) h += char((d.size() >> (8 * i)) & 0xFF);
  }
  return h + d + data;
}

template <class T>
std::string raw_bytes(std::vector<T> const& v) {
  return std::string(reinterpret_cast<char const*>(v.data()), v.size() * sizeof(T));
}

}  // namespace

// ---- CSV reading -------------------------------------------------------------------------

TEST(CsvRead, PlainRowsWithAndWithoutTrailingNewline) {
  for (std::string_view text : {"1,2,3\n4,5,6\n", "1,2,3\n4,5,6", "1,2,3\r\n4,5,6\r\n",
                                "1,2,3\n4,5,6\n\n\n", "1,2,3\r\n4,5,6\r\n\r\n  \n"}) {
    auto const t = cli::read_csv(text, "p.csv");
    EXPECT_EQ(t.rows, 2u) << text;
    EXPECT_EQ(t.cols, 3u);
    EXPECT_EQ(t.data, (std::vector<double>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(t.first_line, 1u);
  }
}

TEST(CsvRead, HeaderCommentsBlankLinesSpacesAndByteOrderMark) {
  auto const t = cli::read_csv(
      "\xEF\xBB\xBF# made by hand\nx, y\n\n  1.5 ,\t-2e-3\n# middle\n+7,  .25\n", "p.csv");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.cols, 2u);
  EXPECT_EQ(t.data, (std::vector<double>{1.5, -2e-3, 7, 0.25}));
  EXPECT_EQ(t.first_line, 4u);
  // --skip-header: the first line goes even when it is numeric.
  cli::csv_read_options skip;
  skip.skip_header = true;
  auto const s = cli::read_csv("1,2\n3,4\n", "p.csv", skip);
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.data, (std::vector<double>{3, 4}));
}

TEST(CsvRead, NanInfAndTheEdgesOfTheDoubleRange) {
  auto const t =
      cli::read_csv("nan,inf,-inf,NaN,Infinity,1e-400,4.9e-324,1.7976931348623157e308\n", "p.csv");
  ASSERT_EQ(t.cols, 8u);
  EXPECT_TRUE(std::isnan(t.data[0]));
  EXPECT_EQ(t.data[1], std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.data[2], -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(t.data[3]));
  EXPECT_EQ(t.data[4], std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.data[5], 0.0);                                        // underflow rounds to 0
  EXPECT_EQ(t.data[6], std::numeric_limits<double>::denorm_min());  // the smallest subnormal
  EXPECT_EQ(t.data[7], std::numeric_limits<double>::max());
}

TEST(CsvRead, ErrorsNameLineAndColumn) {
  EXPECT_EQ(csv_error("1,2,3\n4,5\n"), "p.csv:2:4: only 2 fields (line 1 has 3)");
  EXPECT_EQ(csv_error("1,2\n3,4,5\n"), "p.csv:2:5: more than 2 fields (line 1 has 2)");
  EXPECT_EQ(csv_error("1,2\n3,abc\n"), "p.csv:2:3: field 2 is not a number: 'abc'");
  EXPECT_EQ(csv_error("1,2\r\n3, 4x\r\n"), "p.csv:2:4: field 2 is not a number: '4x'");
  EXPECT_EQ(csv_error("1,2\n3,,\n"), "p.csv:2:3: empty field 2");
  EXPECT_EQ(csv_error("1,2,\n"), "p.csv:1:5: empty field 3");
  EXPECT_EQ(csv_error("1,0x10\n"), "p.csv:1:3: field 2 is not a number: '0x10'");
  EXPECT_EQ(csv_error("1,+-2\n"), "p.csv:1:3: field 2 is not a number: '+-2'");
  EXPECT_EQ(csv_error("1,1e400\n"), "p.csv:1:3: field 2 is beyond the range of double: '1e400'");
  EXPECT_EQ(csv_error("1,\"2\"\n"), "p.csv:1:3: field 2 is not a number: '\"2\"'");
  EXPECT_EQ(csv_error("1,\x01\xff\n"), "p.csv:1:3: field 2 is not a number: '\\x01\\xff'");
  EXPECT_EQ(csv_error(""), "p.csv:1:1: no points: the file is empty");
  EXPECT_EQ(csv_error("x,y\n"), "p.csv:2:1: no points after the header");
  EXPECT_EQ(csv_error("\n# only a comment\n  \n"),
            "p.csv:4:1: no points: only blank or comment lines");
  EXPECT_EQ(csv_error("x,y,z\n1,2\n"), "p.csv:2:4: 2 fields, but the header on line 1 has 3");
  // The first line is a header only when none of its fields is a number.
  EXPECT_EQ(csv_error("x,2\n1,2\n"), "p.csv:1:1: field 1 is not a number: 'x'");
}

TEST(CsvRead, ProgressIsReportedAndEndsAtTheSize) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "1,2\n";
  std::vector<std::size_t> seen;
  cli::csv_read_options opt;
  opt.on_progress = [&](std::size_t b) { seen.push_back(b); };
  auto const t = cli::read_csv(text, "p.csv", opt);
  EXPECT_EQ(t.rows, 200000u);
  ASSERT_GE(seen.size(), 3u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), text.size());
}

// ---- CSV writing -------------------------------------------------------------------------

TEST(CsvWrite, HeaderAndShortestNumbers) {
  std::vector<double> const d = {0.1,
                                 -2,
                                 1e300,
                                 std::numeric_limits<double>::quiet_NaN(),
                                 -std::numeric_limits<double>::quiet_NaN(),
                                 -std::numeric_limits<double>::infinity()};
  EXPECT_EQ(csv_text<double>({"a", "b", "c"}, d, 3), "a,b,c\n0.1,-2,1e+300\nnan,nan,-inf\n");
  std::vector<float> const f = {0.1f, 1.0f / 3};
  EXPECT_EQ(csv_text<float>({"a", "b"}, f, 2), "a,b\n0.1,0.33333334\n");
}

TEST(CsvWrite, DoublesAndFloatsReadBackBitwise) {
  std::mt19937_64 gen(3);
  std::vector<double> d(3 * 100001);
  for (auto& v : d) v = std::bit_cast<double>(gen());
  for (auto& v : d)
    if (!std::isfinite(v)) v = 1.25;
  auto const t = cli::read_csv(csv_text<double>({"u", "v", "w"}, d, 3), "o.csv");
  ASSERT_EQ(t.rows, 100001u);
  for (std::size_t i = 0; i < d.size(); ++i) ASSERT_EQ(t.data[i], d[i]) << i;
  std::vector<float> f(2 * 999);
  for (auto& v : f) v = std::ldexp(float(gen() >> 40) / float(1 << 24), int(gen() % 60) - 30);
  auto const u = cli::read_csv(csv_text<float>({"u", "v"}, f, 2), "o.csv");
  for (std::size_t i = 0; i < f.size(); ++i) ASSERT_EQ(float(u.data[i]), f[i]) << i;
}

TEST(CsvWrite, FloatsSurviveTheReadThroughDouble) {
  // The tool (and most CSV readers: Python's float(), numpy) reads a number as the nearest
  // double and only then rounds to float. For 0x15ae43fd = 7.03853069...e-26 the shortest
  // decimal, "7.038531e-26", is nearest to that float but the double nearest to it lies
  // exactly half-way to the next float up and rounds there (found by checking every float
  // for the round trip tests/fuzz/csv_fuzz asserts; it is the only positive one).
  for (std::uint32_t const bits : {0x15ae43fdu, 0x95ae43fdu, 0x3dcccccdu /* 0.1f */}) {
    float const f = std::bit_cast<float>(bits);
    std::string const text = csv_text<float>({"v"}, std::vector<float>{f}, 1);
    auto const t = cli::read_csv(text, "o.csv");
    ASSERT_EQ(t.data.size(), 1u);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(float(t.data[0])), bits) << text;
    // It still reads back as that float when parsed directly as a float.
    float g = 0;
    std::string const number = text.substr(2, text.size() - 3);
    std::from_chars(number.data(), number.data() + number.size(), g);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(g), bits) << text;
  }
  // Floats that do not need it keep the shortest spelling.
  EXPECT_EQ(csv_text<float>({"v"}, std::vector<float>{0.1f}, 1), "v\n0.1\n");
}

// ---- .npy --------------------------------------------------------------------------------

TEST(Npy, HeaderIsVersion1PaddedTo64) {
  std::string const h = cli::npy_header<double>(5, 7);
  EXPECT_EQ(h.size() % 64, 0u);
  EXPECT_EQ(h.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(std::size_t(std::uint8_t(h[8])) + 10, h.size());
  EXPECT_EQ(h.back(), '\n');
  EXPECT_NE(h.find("{'descr': '<f8', 'fortran_order': False, 'shape': (5, 7), }"),
            std::string::npos);
  EXPECT_NE(cli::npy_header<float>(1, 2).find("'<f4'"), std::string::npos);
}

TEST(Npy, WrittenArraysReadBack) {
  std::vector<double> const d = {1, 2, 3, 4, 5, std::numeric_limits<double>::quiet_NaN()};
  auto const t = cli::read_npy(npy_bytes(d, 2, 3), "o.npy");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.cols, 3u);
  EXPECT_EQ(std::vector<double>(t.data.begin(), t.data.begin() + 5),
            std::vector<double>(d.begin(), d.begin() + 5));
  EXPECT_TRUE(std::isnan(t.data[5]));
  std::vector<float> const f = {0.1f, -3.5f};
  auto const u = cli::read_npy(npy_bytes(f, 2, 1), "o.npy");
  EXPECT_EQ(u.rows, 2u);
  EXPECT_EQ(u.cols, 1u);
  EXPECT_EQ(u.data, (std::vector<double>{double(0.1f), -3.5}));
}

TEST(Npy, Version2FortranOrderBigEndianAndOneDimensional) {
  std::vector<double> const cm = {1, 4, 2, 5, 3, 6};  // column-major 2 x 3 of {1 2 3; 4 5 6}
  auto const t = cli::read_npy(
      npy_raw(2, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", raw_bytes(cm)),
      "p.npy");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.cols, 3u);
  EXPECT_EQ(t.data, (std::vector<double>{1, 2, 3, 4, 5, 6}));

  std::string big = raw_bytes(std::vector<double>{1.5, -2});
  for (std::size_t i = 0; i < big.size(); i += 8)
    std::reverse(big.begin() + long(i), big.begin() + long(i) + 8);
  auto const b = cli::read_npy(
      npy_raw(3, "{\"descr\":\">f8\",\"shape\":(2,),\"fortran_order\":False}", big), "p.npy");
  EXPECT_EQ(b.rows, 2u);
  EXPECT_EQ(b.cols, 1u);
  EXPECT_EQ(b.data, (std::vector<double>{1.5, -2}));
}

TEST(Npy, ErrorsNameTheByte) {
  std::string const f8 = raw_bytes(std::vector<double>{1, 2, 3, 4});
  EXPECT_EQ(npy_error("1,2\n"),
            "p.npy:1:1: not a .npy file: it does not start with \"\\x93NUMPY\"");
  EXPECT_EQ(npy_error(npy_raw(4, "{}", "")),
            "p.npy:1:7: unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)");
  // '<i8' starts at byte 20 of "\x93NUMPY" 1 0 len {'descr': '<i8'
  EXPECT_EQ(
      npy_error(npy_raw(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", f8)),
      "p.npy:1:21: dtype '<i8' is not supported: save float64 or float32, e.g. "
      "np.save(f, a.astype(np.float64))");
  EXPECT_EQ(
      npy_error(npy_raw(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }", f8)),
      "p.npy:1:61: the array has 3 dimensions: expected (points, coordinates) or (points,)");
  std::string const trunc =
      npy_raw(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", f8);
  EXPECT_EQ(npy_error(trunc), "p.npy:1:" + std::to_string(trunc.size() + 1) +
                                  ": truncated data: shape (3, 2) of '<f8' needs 3 x 2 x 8 bytes, "
                                  "the file has 32 after the header");
  std::string const extra =
      npy_raw(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", f8);
  EXPECT_EQ(npy_error(extra), "p.npy:1:" + std::to_string(extra.size() - 16 + 1) +
                                  ": 16 bytes after the data of shape (1, 2)");
  EXPECT_EQ(
      npy_error(npy_raw(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }", "")),
      "p.npy:1:61: no points: the shape is (0, 2)");
  EXPECT_EQ(npy_error(npy_raw(1, "{'descr': '<f8', 'shape': (2, 2), }", f8)),
            "p.npy:1:46: the header has no 'fortran_order' key");
  EXPECT_EQ(npy_error(npy_raw(1, "{'descr': '<f8', 'fortran_order': Maybe", f8)),
            "p.npy:1:45: malformed header: expected True or False");
  EXPECT_EQ(
      npy_error(std::string("\x93NUMPY\x01\x00\xff\x00{", 11)),
      "p.npy:1:12: truncated .npy header: it should be 255 bytes long, the file ends after 1");
}

// ---- The command line --------------------------------------------------------------------

TEST(Args, DefaultsAndValues) {
  char const* argv[] = {"taylordiag", "--expr",    "log(sum(x^2))", "p.csv",   "--threads=3", "-o",
                        "r.npy",      "--weights", "1, -2,0.5",     "--float", "--seed",      "9"};
  auto const o = cli::parse_args(12, argv);
  EXPECT_EQ(o.expr, "log(sum(x^2))");
  EXPECT_EQ(o.input, "p.csv");
  EXPECT_EQ(o.output, "r.npy");
  EXPECT_EQ(o.threads, 3);
  EXPECT_TRUE(o.single);
  EXPECT_EQ(o.seed, 9u);
  EXPECT_EQ(*o.weights, (std::vector<double>{1, -2, 0.5}));
  EXPECT_FALSE(o.with_points);
  EXPECT_EQ(o.progress, cli::progress_mode::automatic);
  char const* rnd[] = {"taylordiag", "-e", "x0", "--random", "5", "--dim", "2", "-o", "-"};
  auto const r = cli::parse_args(9, rnd);
  EXPECT_EQ(r.random, 5u);
  EXPECT_EQ(r.dim, 2u);
  EXPECT_TRUE(r.with_points);  // --random implies the point columns
  EXPECT_EQ(r.output, "");     // "-" is standard output
  EXPECT_EQ(r.range_lo, -1.0);
  EXPECT_EQ(r.range_hi, 1.0);
}

TEST(Args, BadValuesNameTheOption) {
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--threads", "0"}),
            "--threads: must be at least 1, got 0");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--threads", "two"}),
            "--threads: expected a positive integer, got 'two'");
  EXPECT_EQ(usage_error({"-e", "x0", "--random", "-5", "--dim", "2"}),
            "--random: expected a positive integer, got '-5'");
  EXPECT_EQ(usage_error({"-e", "x0", "--random", "5"}), "--dim: required with --random");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--bogus"}),
            "--bogus: unknown option (see taylordiag --help)");
  EXPECT_EQ(usage_error({"p.csv"}), "--expr: missing: the function, e.g. --expr 'log(sum(x^2))'");
  EXPECT_EQ(usage_error({"-e", "x0"}), "--input: missing: give --input FILE or --random K");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--random", "3"}),
            "--random: cannot be combined with an input file");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--weights", "1,x"}),
            "--weights: expected a number, got 'x'");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--weights", "1,inf"}),
            "--weights: must be finite, got 'inf'");
  // Finite in double but not in float: the command line is wrong (it was exit 1, "weights").
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--float", "--weights", "1,-1e39"}),
            "--weights: beyond the range of float (with --float), got -1e+39");
  EXPECT_EQ(usage_error({"-e", "x0", "--random", "3", "--dim", "2", "--weights", "1"}),
            "--weights: 1 values, but --dim is 2");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--range", "1,1"}),
            "--range: LO must be less than HI");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--laplacian", "--weights", "1"}),
            "--weights: cannot be combined with --laplacian");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--threads"}), "--threads: missing value");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "--float=1"}), "--float: takes no value");
  EXPECT_EQ(usage_error({"-e", "x0", "p.csv", "q.csv"}),
            "q.csv: more than one input file (the first was p.csv)");
  EXPECT_EQ(usage_error({"--help"}), "");  // nothing else needed
}

// ---- Layout, random points ---------------------------------------------------------------

TEST(Layout, ColumnNames) {
  using V = std::vector<std::string>;
  EXPECT_EQ((cli::column_layout{2, false, false, false}.names()),
            (V{"value", "g0", "g1", "d0", "d1"}));
  EXPECT_EQ((cli::column_layout{2, true, true, false}.names()),
            (V{"x0", "x1", "value", "laplacian"}));
  EXPECT_EQ((cli::column_layout{1, false, false, true}.names()),
            (V{"value", "weighted_laplacian"}));
  EXPECT_EQ((cli::column_layout{3, true, false, false}.columns()), 10u);
}

TEST(RandomPoints, SeededUniformInTheBox) {
  auto const a = cli::random_points(1000, 3, 7, -1, 1);
  EXPECT_EQ(a, cli::random_points(1000, 3, 7, -1, 1));
  EXPECT_NE(a, cli::random_points(1000, 3, 8, -1, 1));
  double mean = 0;
  for (double v : a) {
    ASSERT_GE(v, -1.0);
    ASSERT_LT(v, 1.0);
    mean += v / 3000;
  }
  EXPECT_NEAR(mean, 0.0, 0.06);  // 5 standard deviations of the mean
  std::mt19937_64 gen(7);        // the documented formula
  EXPECT_EQ(a[0], -1 + 2 * (double(gen() >> 11) * 0x1p-53));
  for (double v : cli::random_points(100, 2, 1, 2, 3)) {
    ASSERT_GE(v, 2.0);
    ASSERT_LT(v, 3.0);
  }
}

// ---- Progress bar ------------------------------------------------------------------------

TEST(Progress, SilentBeforeTheDelayAndWhenDisabled) {
  std::string out;
  {
    cli::progress_bar bar(true, true, std::chrono::hours(1), [&](std::string_view s) { out += s; });
    bar.phase("evaluating", 10, "points");
    bar.update(5);
    bar.finish("done");
  }
  {
    cli::progress_bar bar(false, true, std::chrono::milliseconds(0),
                          [&](std::string_view s) { out += s; });
    bar.phase("evaluating", 10, "points");
    bar.update(5);
  }
  EXPECT_EQ(out, "");
}

TEST(Progress, TerminalRedrawsInPlaceFileGetsLines) {
  std::string tty, file;
  {
    cli::progress_bar bar(true, true, std::chrono::milliseconds(0),
                          [&](std::string_view s) { tty += s; });
    bar.phase("evaluating", 4, "points");
    EXPECT_TRUE(bar.drawn());
  }  // destroyed without finish(): the bar is cleared
  EXPECT_TRUE(tty.starts_with("\rtaylordiag: evaluating [" + std::string(30, ' ') + "]")) << tty;
  EXPECT_NE(tty.find("  0%  0/4 points"), std::string::npos);
  EXPECT_TRUE(tty.ends_with("\r\033[K"));
  {
    cli::progress_bar bar(true, false, std::chrono::milliseconds(0),
                          [&](std::string_view s) { file += s; });
    bar.phase("writing", 8, "rows");
    bar.finish("8 points, r.csv");
  }
  // The elapsed time is whatever the clock says ("0.0 s" unless the machine is loaded).
  EXPECT_TRUE(file.starts_with("taylordiag: writing 0% (0/8 rows, ")) << file;
  EXPECT_NE(file.find(" s)\ntaylordiag: 8 points, r.csv in "), std::string::npos) << file;
  EXPECT_EQ(file.find('\r'), std::string::npos);
}

// ---- Atomic output -----------------------------------------------------------------------

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("taylordiag_cli_io_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t entries() const {
    return std::size_t(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(OutputFile, CommitRenamesAbandonRemoves) {
  std::string const path = (dir_ / "r.csv").string();
  {
    cli::output_file out(path);
    EXPECT_EQ(fs::path(out.temporary()).parent_path(), dir_);
    EXPECT_TRUE(fs::exists(out.temporary()));
    EXPECT_FALSE(fs::exists(path));
    out.write("a,b\n");
    out.commit();
  }
  EXPECT_EQ(entries(), 1u);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "a,b");
  {
    cli::output_file out(path);
    out.write("half");
  }  // no commit: the old content stays, the temporary goes
  EXPECT_EQ(entries(), 1u);
  std::ifstream again(path);
  std::getline(again, line);
  EXPECT_EQ(line, "a,b");
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::owner_read, fs::perms::owner_read);
}

// A regular file is read into one buffer of its size: growing a full buffer at the end of
// the file once doubled it (a 1 GB input took 2 GB).
TEST_F(OutputFile, ReadFileCostsTheFileSize) {
  std::string const path = (dir_ / "p.csv").string();
  std::string const bytes = std::string(std::size_t{1} << 20, '#') + "\n1,2\n";
  std::ofstream(path, std::ios::binary) << bytes;
  std::string const got = cli::read_file(path);
  EXPECT_EQ(got, bytes);
  EXPECT_LT(got.capacity(), bytes.size() + bytes.size() / 2);
}

TEST_F(OutputFile, UnwritableDestinationsFailAtOnce) {
  std::string const missing = (dir_ / "no" / "r.csv").string();
  try {
    cli::output_file out(missing);
    FAIL() << "no error";
  } catch (cli::data_error const& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot create a file in " +
                                         (dir_ / "no").string() + "/: No such file or directory");
  }
  EXPECT_THROW(cli::output_file(dir_.string()), cli::data_error);  // a directory
  EXPECT_EQ(entries(), 0u);
}
