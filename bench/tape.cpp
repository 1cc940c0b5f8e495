// bench/tape.cpp -- the tape interpreter against the templated drivers on the same f.
//
// "<problem>/n:<n>/<mode>/<arch>": driver = taylordiag::evaluate (templated, -march=native),
// tape = tape::evaluate of the recorded f (interpreter, run-time ISA); "diag" computes value,
// gradient and Hessian diagonal, "lap" value and Laplacian. One thread, k = 4096 points.
// Ratios within one run are what matter (docs/tape.md). The suite (bench/common.hpp) runs the
// tape on every problem against the analytic baselines; this binary adds the comparison of
// the instruction sets, which bench/report.py turns into a table of docs/benchmarks.md.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <taylordiag/diagonal.hpp>
#include <taylordiag/tape.hpp>

namespace {

namespace td = taylordiag;
constexpr std::size_t k = 4096;

struct log_sum_sq {
  template <class X>
  auto operator()(X const& x) const {
    using std::log;
    auto s = x[0] * x[0];
    for (std::size_t i = 1; i < x.size(); ++i) s = s + x[i] * x[i];
    return log(s);
  }
};
struct rosenbrock {
  template <class X>
  auto operator()(X const& x) const {
    auto term = [&](std::size_t i) {
      auto a = x[i + 1] - x[i] * x[i];
      auto b = 1.0 - x[i];
      return 100.0 * (a * a) + b * b;
    };
    auto s = term(0);
    for (std::size_t i = 1; i + 1 < x.size(); ++i) s = s + term(i);
    return s;
  }
};
struct transcendental {
  template <class X>
  auto operator()(X const& x) const {
    using std::exp;
    using std::sin;
    using std::sqrt;
    auto term = [&](std::size_t i) {
      auto q = 1.0 + x[i] * x[i];
      return sin(x[i]) * exp(0.1 * x[i + 1]) / q + sqrt(q);
    };
    auto s = term(0);
    for (std::size_t i = 1; i + 1 < x.size(); ++i) s = s + term(i);
    return s;
  }
};

std::vector<double> points(std::size_t n) {
  std::mt19937_64 g(42);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  std::vector<double> x(k * n);
  for (auto& v : x) v = u(g);
  return x;
}

template <class F>
void add(std::string const& name, F f, std::size_t n) {
  auto x = std::make_shared<std::vector<double>>(points(n));
  auto out = std::make_shared<std::vector<double>>(3 * k * n + 2 * k);
  auto views = [=](bool diag) {
    double* o = out->data();
    if (!diag) return td::outputs<double>{{o, k}, {}, {}, {o + k, k}};
    return td::outputs<double>{{o, k},
                               td::matrix_ref<double>::row_major(o + k, k, n),
                               td::matrix_ref<double>::row_major(o + k + k * n, k, n),
                               {}};
  };
  td::options one;
  one.threads = 1;
  auto pv = td::points_view<double>::row_major(x->data(), k, n);
  std::string const base = name + "/n:" + std::to_string(n);
  for (bool diag : {true, false}) {
    std::string const mode = diag ? "/diag" : "/lap";
    benchmark::RegisterBenchmark((base + mode + "/driver").c_str(),
                                 [=, keep = x](benchmark::State& s) {
                                   (void)keep;
                                   for (auto _ : s) td::evaluate(f, pv, views(diag), one);
                                   s.SetItemsProcessed(std::int64_t(s.iterations() * k));
                                 });
    auto t = std::make_shared<td::tape>(td::tape::record(f, n));
    for (auto const& arch : td::tape_architectures()) {
      benchmark::RegisterBenchmark((base + mode + "/tape/" + arch).c_str(),
                                   [=, keep = x](benchmark::State& s) {
                                     (void)keep;
                                     td::force_tape_architecture(arch);
                                     for (auto _ : s) t->evaluate(pv, views(diag), one);
                                     td::force_tape_architecture("auto");
                                     s.SetItemsProcessed(std::int64_t(s.iterations() * k));
                                   });
    }
  }
}

int const registered = [] {
  add("logsumsq", log_sum_sq{}, 3);
  add("logsumsq", log_sum_sq{}, 64);
  add("rosenbrock", rosenbrock{}, 64);
  add("transcendental", transcendental{}, 64);
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
