// tests/cli/cli.test.cpp -- the taylordiag binary end to end: results against the tape and
// closed forms, CSV and .npy, --random, --float, --weights, and every kind of bad input
// (one-line message with its location, exit status, nothing left behind).
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv.hpp"
#include "npy.hpp"
#include "run.hpp"
#include "taylordiag/config.hpp"
#include "taylordiag/tape.hpp"

extern char** environ;

namespace cli = taylordiag::cli;
namespace fs = std::filesystem;
using taylordiag::points_view;
using taylordiag::tape;

namespace {

/// prefix followed by i (not "c" + std::to_string(i): a GCC 12 -Wrestrict false positive).
std::string numbered(std::string prefix, std::size_t i) {
  prefix += std::to_string(i);
  return prefix;
}

struct result {
  int status = -1;  // exit status, or 128 + signal
  std::string out, err;
};

std::string slurp(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(fs::path const& p, std::string const& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// A scratch directory per test: work/ holds the files the tool sees (and nothing else may
/// appear there), io/ the captured standard output and error.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            (numbered("taylordiag_cli_", std::size_t(::getpid())) + "_" + info->name());
    fs::remove_all(root_);
    fs::create_directories(work());
    fs::create_directories(root_ / "io");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path work() const { return root_ / "work"; }

  /// The names in work/, sorted.
  std::set<std::string> files() const {
    std::set<std::string> s;
    for (auto const& e : fs::directory_iterator(work())) s.insert(e.path().filename().string());
    return s;
  }

  /// Starts the tool in work/ with args; stdin from stdin_fd (or /dev/null).
  pid_t spawn(std::vector<std::string> const& args, std::vector<std::string> const& env = {},
              int stdin_fd = -1) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, work().c_str());
    if (stdin_fd >= 0)
      posix_spawn_file_actions_adddup2(&fa, stdin_fd, 0);
    else
      posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, (root_ / "io" / "out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (root_ / "io" / "err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> storage{TAYLORDIAG_CLI_PATH};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> envs = env;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& s : envs) envp.push_back(s.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    int const rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    EXPECT_EQ(rc, 0) << "cannot start " << argv[0];
    return pid;
  }

  result wait(pid_t pid) {
    int ws = 0;
    ::waitpid(pid, &ws, 0);
    result r;
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    r.out = slurp(root_ / "io" / "out");
    r.err = slurp(root_ / "io" / "err");
    return r;
  }

  result run(std::vector<std::string> const& args, std::vector<std::string> const& env = {}) {
    return wait(spawn(args, env));
  }

  fs::path root_;
};

/// k points of dimension n, away from the origin, row-major.
std::vector<double> sample_points(std::size_t k, std::size_t n, unsigned seed) {
  auto x = cli::random_points(k, n, seed, -2, 2);
  for (std::size_t p = 0; p < k; ++p) x[p * n] = 0.5 + std::abs(x[p * n]);
  return x;
}

std::string csv_of(std::vector<double> const& x, std::size_t n, bool header = true) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back(numbered("c", i));
  std::string s;
  cli::write_csv<double>(names, x.data(), x.size() / n, n, [&](std::string_view b) { s += b; });
  return header ? s : s.substr(s.find('\n') + 1);
}

template <class Real>
std::string npy_of(std::vector<Real> const& x, std::size_t n) {
  std::string s;
  cli::write_npy<Real>(x.data(), x.size() / n, n, [&](std::string_view b) { s += b; });
  return s;
}

/// Parses CSV output numbers as float (the shortest float text read as float, not double).
std::vector<float> floats_of_csv(std::string const& text, std::string& header) {
  std::vector<float> v;
  std::size_t const eol = text.find('\n');
  header = text.substr(0, eol);
  char const* p = text.data() + eol + 1;
  char const* const end = text.data() + text.size();
  while (p < end) {
    float f = 0;
    auto const r = std::from_chars(p, end, f);
    EXPECT_EQ(r.ec, std::errc{});
    v.push_back(f);
    p = r.ptr + 1;  // ',' or '\n'
  }
  return v;
}

/// Bitwise equality that treats every NaN as equal.
template <class Real>
::testing::AssertionResult same(Real a, Real b) {
  if ((std::isnan(a) && std::isnan(b)) || a == b) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " != " << b;
}

std::string const logsumsq = "log(sum(x^2))";

}  // namespace

// ---- Results -----------------------------------------------------------------------------

