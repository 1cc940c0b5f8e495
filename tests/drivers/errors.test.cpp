// tests/drivers/errors.test.cpp -- bad inputs and edge cases of every driver:
//  * null pointer, stride smaller than n, output buffers of the wrong size, thread cap 0 and
//    -1 raise taylordiag::error whose argument() names the parameter;
//  * k = 0 and n = 0 are no-ops: f is never called and outputs are untouched;
//  * NaN / Inf in one point's input shows up in that point's outputs only.
#include <atomic>
#include <limits>

#include "drivers/common.hpp"

namespace {
using namespace tdtest;

/// Runs call and expects a taylordiag::error naming `arg`.
template <class Call>
void expect_error(std::string const& arg, Call&& call, std::string const& what) {
  try {
    call();
    ADD_FAILURE() << what << ": no taylordiag::error";
  } catch (td::error const& e) {
    EXPECT_EQ(e.argument(), arg) << what << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(arg), std::string::npos)
        << "the message names the argument";
  } catch (std::exception const& e) {
    ADD_FAILURE() << what << ": wrong exception " << e.what();
  }
}

TEST(Errors, BadInputsNameTheArgument) {
  std::size_t const k = 4, n = 3;
  std::vector<double> x(k * n, 1.0), g(k * n), d(k * n), v(k), l(k), a(n, 1.0), dir(2 * n, 1.0),
      out(k * 2);
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  auto const f = log_norm{};
  auto const G = td::matrix_ref<double>::row_major(g.data(), k, n);
  auto const D = td::matrix_ref<double>::row_major(d.data(), k, n);

  // x: null pointer, stride smaller than n, zero stride
  auto const null_pts = td::points_view<double>::row_major(nullptr, k, n);
  expect_error(
      "x",
      [&] {
        td::evaluate(f, null_pts, td::outputs<double>{v, G, D, {}});
      },
      "null x");
  expect_error(
      "x", [&] { td::hessian_diagonal(f, null_pts); }, "null x, hessian_diagonal");
  expect_error(
      "x", [&] { td::laplacian(f, null_pts); }, "null x, laplacian");
  expect_error(
      "x", [&] { td::pure_partials<3>(f, null_pts); }, "null x, pure_partials");
  auto const short_ld = td::points_view<double>::row_major(x.data(), k, n, n - 1);
  expect_error(
      "x", [&] { td::hessian_diagonal(f, short_ld); }, "ld < n");
  expect_error(
      "x", [&] { td::laplacian(f, short_ld); }, "ld < n, laplacian");
  expect_error(
      "x",
      [&] {
        td::weighted_laplacian(f, short_ld, std::span<double const>(a), std::span<double>(l));
      },
      "ld < n, weighted");
  expect_error(
      "x",
      [&] {
        td::hessian_diagonal(f, td::points_view<double>{x.data(), k, n, 0, 1});
      },
      "stride 0");

  // outputs of the wrong size or null
  expect_error(
      "value",
      [&] {
        td::evaluate(f, pts, td::outputs<double>{std::span<double>(v.data(), k - 1), {}, {}, {}});
      },
      "value k-1");
  expect_error(
      "gradient",
      [&] {
        td::evaluate(
            f, pts,
            td::outputs<double>{{}, td::matrix_ref<double>::row_major(g.data(), k, n - 1), {}, {}});
      },
      "gradient n-1");
  expect_error(
      "diagonal",
      [&] {
        td::evaluate(
            f, pts,
            td::outputs<double>{{}, {}, td::matrix_ref<double>::row_major(d.data(), k + 1, n), {}});
      },
      "diagonal k+1");
  expect_error(
      "diagonal",
      [&] {
        td::evaluate(
            f, pts,
            td::outputs<double>{{}, {}, td::matrix_ref<double>::row_major(nullptr, k, n), {}});
      },
      "diagonal null");
  expect_error(
      "diagonal",
      [&] {
        td::evaluate(f, pts,
                     td::outputs<double>{
                         {}, {}, td::matrix_ref<double>::row_major(d.data(), k, n, n - 1), {}});
      },
      "diagonal overlapping rows");
  expect_error(
      "laplacian",
      [&] {
        td::evaluate(f, pts, td::outputs<double>{{}, {}, {}, std::span<double>(l.data(), k + 1)});
      },
      "laplacian k+1");
  expect_error(
      "laplacian", [&] { td::laplacian(f, pts, std::span<double>(l.data(), k - 1)); },
      "laplacian() k-1");
  expect_error(
      "weights",
      [&] {
        td::weighted_laplacian(f, pts, std::span<double const>(a.data(), n - 1),
                               std::span<double>(l));
      },
      "weights n-1");
  std::vector<double> bad_a = {1.0, std::numeric_limits<double>::quiet_NaN(), 1.0};
  expect_error(
      "weights",
      [&] { td::weighted_laplacian(f, pts, std::span<double const>(bad_a), std::span<double>(l)); },
      "weights NaN");
  expect_error(
      "out",
      [&] {
        td::weighted_laplacian(f, pts, std::span<double const>(a),
                               std::span<double>(l.data(), k - 1));
      },
      "weighted out k-1");
  auto const dirs = td::points_view<double>::row_major(dir.data(), 2, n);
  expect_error(
      "directions",
      [&] {
        td::directional_second(f, pts, td::points_view<double>::row_major(dir.data(), 2, n - 1),
                               td::matrix_ref<double>::row_major(out.data(), k, 2));
      },
      "directions of dimension n-1");
  expect_error(
      "directions",
      [&] {
        td::directional_second(f, pts, td::points_view<double>::row_major(nullptr, 2, n),
                               td::matrix_ref<double>::row_major(out.data(), k, 2));
      },
      "null directions");
  expect_error(
      "out",
      [&] {
        td::directional_second(f, pts, dirs, td::matrix_ref<double>::row_major(out.data(), k, 1));
      },
      "directional out k x 1");
  expect_error(
      "out", [&] { td::directional_second(f, pts, dirs, td::matrix_ref<double>{}); },
      "directional no out");
  expect_error(
      "first",
      [&] {
        td::directional_second(f, pts, dirs, td::matrix_ref<double>::row_major(out.data(), k, 2),
                               td::matrix_ref<double>::row_major(g.data(), k - 1, 2));
      },
      "directional first (k-1) x 2");

  // thread caps 0 and -1, for every driver
  for (int t : {0, -1}) {
    td::options const opt{.threads = t, .method = td::strategy::automatic, .block_points = 0};
    std::string const w = "threads = " + std::to_string(t);
    expect_error(
        "threads",
        [&] {
          td::evaluate(f, pts, td::outputs<double>{v, G, D, {}}, opt);
        },
        w);
    expect_error(
        "threads",
        [&] {
          td::evaluate(f, pts, td::outputs<double>{v, {}, {}, l}, opt);
        },
        w + " collapsed");
    expect_error(
        "threads", [&] { td::hessian_diagonal(f, pts, opt); }, w);
    expect_error(
        "threads", [&] { td::laplacian(f, pts, opt); }, w);
    expect_error(
        "threads",
        [&] {
          td::weighted_laplacian(f, pts, std::span<double const>(a), std::span<double>(l), opt);
        },
        w);
    expect_error(
        "threads",
        [&] {
          td::directional_second(f, pts, dirs, td::matrix_ref<double>::row_major(out.data(), k, 2),
                                 {}, opt);
        },
        w);
    expect_error(
        "threads", [&] { td::pure_partials<2>(f, pts, opt); }, w);
    expect_error(
        "threads",
        [&] {
          td::evaluate_vector([](auto const& xs) { return std::array{xs[0]}; }, 1, pts,
                              td::vector_outputs<double>{
                                  td::matrix_ref<double>::row_major(v.data(), k, 1), {}, {}, {}},
                              opt);
        },
        w);
    // Also when there is nothing to compute: a bad argument is an error whatever k is.
    expect_error(
        "threads",
        [&] { td::hessian_diagonal(f, td::points_view<double>::row_major(x.data(), 0, n), opt); },
        w + ", k = 0");
  }
}

