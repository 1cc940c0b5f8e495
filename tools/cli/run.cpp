// tools/cli/run.cpp -- reading, evaluating (in chunks, for the progress bar), writing.
#include "run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <span>
#include <string_view>

#include <unistd.h>

#include "cli_error.hpp"
#include "csv.hpp"
#include "io.hpp"
#include "npy.hpp"
#include "progress.hpp"
#include "table.hpp"
#include "taylordiag/tape.hpp"

namespace taylordiag::cli {

namespace {
// Not "x" + std::to_string(i): GCC 12 warns about it (-Wrestrict, a false positive).
std::string prefixed(char const* prefix, std::size_t i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}
}  // namespace

std::size_t column_layout::columns() const noexcept {
  return (with_points ? n : 0) + 1 + (laplacian || weighted ? 1 : 2 * n);
}

std::vector<std::string> column_layout::names() const {
  std::vector<std::string> v;
  v.reserve(columns());
  if (with_points)
    for (std::size_t i = 0; i < n; ++i) v.push_back(prefixed("x", i));
  v.push_back("value");
  if (laplacian) {
    v.push_back("laplacian");
  } else if (weighted) {
    v.push_back("weighted_laplacian");
  } else {
    for (std::size_t i = 0; i < n; ++i) v.push_back(prefixed("g", i));
    for (std::size_t i = 0; i < n; ++i) v.push_back(prefixed("d", i));
  }
  return v;
}

std::vector<double> random_points(std::size_t k, std::size_t n, std::uint64_t seed, double lo,
                                  double hi) {
  std::mt19937_64 gen(seed);
  std::vector<double> x(k * n);
  for (double& v : x) {
    double const u = double(gen() >> 11) * 0x1p-53;
    v = lo + (hi - lo) * u;
    if (v >= hi) v = std::nextafter(hi, lo);  // rounding must not reach hi
  }
  return x;
}

namespace {

/// Wall-clock seconds per phase, for --timing.
struct timings {
  using clock = std::chrono::steady_clock;
  clock::time_point start = clock::now(), mark = start;
  double input = 0, expression = 0, evaluation = 0, output = 0;
  /// Seconds since the previous lap.
  double lap() {
    auto const now = clock::now();
    double const s = std::chrono::duration<double>(now - mark).count();
    mark = now;
    return s;
  }
  double total() const { return std::chrono::duration<double>(clock::now() - start).count(); }
};

bool ends_with_npy(std::string const& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".npy";
}

/// "--expr:LINE:COL: message" for a parse error at a byte offset of the expression.
std::string expr_location(std::string const& expr, parse_error const& e) {
  std::size_t const at = std::min(e.position(), expr.size());
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (expr[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  // what() is "taylordiag: expr: at position P: message": keep the message.
  std::string_view msg = e.what();
  std::string const prefix = "at position " + std::to_string(e.position()) + ": ";
  if (auto const p = msg.find(prefix); p != std::string_view::npos)
    msg = msg.substr(p + prefix.size());
  return located("--expr", line, col, msg);
}

/// Points per chunk: a progress step of ~2^20 coordinates, between 256 and 65536 points.
std::size_t chunk_points(std::size_t n) {
  return std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(n, 1), 256, 65536);
}

/// Evaluates the tape at k points into out (k x m row-major, laid out as `lay`).
template <class Real>
void evaluate_all(tape const& t, std::span<Real const> x, std::size_t k, column_layout const& lay,
                  std::span<Real const> weights, std::span<Real> out, options const& eopt,
                  progress_bar& bar) {
  std::size_t const n = lay.n, m = lay.columns(), vc = lay.value_column();
  std::size_t const chunk = chunk_points(n);
  std::vector<Real> value(std::min(chunk, k)), second(std::min(chunk, k));
  bar.phase("evaluating", k, "points");
  for (std::size_t b = 0; b < k; b += chunk) {
    std::size_t const c = std::min(chunk, k - b);
    auto const view = points_view<Real>::row_major(x.data() + b * n, c, n);
    Real* const rows = out.data() + b * m;
    std::span<Real> const v(value.data(), c), s(second.data(), c);
    if (lay.laplacian) {
      t.evaluate(view, outputs<Real>{v, {}, {}, s}, eopt);
    } else if (lay.weighted) {
      t.evaluate(view, outputs<Real>{v, {}, {}, {}}, eopt);
      t.weighted_laplacian(view, weights, s, eopt);
    } else {
      // Gradient and diagonal straight into their columns of the output rows.
      t.evaluate(view,
                 outputs<Real>{v,
                               matrix_ref<Real>::row_major(rows + vc + 1, c, n, m),
                               matrix_ref<Real>::row_major(rows + vc + 1 + n, c, n, m),
                               {}},
                 eopt);
    }
    for (std::size_t p = 0; p < c; ++p) {
      Real* const row = rows + p * m;
      if (lay.with_points) std::copy_n(x.data() + (b + p) * n, n, row);
      row[vc] = v[p];
      if (lay.laplacian || lay.weighted) row[vc + 1] = s[p];
    }
    bar.update(b + c);
  }
}

template <class Real>
void evaluate_and_write(tape const& t, std::vector<double> const& points, std::size_t k,
                        column_layout const& lay, cli_options const& opt, output_file& out,
                        progress_bar& bar, timings& time) {
  std::vector<Real> x_own, w_own;
  std::span<Real const> x, w;
  if constexpr (std::is_same_v<Real, double>) {
    x = points;
    if (opt.weights) w = *opt.weights;
  } else {
    // Round to nearest float; values beyond the float range become +-inf.
    x_own.assign(points.begin(), points.end());
    x = x_own;
    if (opt.weights) {
      w_own.assign(opt.weights->begin(), opt.weights->end());
      w = w_own;
    }
  }
  std::size_t const m = lay.columns();
  std::vector<Real> result(k * m);
  options eopt;
  eopt.threads = opt.threads;
  time.input += time.lap();  // the conversion to float belongs to the input
  evaluate_all<Real>(t, x, k, lay, w, result, eopt, bar);
  time.evaluation += time.lap();

  auto const emit = [&out](std::string_view bytes) { out.write(bytes); };
  auto const rows_done = [&bar](std::size_t r) { bar.update(r); };
  bar.phase("writing", k, "rows");
  if (ends_with_npy(opt.output))
    write_npy<Real>(result.data(), k, m, emit, rows_done);
  else
    write_csv<Real>(lay.names(), result.data(), k, m, emit, rows_done);
  time.output += time.lap();
}

std::chrono::milliseconds progress_delay() {
  // For the tests: TAYLORDIAG_PROGRESS_DELAY_MS=0 draws the bar from the start.
  if (char const* s = std::getenv("TAYLORDIAG_PROGRESS_DELAY_MS"))
    return std::chrono::milliseconds(std::strtol(s, nullptr, 10));
  return std::chrono::seconds(1);
}

}  // namespace

void run(cli_options const& opt) {
  bool const terminal = ::isatty(2) != 0;
  bool const enabled = opt.progress == progress_mode::always ||
                       (opt.progress == progress_mode::automatic && terminal);
  progress_bar bar(enabled, terminal, progress_delay(), [](std::string_view s) {
    [[maybe_unused]] auto r = ::write(2, s.data(), s.size());
  });

  timings time;
  // Created first: an unwritable destination fails before reading or computing anything.
  output_file out(opt.output);

  std::vector<double> points;
  std::size_t k = 0, n = 0;
  std::string source;  // the input's name, for messages
  std::size_t first_line = 1;
  if (opt.random) {
    k = opt.random;
    n = *opt.dim;
    points = random_points(k, n, opt.seed, opt.range_lo, opt.range_hi);
  } else {
    source = opt.input == "-" ? "<stdin>" : opt.input;
    std::string const bytes = read_file(opt.input);
    table t;
    if (is_npy(bytes)) {
      t = read_npy(bytes, source);
    } else if (ends_with_npy(opt.input)) {
      throw data_error(
          located(source, 1, 1, "not a .npy file: it does not start with \"\\x93NUMPY\""));
    } else {
      csv_read_options ro;
      ro.skip_header = opt.skip_header;
      bar.phase("reading", bytes.size(), "bytes");
      ro.on_progress = [&bar](std::size_t done) { bar.update(done); };
      t = read_csv(bytes, source, ro);
    }
    k = t.rows;
    n = t.cols;
    first_line = t.first_line;
    points = std::move(t.data);
    if (opt.dim && *opt.dim != n)
      throw data_error(located(source, first_line, 1,
                               std::to_string(n) + " column" + (n == 1 ? "" : "s") +
                                   ", but --dim is " + std::to_string(*opt.dim)));
    if (opt.weights && opt.weights->size() != n)
      throw data_error(located(source, first_line, 1,
                               std::to_string(n) + " column" + (n == 1 ? "" : "s") +
                                   ", but --weights has " + std::to_string(opt.weights->size()) +
                                   " values"));
  }

  time.input += time.lap();
  std::optional<tape> t;
  try {
    t = tape::parse(opt.expr, n);
  } catch (parse_error const& e) {
    std::string message = expr_location(opt.expr, e);
    bool const index = std::string_view(e.what()).find("out of range") != std::string_view::npos;
    if (!source.empty() && index) {
      // The dimension came from the file: the data does not fit the expression.
      message += " (n = " + std::to_string(n) + ": the number of columns of " + source + ")";
      throw data_error(message);
    }
    throw usage_error(message);
  } catch (error const& e) {
    throw usage_error("--expr: " +
                      std::string(e.what()).substr(std::string("taylordiag: ").size()));
  }

  time.expression += time.lap();
  column_layout const lay{n, opt.with_points, opt.laplacian, opt.weights.has_value()};
  if (opt.single)
    evaluate_and_write<float>(*t, points, k, lay, opt, out, bar, time);
  else
    evaluate_and_write<double>(*t, points, k, lay, opt, out, bar, time);
  out.commit();
  time.output += time.lap();
  bar.finish(std::to_string(k) + " points, " + out.name());
  if (opt.timing) {
    char line[256];
    int const len = std::snprintf(
        line, sizeof line,
        "taylordiag: timing: input %.3f s, expression %.3f s, evaluation %.3f s, output %.3f s, "
        "total %.3f s\n",
        time.input, time.expression, time.evaluation, time.output, time.total());
    [[maybe_unused]] auto const r = ::write(2, line, std::size_t(len));
  }
}

}  // namespace taylordiag::cli