TEST_F(Cli, CsvValueGradientDiagonalMatchTapeAndClosedForm) {
  // k = 70000 at n = 1 crosses the 65536-point chunk; n = 5 with one point; n = 3 a tail.
  for (auto [k, n] : {std::pair<std::size_t, std::size_t>{37, 3}, {1, 5}, {70000, 1}}) {
    auto const x = sample_points(k, n, unsigned(k + n));
    spit(work() / "p.csv", csv_of(x, n));
    auto const r = run({"--expr", logsumsq, "p.csv", "-o", "r.csv"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, "");
    std::string const text = slurp(work() / "r.csv");
    std::string header = "value";
    for (std::size_t i = 0; i < n; ++i) header += numbered(",g", i);
    for (std::size_t i = 0; i < n; ++i) header += numbered(",d", i);
    EXPECT_EQ(text.substr(0, text.find('\n')), header);
    auto const got = cli::read_csv(text, "r.csv");
    ASSERT_EQ(got.rows, k);
    ASSERT_EQ(got.cols, 1 + 2 * n);
    auto const ref =
        tape::parse(logsumsq, n).hessian_diagonal(points_view<double>::row_major(x.data(), k, n));
    for (std::size_t p = 0; p < k; ++p) {
      double const* row = got.data.data() + p * (1 + 2 * n);
      ASSERT_TRUE(same(row[0], ref.value[p])) << p;
      double r2 = 0;
      for (std::size_t i = 0; i < n; ++i) r2 += x[p * n + i] * x[p * n + i];
      EXPECT_NEAR(row[0], std::log(r2), 1e-14 * std::abs(std::log(r2)) + 1e-15);
      for (std::size_t i = 0; i < n; ++i) {
        double const xi = x[p * n + i];
        ASSERT_TRUE(same(row[1 + i], ref.grad(p, i)));
        ASSERT_TRUE(same(row[1 + n + i], ref.diag(p, i)));
        EXPECT_NEAR(row[1 + i], 2 * xi / r2, 1e-14 / std::sqrt(r2));
        EXPECT_NEAR(row[1 + n + i], 2 / r2 - 4 * xi * xi / (r2 * r2), 1e-13 / r2);
      }
    }
    // Standard output carries the same text.
    auto const s = run({"--expr", logsumsq, "--input", "p.csv"});
    ASSERT_EQ(s.status, 0);
    EXPECT_EQ(s.out, text);
  }
}

TEST_F(Cli, LaplacianWeightsAndNanRows) {
  std::size_t const k = 300, n = 4;
  auto x = sample_points(k, n, 11);
  x[5 * n + 2] = std::numeric_limits<double>::quiet_NaN();
  spit(work() / "p.csv", csv_of(x, n));
  tape const t = tape::parse(logsumsq, n);
  auto const view = points_view<double>::row_major(x.data(), k, n);

  auto const r = run({"-e", logsumsq, "p.csv", "--laplacian", "-o", "lap.csv"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string const text = slurp(work() / "lap.csv");
  EXPECT_TRUE(text.starts_with("value,laplacian\n"));
  auto const lap = cli::read_csv(text, "lap.csv");
  ASSERT_EQ(lap.rows, k);
  ASSERT_EQ(lap.cols, 2u);
  std::vector<double> ref(k);
  t.laplacian(view, ref);
  for (std::size_t p = 0; p < k; ++p) {
    ASSERT_TRUE(same(lap.data[2 * p + 1], ref[p])) << p;
    if (p == 5) {
      EXPECT_TRUE(std::isnan(lap.data[2 * p]));  // NaN in, NaN out: that row only
      EXPECT_TRUE(std::isnan(lap.data[2 * p + 1]));
      continue;
    }
    double r2 = 0;
    for (std::size_t i = 0; i < n; ++i) r2 += x[p * n + i] * x[p * n + i];
    EXPECT_NEAR(lap.data[2 * p + 1], 2.0 * (n - 2) / r2, 1e-13 / r2);  // 2(n-2)/|x|^2
    EXPECT_NEAR(lap.data[2 * p], std::log(r2), 1e-14 * std::abs(std::log(r2)) + 1e-15);
  }

  auto const w = run({"-e", logsumsq, "p.csv", "--weights", "1,-2,0.5,0", "-o", "w.csv"});
  ASSERT_EQ(w.status, 0) << w.err;
  auto const got = cli::read_csv(slurp(work() / "w.csv"), "w.csv");
  std::vector<double> const a = {1, -2, 0.5, 0};
  std::vector<double> wref(k);
  t.weighted_laplacian(view, a, wref);
  auto const full = t.hessian_diagonal(view);
  for (std::size_t p = 0; p < k; ++p) {
    ASSERT_TRUE(same(got.data[2 * p], full.value[p]));
    ASSERT_TRUE(same(got.data[2 * p + 1], wref[p]));
    if (p == 5) continue;
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += a[i] * full.diag(p, i);
    EXPECT_NEAR(got.data[2 * p + 1], s, 1e-13 * (1 + std::abs(s)));
  }
  EXPECT_EQ(slurp(work() / "w.csv").substr(0, 25), "value,weighted_laplacian\n");
}

TEST_F(Cli, FloatEvaluatesInSinglePrecision) {
  std::size_t const k = 45, n = 3;
  auto const x = sample_points(k, n, 5);
  spit(work() / "p.csv", csv_of(x, n));
  auto const r = run({"-e", "sum(sin(x)*exp(x))", "p.csv", "--float"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string header;
  auto const got = floats_of_csv(r.out, header);
  EXPECT_EQ(header, "value,g0,g1,g2,d0,d1,d2");
  ASSERT_EQ(got.size(), k * 7);
  std::vector<float> const xf(x.begin(), x.end());
  auto const ref = tape::parse("sum(sin(x)*exp(x))", n)
                       .hessian_diagonal(points_view<float>::row_major(xf.data(), k, n));
  for (std::size_t p = 0; p < k; ++p) {
    ASSERT_TRUE(same(got[p * 7], ref.value[p]));
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_TRUE(same(got[p * 7 + 1 + i], ref.grad(p, i)));
      ASSERT_TRUE(same(got[p * 7 + 4 + i], ref.diag(p, i)));
      // d/dx sin e^x = e^x (sin + cos), d2 = 2 e^x cos x
      double const xi = double(xf[p * n + i]);
      EXPECT_NEAR(got[p * 7 + 4 + i], 2 * std::exp(xi) * std::cos(xi), 2e-6 * std::exp(xi));
    }
  }
}

TEST_F(Cli, NpyInAndOutInBothPrecisionsAndOrders) {
  std::size_t const k = 33, n = 3;
  auto const x = sample_points(k, n, 2);
  spit(work() / "p.npy", npy_of(x, n));
  auto const r = run({"-e", logsumsq, "p.npy", "-o", "r.npy"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string const bytes = slurp(work() / "r.npy");
  EXPECT_NE(bytes.find("'descr': '<f8', 'fortran_order': False, 'shape': (33, 7)"),
            std::string::npos);
  auto const got = cli::read_npy(bytes, "r.npy");
  auto const ref =
      tape::parse(logsumsq, n).hessian_diagonal(points_view<double>::row_major(x.data(), k, n));
  for (std::size_t p = 0; p < k; ++p) {
    ASSERT_EQ(got.data[p * 7], ref.value[p]);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(got.data[p * 7 + 1 + i], ref.grad(p, i));
      ASSERT_EQ(got.data[p * 7 + 4 + i], ref.diag(p, i));
    }
  }
  // The same points in Fortran order, .npy version 2.0: the same output bytes.
  std::vector<double> cm(k * n);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < n; ++i) cm[i * k + p] = x[p * n + i];
  std::string dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (33, 3), }\n";
  std::string v2 = std::string("\x93NUMPY\x02\x00", 8);
  for (int b = 0; b < 4; ++b) v2 += char((dict.size() >> (8 * b)) & 0xFF);
  v2 += dict;
  v2.append(reinterpret_cast<char const*>(cm.data()), cm.size() * 8);
  spit(work() / "f.npy", v2);
  ASSERT_EQ(run({"-e", logsumsq, "f.npy", "-o", "f_out.npy"}).status, 0);
  EXPECT_EQ(slurp(work() / "f_out.npy"), bytes);

  // <f4 in, --float: <f4 out, the tape's float results.
  std::vector<float> const xf(x.begin(), x.end());
  spit(work() / "p4.npy", npy_of(xf, n));
  auto const f = run({"-e", logsumsq, "p4.npy", "--float", "--laplacian", "-o", "r4.npy"});
  ASSERT_EQ(f.status, 0) << f.err;
  std::string const b4 = slurp(work() / "r4.npy");
  EXPECT_NE(b4.find("'descr': '<f4', 'fortran_order': False, 'shape': (33, 2)"), std::string::npos);
  auto const g4 = cli::read_npy(b4, "r4.npy");
  std::vector<float> lap(k);
  tape::parse(logsumsq, n).laplacian(points_view<float>::row_major(xf.data(), k, n), lap);
  for (std::size_t p = 0; p < k; ++p) ASSERT_EQ(float(g4.data[2 * p + 1]), lap[p]);
}

TEST_F(Cli, RandomPointsShapeValuesSeedsAndThreads) {
  std::string const rosen = "sum(100*(x[i+1]-x^2)^2 + (1-x)^2)";
  std::size_t const k = 100, n = 4;
  auto const r = run({"-e", rosen, "--random", "100", "--dim", "4", "--seed", "5", "-o", "r.csv"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string const text = slurp(work() / "r.csv");
  EXPECT_TRUE(text.starts_with("x0,x1,x2,x3,value,g0,g1,g2,g3,d0,d1,d2,d3\n"));
  auto const got = cli::read_csv(text, "r.csv");
  ASSERT_EQ(got.rows, k);
  ASSERT_EQ(got.cols, 13u);
  auto const x = cli::random_points(k, n, 5, -1, 1);
  auto const ref =
      tape::parse(rosen, n).hessian_diagonal(points_view<double>::row_major(x.data(), k, n));
  for (std::size_t p = 0; p < k; ++p) {
    double const* row = got.data.data() + p * 13;
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(row[i], x[p * n + i]);
      ASSERT_GE(row[i], -1.0);
      ASSERT_LT(row[i], 1.0);
      ASSERT_EQ(row[5 + i], ref.grad(p, i));
      ASSERT_EQ(row[9 + i], ref.diag(p, i));
    }
    ASSERT_EQ(row[4], ref.value[p]);
    // Rosenbrock: d^2/dx0^2 = 1200 x0^2 - 400 x1 + 2, d^2/dx3^2 = 200.
    EXPECT_NEAR(row[9], 1200 * row[0] * row[0] - 400 * row[1] + 2, 1e-11);
    EXPECT_EQ(row[12], 200.0);
  }
  // The same seed gives the same bytes, on 1 thread or 2; another seed other points.
  auto const one = run({"-e", rosen, "-r", "100", "-n", "4", "--seed", "5", "--threads", "1"});
  auto const two = run({"-e", rosen, "-r", "100", "-n", "4", "--seed", "5", "--threads", "2"});
  EXPECT_EQ(one.out, text);
  EXPECT_EQ(two.out, text);
  EXPECT_NE(run({"-e", rosen, "-r", "100", "-n", "4", "--seed", "6"}).out, text);
  // --range, and .npy output: shape (k, n + 1 + 2n).
  auto const b = run({"-e", rosen, "-r", "10", "-n", "4", "--range", "2,3", "-o", "r.npy"});
  ASSERT_EQ(b.status, 0) << b.err;
  auto const box = cli::read_npy(slurp(work() / "r.npy"), "r.npy");
  EXPECT_EQ(box.rows, 10u);
  EXPECT_EQ(box.cols, 13u);
  for (std::size_t p = 0; p < 10; ++p)
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GE(box.data[p * 13 + i], 2.0);
      EXPECT_LT(box.data[p * 13 + i], 3.0);
    }
}

TEST_F(Cli, StandardInputHeaderAndWithPoints) {
  spit(work() / "p.csv", "# points\r\nx,y\r\n3,4\r\n\r\n");
  int const fd = ::open((work() / "p.csv").c_str(), O_RDONLY);
  auto const r =
      wait(spawn({"-e", "sqrt(x0^2+x1^2)", "-", "--with-points", "--laplacian"}, {}, fd));
  ::close(fd);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "x0,x1,value,laplacian\n3,4,5,0.2\n");  // Laplacian of |x| in 2-D: 1/|x|
}

TEST_F(Cli, ProgressOnlyWhenAskedAndAfterTheDelay) {
  spit(work() / "p.csv", csv_of(sample_points(37, 2, 1), 2));
  auto const quiet =
      run({"-e", "x0*x1", "p.csv", "-o", "r.csv"}, {"TAYLORDIAG_PROGRESS_DELAY_MS=0"});
  EXPECT_EQ(quiet.err, "");  // standard error is not a terminal here
  // A run shorter than the delay draws nothing. The delay is 1 s by default; 60 s here, so
  // that a loaded CI machine (or a sanitizer build) cannot make this 37-point run "long".
  auto const late = run({"-e", "x0*x1", "p.csv", "-o", "r.csv", "--progress"},
                        {"TAYLORDIAG_PROGRESS_DELAY_MS=60000"});
  EXPECT_EQ(late.err, "");
  auto const shown = run({"-e", "x0*x1", "p.csv", "-o", "r.csv", "--progress"},
                         {"TAYLORDIAG_PROGRESS_DELAY_MS=0"});
  ASSERT_EQ(shown.status, 0);
  EXPECT_NE(shown.err.find("taylordiag: reading 0% (0/"), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find("taylordiag: 37 points, r.csv in "), std::string::npos) << shown.err;
  auto const silenced = run({"-e", "x0*x1", "p.csv", "-o", "r.csv", "--progress", "--quiet"},
                            {"TAYLORDIAG_PROGRESS_DELAY_MS=0"});
  EXPECT_EQ(silenced.err, "");
  auto const timed = run({"-e", "x0*x1", "p.csv", "-o", "r.csv", "--timing"});
  EXPECT_TRUE(timed.err.starts_with("taylordiag: timing: input ")) << timed.err;
  EXPECT_EQ(std::count(timed.err.begin(), timed.err.end(), '\n'), 1);
}

TEST_F(Cli, HelpAndVersion) {
  auto const h = run({"--help"});
  EXPECT_EQ(h.status, 0);
  EXPECT_TRUE(h.out.starts_with("taylordiag -- "));
  EXPECT_NE(h.out.find("Examples:\n  taylordiag --expr 'log(sum(x^2))' --input points.csv"),
            std::string::npos);
  auto const v = run({"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_TRUE(v.out.starts_with("taylordiag " TAYLORDIAG_VERSION_STRING " (library "));
}

// ---- Bad input ---------------------------------------------------------------------------

TEST_F(Cli, BadInputOneLineLocationStatusAndNothingLeftBehind) {
  spit(work() / "good.csv", "1,2,3\n4,5,6\n");
  spit(work() / "ragged.csv", "1,2,3\n4,5\n");
  spit(work() / "text.csv", "1,2\r\n3,abc\r\n");
  spit(work() / "empty.csv", "");
  spit(work() / "header.csv", "x,y\n");
  spit(work() / "int.npy", "\x93NUMPY\x01" + std::string(1, '\0') + "\x3b" + std::string(1, '\0') +
                               "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }\n" +
                               std::string(8, '\0'));
  spit(work() / "fake.npy", "1,2\n");
  fs::create_directory(work() / "sub");
  auto const before = files();
  struct bad {
    std::vector<std::string> args;
    int status;
    std::string message;
  };
  std::vector<bad> cases = {
      {{"-e", "x0", "ragged.csv"}, 1, "ragged.csv:2:4: only 2 fields (line 1 has 3)"},
      {{"-e", "x0", "text.csv"}, 1, "text.csv:2:3: field 2 is not a number: 'abc'"},
      {{"-e", "x0", "empty.csv"}, 1, "empty.csv:1:1: no points: the file is empty"},
      {{"-e", "x0", "header.csv"}, 1, "header.csv:2:1: no points after the header"},
      {{"-e", "x0", "int.npy"},
       1,
       "int.npy:1:21: dtype '<i8' is not supported: save float64 or float32, e.g. "
       "np.save(f, a.astype(np.float64))"},
      {{"-e", "x0", "fake.npy"},
       1,
       "fake.npy:1:1: not a .npy file: it does not start with \"\\x93NUMPY\""},
      {{"-e", "x0", "good.csv", "--dim", "4"}, 1, "good.csv:1:1: 3 columns, but --dim is 4"},
      {{"-e", "x0", "good.csv", "--weights", "1,2"},
       1,
       "good.csv:1:1: 3 columns, but --weights has 2 values"},
      {{"-e", "x0 + x[3]", "good.csv"},
       1,
       "--expr:1:6: index 3 out of range: the inputs are x0 .. x2 (n = 3: the number of "
       "columns of good.csv)"},
      {{"-e", "x0 + x[3]", "-r", "2", "-n", "3"},
       2,
       "--expr:1:6: index 3 out of range: the inputs are x0 .. x2"},
      {{"-e", "log(x0", "good.csv"},
       2,
       "--expr:1:7: expected ')' or ',' in the argument list but the expression ended"},
      {{"-e", "x0", "missing.csv"}, 1, "missing.csv: cannot open: No such file or directory"},
      {{"-e", "x0", "sub"}, 1, "sub: is a directory"},
      {{"-e", "x0", "good.csv", "-o", "nodir/r.csv"},
       1,
       "nodir/r.csv: cannot create a file in nodir/: No such file or directory"},
      {{"-e", "x0", "good.csv", "-o", "sub"}, 1, "sub: is a directory"},
      {{"-e", "x0", "good.csv", "--threads", "0"}, 2, "--threads: must be at least 1, got 0"},
      {{"-e", "x0", "--random", "-5", "--dim", "2"},
       2,
       "--random: expected a positive integer, got '-5'"},
      {{"-e", "x0", "--random", "0", "--dim", "2"}, 2, "--random: must be at least 1, got 0"},
      {{"-e", "x0", "good.csv", "--frobnicate"},
       2,
       "--frobnicate: unknown option (see taylordiag --help)"},
      {{"good.csv"}, 2, "--expr: missing: the function, e.g. --expr 'log(sum(x^2))'"},
  };
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer ends the process on a huge allocation
  // An allocation that fails after the temporary output exists: it must go too.
  cases.push_back(
      {{"-e", "x0", "--random", "17179869184", "--dim", "16777216"}, 1, "out of memory"});
#endif
  for (auto const& c : cases) {
    // With -o r.csv (unless the case names its own output): no r.csv, no temporary.
    auto args = c.args;
    if (std::find(args.begin(), args.end(), "-o") == args.end()) {
      args.push_back("-o");
      args.push_back("r.csv");
    }
    auto const r = run(args);
    std::string const where = ::testing::PrintToString(args);
    EXPECT_EQ(r.status, c.status) << where;
    EXPECT_EQ(r.err, "taylordiag: " + c.message + "\n") << where;
    EXPECT_EQ(r.out, "") << where;
    EXPECT_EQ(files(), before) << where;
  }
}

TEST_F(Cli, FailedRunKeepsTheOldOutput) {
  spit(work() / "ragged.csv", "1,2\n3\n");
  spit(work() / "r.csv", "old\n");
  auto const r = run({"-e", "x0", "ragged.csv", "-o", "r.csv"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(slurp(work() / "r.csv"), "old\n");
  EXPECT_EQ(files(), (std::set<std::string>{"r.csv", "ragged.csv"}));
}

TEST_F(Cli, InterruptedRunRemovesItsTemporary) {
  // Reading standard input from a pipe nobody writes to: the tool waits with its temporary
  // output created; SIGTERM must remove it.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t const pid = spawn({"-e", "x0", "-", "-o", "r.csv"}, {}, fds[0]);
  ::close(fds[0]);
  bool appeared = false;
  for (int i = 0; i < 500 && !appeared; ++i) {
    appeared = !files().empty();
    if (!appeared) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(appeared);
  for (auto const& f : files()) EXPECT_TRUE(f.starts_with(".r.csv.tmp-")) << f;
  ::kill(pid, SIGTERM);
  auto const r = wait(pid);
  ::close(fds[1]);
  EXPECT_EQ(r.status, 128 + SIGTERM);
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, SignalsStartedIgnoredStayIgnored) {
  // Under nohup SIGHUP is ignored, and the tool inherits that: a hangup must not end the run
  // (nor its output). The tool waits on a pipe with its temporary created; then the data comes.
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);  // the tool must not hold the write end itself
  struct sigaction ignore {
  }, saved{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(::sigaction(SIGHUP, &ignore, &saved), 0);
  pid_t const pid = spawn({"-e", "x0*x1", "-", "-o", "r.csv"}, {}, fds[0]);
  ::sigaction(SIGHUP, &saved, nullptr);
  ::close(fds[0]);
  for (int i = 0; i < 500 && files().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(files().empty());
  ::kill(pid, SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  struct sigaction no_pipe_signal {
  }, saved_pipe{};  // a dead tool: EPIPE, not SIGPIPE here
  no_pipe_signal.sa_handler = SIG_IGN;
  sigemptyset(&no_pipe_signal.sa_mask);
  ::sigaction(SIGPIPE, &no_pipe_signal, &saved_pipe);
  EXPECT_EQ(::write(fds[1], "3,4\n", 4), 4);
  ::sigaction(SIGPIPE, &saved_pipe, nullptr);
  ::close(fds[1]);
  auto const r = wait(pid);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(work() / "r.csv"), "value,g0,g1,d0,d1\n12,4,3,0,0\n");
  EXPECT_EQ(files(), (std::set<std::string>{"r.csv"}));
}