TEST(Errors, EmptyProblemsAreNoOps) {
  std::atomic<int> calls{0};
  auto f = [&calls](auto const& x) {
    ++calls;
    return x.size() ? x[0] * x[0] : decltype(x[0] * x[0])(0);
  };
  double const s = -4321.0;
  for (auto [k, n] : {std::pair<std::size_t, std::size_t>{0, 3}, {5, 0}, {0, 0}}) {
    SCOPED_TRACE("k = " + std::to_string(k) + " n = " + std::to_string(n));
    std::vector<double> x(k * n + 1, 1.0), v(k, s), g(k * n, s), d(k * n, s), l(k, s), a(n, 1.0),
        out(k * 2, s);
    auto const pts = td::points_view<double>::row_major(x.data(), k, n);
    td::evaluate(f, pts,
                 td::outputs<double>{v, td::matrix_ref<double>::row_major(g.data(), k, n),
                                     td::matrix_ref<double>::row_major(d.data(), k, n), l});
    td::evaluate(f, pts,
                 td::outputs<double>{v, td::matrix_ref<double>::row_major(g.data(), k, n), {}, l});
    td::laplacian(f, pts, std::span<double>(l));
    td::weighted_laplacian(f, pts, std::span<double const>(a), std::span<double>(l));
    std::vector<double> dir(2 * n + 1, 1.0);
    td::directional_second(f, pts, td::points_view<double>::row_major(dir.data(), 2, n),
                           td::matrix_ref<double>::row_major(out.data(), k, 2));
    auto const r = td::hessian_diagonal(f, pts);
    EXPECT_EQ(r.value.size(), k);
    auto const pp = td::pure_partials<3>(f, pts);
    EXPECT_EQ(pp.partials.size(), 0u * k + k * n * 3);
    for (auto const* buf : {&v, &g, &d, &l, &out})
      for (double e : *buf) EXPECT_EQ(e, s) << "an output was written";
    EXPECT_EQ(calls.load(), 0) << "f was called";
  }
}

