// tests/tape/problems.hpp -- test functions written once generically (for the templated drivers
// and tape::record) and as expression strings (for tape::parse), plus the comparison helper.
#pragma once

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "taylordiag/diagonal.hpp"
#include "taylordiag/tape.hpp"

namespace tapetest {

namespace td = taylordiag;

// log(sum x_i^2)
struct log_sum_sq {
  template <class X>
  auto operator()(X const& x) const {
    using std::log;
    auto s = x[0] * x[0];
    for (std::size_t i = 1; i < x.size(); ++i) s = s + x[i] * x[i];
    return log(s);
  }
  static std::string expr() { return "log(sum(x^2))"; }
};

// prod (x_i^2 - 3 x_i + 1), as a balanced tree (the parser's order) for the driver too.
struct product {
  template <class X>
  auto operator()(X const& x) const {
    using V = std::remove_cvref_t<decltype(x[0])>;
    std::vector<V> t;
    for (std::size_t i = 0; i < x.size(); ++i) t.push_back(x[i] * x[i] - 3.0 * x[i] + 1.0);
    while (t.size() > 1) {
      std::vector<V> next;
      for (std::size_t q = 0; q + 1 < t.size(); q += 2) next.push_back(t[q] * t[q + 1]);
      if (t.size() % 2) next.push_back(t.back());
      t.swap(next);
    }
    return t[0];
  }
  static std::string expr() { return "prod(x^2 - 3*x + 1)"; }
};

// sum_{i < n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
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
  static std::string expr() { return "sum(100*(x[i+1] - x^2)^2 + (1 - x)^2)"; }
};

// sum_{i < n-1} sin(x_i) exp(0.1 x_{i+1}) / (1 + x_i^2) + sqrt(1 + x_i^2)
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
  static std::string expr() { return "sum(sin(x)*exp(0.1*x[i+1])/(1 + x^2) + sqrt(1 + x^2))"; }
};

// A one-hidden-layer tanh network with fixed weights: sum_j w_j tanh(sum_i W_ji x_i + b_j).
struct mlp {
  std::size_t n = 0, h = 0;
  std::vector<double> W, b, w;
  mlp(std::size_t n_, std::size_t h_) : n(n_), h(h_), W(n_ * h_), b(h_), w(h_) {
    std::mt19937_64 g(7);
    std::uniform_real_distribution<double> u(-1, 1);
    for (auto& v : W) v = u(g) / std::sqrt(double(n));
    for (auto& v : b) v = u(g);
    for (auto& v : w) v = u(g);
  }
  template <class X>
  auto operator()(X const& x) const {
    using std::tanh;
    auto pre = [&](std::size_t j) {
      auto s = W[j * n] * x[0];
      for (std::size_t i = 1; i < n; ++i) s = s + W[j * n + i] * x[i];
      return tanh(s + b[j]);
    };
    auto y = w[0] * pre(0);
    for (std::size_t j = 1; j < h; ++j) y = y + w[j] * pre(j);
    return y;
  }
  std::string expr() const {
    auto num = [](double v) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      std::string s = buf;
      return v < 0 ? "(" + s + ")" : s;
    };
    std::string e;
    for (std::size_t j = 0; j < h; ++j) {
      if (j) e += " + ";
      e += num(w[j]) + "*tanh(";
      for (std::size_t i = 0; i < n; ++i) {
        if (i) e += " + ";
        e += num(W[j * n + i]) + "*x" + std::to_string(i);
      }
      e += " + " + num(b[j]) + ")";
    }
    return e;
  }
};

template <class Real>
std::vector<Real> random_points(std::size_t k, std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<Real> x(k * n);
  for (auto& v : x) v = Real(u(g));
  return x;
}

/// Everything evaluate() gives, row-major.
template <class Real>
struct all_outputs {
  std::vector<Real> value, grad, diag, lap;
  all_outputs(std::size_t k, std::size_t n) : value(k), grad(k * n), diag(k * n), lap(k) {}
  td::outputs<Real> view(std::size_t k, std::size_t n) {
    return {value, td::matrix_ref<Real>::row_major(grad.data(), k, n),
            td::matrix_ref<Real>::row_major(diag.data(), k, n), lap};
  }
};

template <class Real, class F>
all_outputs<Real> by_driver(F const& f, std::vector<Real> const& x, std::size_t k, std::size_t n) {
  all_outputs<Real> r(k, n);
  td::evaluate(f, td::points_view<Real>::row_major(x.data(), k, n), r.view(k, n));
  return r;
}

template <class Real>
all_outputs<Real> by_tape(td::tape const& t, std::vector<Real> const& x, std::size_t k,
                          std::size_t n, td::options const& opt = {}) {
  all_outputs<Real> r(k, n);
  t.evaluate(td::points_view<Real>::row_major(x.data(), k, n), r.view(k, n), opt);
  return r;
}

/// |a - b| <= tol * max(|b|, scale / 10) element by element, scale = the largest |b|: entries
/// that cancel to ~0 (FMA contraction differs between the drivers and each ISA) are compared
/// against the size of the whole output.
template <class Real>
void expect_close(std::vector<Real> const& a, std::vector<Real> const& b, double tol,
                  char const* what, std::string const& label) {
  ASSERT_EQ(a.size(), b.size());
  double scale = 0;
  for (auto v : b) scale = std::max(scale, std::abs(double(v)));
  scale = std::max(scale, 1e-300);
  for (std::size_t i = 0; i < a.size(); ++i) {
    double const e = double(b[i]), g = double(a[i]);
    if (std::isnan(e)) {
      EXPECT_TRUE(std::isnan(g)) << label << ' ' << what << '[' << i << ']';
      continue;
    }
    EXPECT_LE(std::abs(g - e), tol * std::max(std::abs(e), 0.1 * scale))
        << label << ' ' << what << '[' << i << "]: tape " << g << " vs driver " << e;
  }
}

template <class Real>
void expect_same(all_outputs<Real> const& a, all_outputs<Real> const& b, double tol,
                 std::string const& label) {
  expect_close(a.value, b.value, tol, "value", label);
  expect_close(a.grad, b.grad, tol, "gradient", label);
  expect_close(a.diag, b.diag, tol, "diagonal", label);
  expect_close(a.lap, b.lap, tol, "laplacian", label);
}

template <class Real>
constexpr double tolerance() {
  return std::is_same_v<Real, double> ? 64 * 2.2e-16 : 64 * 1.2e-7;
}

/// Runs body once per instruction set this CPU supports, forced, then back to automatic.
inline void for_each_arch(std::function<void(std::string const&)> const& body) {
  for (auto const& a : td::tape_architectures()) {
    td::force_tape_architecture(a);
    EXPECT_EQ(td::tape_architecture(), a);
    body(a);
  }
  td::force_tape_architecture("auto");
}

}  // namespace tapetest