TEST(Errors, NonFiniteInputStaysInItsPoint) {
  std::size_t const n = 4, k = 2 * W<double> + 3;
  auto const clean = make_points<double>(k, n, 0.3, 2);
  auto x = clean;
  std::size_t const bad_nan = 5, bad_inf = W<double> + 1;
  x[bad_nan * n + 2] = std::numeric_limits<double>::quiet_NaN();
  x[bad_inf * n + 0] = std::numeric_limits<double>::infinity();
  auto const pts = td::points_view<double>::row_major(x.data(), k, n);
  auto const cpts = td::points_view<double>::row_major(clean.data(), k, n);
  auto bad = [&](std::size_t p) { return p == bad_nan || p == bad_inf; };
  for (td::strategy s : all_strategies) {
    td::options const opt{.threads = 2, .method = s, .block_points = 0};
    auto const r = td::hessian_diagonal(log_norm{}, pts, opt),
               c = td::hessian_diagonal(log_norm{}, cpts, opt);
    auto const l = td::laplacian(log_norm{}, pts, opt), cl = td::laplacian(log_norm{}, cpts, opt);
    for (std::size_t p = 0; p < k; ++p) {
      if (bad(p)) {
        EXPECT_FALSE(std::isfinite(r.value[p]) && std::isfinite(r.diag(p, 0)) &&
                     std::isfinite(l[p]))
            << name(s) << ": the bad point " << p << " looks finite";
        continue;
      }
      EXPECT_EQ(r.value[p], c.value[p]) << name(s) << " point " << p;
      EXPECT_EQ(l[p], cl[p]) << name(s) << " point " << p;
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(r.grad(p, i), c.grad(p, i)) << name(s) << " point " << p;
        EXPECT_EQ(r.diag(p, i), c.diag(p, i)) << name(s) << " point " << p;
      }
    }
  }
  EXPECT_TRUE(std::isnan(td::hessian_diagonal(log_norm{}, pts).value[bad_nan]));
  EXPECT_TRUE(std::isinf(td::hessian_diagonal(log_norm{}, pts).value[bad_inf]));
}

}  // namespace
