// tests/drivers/common.hpp -- helpers for the driver tests: point sets, test functions with
// closed-form derivatives, tolerances and the closed-form sweep over n, k and strategies.
//
// References are computed in long double from the SAME inputs, already rounded to Real.
// A quantity (value, a gradient row, a diagonal row) is compared with a tolerance relative
// to the largest reference magnitude of its row, so that a tiny entry beside large ones
// (cancellation in 2/s - 4x^2/s^2) is judged on the scale of the computation:
//     |actual - expected| <= tol<Real> * max(max_i |expected_i|, 1e-30)
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "taylordiag/taylordiag.hpp"

namespace tdtest {

namespace td = taylordiag;
using ld = long double;

/// Points per SIMD batch of the drivers.
template <class Real>
inline constexpr std::size_t W = xsimd::batch<Real>::size;

/// The sizes of the task: n in {1, 2, 3, 7, 64, 1000}, k in {1, 2, W-1, W, W+1, 1000}.
inline std::vector<std::size_t> dims() {
  return {1, 2, 3, 7, 64, 1000};
}
template <class Real>
std::vector<std::size_t> counts() {
  std::vector<std::size_t> k = {1, 2, W<Real> - 1, W<Real>, W<Real> + 1, 1000};
  std::sort(k.begin(), k.end());
  k.erase(std::unique(k.begin(), k.end()), k.end());
  return k;
}
/// The full cross product costs O(n^2 k) jet operations; n = 1000 runs with the small k
/// (every SIMD tail) and k = 1000 with n <= 64, which keeps each file at a few seconds.
inline bool affordable(std::size_t n, std::size_t k) {
  return n * k <= 64 * 1000;
}

template <class Real>
constexpr ld tol() {
  return std::is_same_v<Real, float> ? 2e-4L : 1e-11L;
}

inline char const* name(td::strategy s) {
  switch (s) {
    case td::strategy::automatic:
      return "automatic";
    case td::strategy::per_direction:
      return "per_direction";
    case td::strategy::shared_primal:
      return "shared_primal";
  }
  return "?";
}
inline constexpr td::strategy all_strategies[] = {
    td::strategy::per_direction, td::strategy::shared_primal, td::strategy::automatic};

/// k x n row-major points, coordinate j of point p uniform in [lo, hi] (fixed seed).
template <class Real>
std::vector<Real> make_points(std::size_t k, std::size_t n, double lo, double hi,
                              std::uint64_t seed = 42) {
  std::mt19937_64 rng(seed + 1000003 * n + k);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<Real> x(k * n);
  for (auto& v : x) v = static_cast<Real>(u(rng));
  return x;
}

/// Reference derivatives of one point: value, gradient (n), diagonal (n).
struct reference {
  ld value = 0;
  std::vector<ld> grad, diag;
  /// Optional scales of the computation (sums of |terms|) where the result may cancel.
  ld value_mag = 0, grad_mag = 0, diag_mag = 0;
};
using reference_fn = std::function<reference(std::vector<ld> const&)>;

// ---- test functions: a generic f (jets or plain numbers) and its closed form -------------

/// f = sum_i a_i x_i^2 + sum_i x_i x_{i+1} + sum_i b_i x_i, a_i = 1 + (i % 5)/2, b_i = i % 3 - 1.
struct quadratic {
  template <class X>
  auto operator()(X const& x) const {
    using J = std::remove_cvref_t<decltype(x[0])>;
    std::size_t const n = x.size();
    J s(0);
    for (std::size_t i = 0; i < n; ++i) {
      double const a = 1 + double(i % 5) / 2, b = double(i % 3) - 1;
      s += a * (x[i] * x[i]) + b * x[i];
      if (i + 1 < n) s += x[i] * x[i + 1];
    }
    return s;
  }
  static reference ref(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    reference r{0, std::vector<ld>(n), std::vector<ld>(n)};
    for (std::size_t i = 0; i < n; ++i) {
      ld const a = 1 + ld(i % 5) / 2, b = ld(i % 3) - 1;
      r.value += a * x[i] * x[i] + b * x[i] + (i + 1 < n ? x[i] * x[i + 1] : 0);
      r.grad[i] = 2 * a * x[i] + b + (i + 1 < n ? x[i + 1] : 0) + (i > 0 ? x[i - 1] : 0);
      r.diag[i] = 2 * a;
    }
    return r;
  }
};

/// Rosenbrock: f = sum_{i<n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2.
struct rosenbrock {
  template <class X>
  auto operator()(X const& x) const {
    using J = std::remove_cvref_t<decltype(x[0])>;
    J s(0);
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
      J const t = x[i + 1] - x[i] * x[i];
      J const u = 1.0 - x[i];
      s += 100.0 * (t * t) + u * u;
    }
    return s;
  }
  static reference ref(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    reference r{0, std::vector<ld>(n), std::vector<ld>(n)};
    for (std::size_t i = 0; i < n; ++i) {
      if (i + 1 < n) {
        ld const t = x[i + 1] - x[i] * x[i];
        r.value += 100 * t * t + (1 - x[i]) * (1 - x[i]);
        r.grad[i] += -400 * x[i] * t - 2 * (1 - x[i]);
        r.diag[i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      }
      if (i > 0) {
        r.grad[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
        r.diag[i] += 200;
      }
    }
    return r;
  }
};

/// f = log(sum_i x_i^2): gradient 2 x_i / s, diagonal 2/s - 4 x_i^2 / s^2.
struct log_norm {
  template <class X>
  auto operator()(X const& x) const {
    using std::log;
    auto s = x[0] * x[0];
    for (std::size_t i = 1; i < x.size(); ++i) s += x[i] * x[i];
    return log(s);
  }
  static reference ref(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    reference r{0, std::vector<ld>(n), std::vector<ld>(n)};
    ld s = 0;
    for (ld v : x) s += v * v;
    r.value = std::log(s);
    for (std::size_t i = 0; i < n; ++i) {
      r.grad[i] = 2 * x[i] / s;
      r.diag[i] = 2 / s - 4 * x[i] * x[i] / (s * s);
    }
    return r;
  }
};

/// The question's f = prod_i (x_i^2 - 3 x_i + 1): with g_i = x_i^2 - 3x_i + 1 and
/// P_i = prod_{j != i} g_j, the gradient is (2 x_i - 3) P_i and the diagonal 2 P_i.
struct product {
  template <class X>
  auto operator()(X const& x) const {
    auto p = x[0] * x[0] - 3.0 * x[0] + 1.0;
    for (std::size_t i = 1; i < x.size(); ++i) p *= x[i] * x[i] - 3.0 * x[i] + 1.0;
    return p;
  }
  static reference ref(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    reference r{1, std::vector<ld>(n), std::vector<ld>(n)};
    std::vector<ld> g(n);
    for (std::size_t i = 0; i < n; ++i) g[i] = x[i] * x[i] - 3 * x[i] + 1, r.value *= g[i];
    for (std::size_t i = 0; i < n; ++i) {
      ld p = 1;  // O(n^2), no division by a g_j that may be ~0
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) p *= g[j];
      r.grad[i] = (2 * x[i] - 3) * p;
      r.diag[i] = 2 * p;
    }
    return r;
  }
};

/// One hidden layer of H tanh units: f = sum_j v_j tanh(sum_i W_ji x_i + b_j), with fixed
/// weights W_ji = sin(1 + 3j + 7i)/sqrt(n), b_j = cos(j)/2, v_j = (j + 1)/H - 0.4 (n <= 1024).
/// Hand-derived: grad_i = sum_j v_j (1 - t_j^2) W_ji, diag_i = sum_j -2 v_j t_j (1 - t_j^2) W_ji^2.
/// The sums over j cancel at some points, so the reference also returns the sums of |terms|
/// as the scale that rounding errors are measured against.
struct mlp {
  static constexpr int H = 5;
  static constexpr std::size_t max_n = 1024;
  static double const* table() {
    static std::vector<double> const t = [] {
      std::vector<double> v(H * max_n);
      for (int j = 0; j < H; ++j)
        for (std::size_t i = 0; i < max_n; ++i)
          v[j * max_n + i] = std::sin(1.0 + 3 * j + 7 * double(i));
      return v;
    }();
    return t.data();
  }
  /// The weights exactly as f uses them (double).
  static double w(int j, std::size_t i, std::size_t n) {
    return table()[j * max_n + i] / std::sqrt(double(n));
  }
  static double b(int j) { return std::cos(double(j)) / 2; }
  static double v(int j) { return double(j + 1) / H - 0.4; }
  template <class X>
  auto operator()(X const& x) const {
    using std::tanh;
    using J = std::remove_cvref_t<decltype(x[0])>;
    std::size_t const n = x.size();
    J out(0);
    for (int j = 0; j < H; ++j) {
      J a(b(j));
      for (std::size_t i = 0; i < n; ++i) a += w(j, i, n) * x[i];
      out += v(j) * tanh(a);
    }
    return out;
  }
  /// The network in long double (for finite differences).
  static ld eval(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    ld out = 0;
    for (int j = 0; j < H; ++j) {
      ld a = b(j);
      for (std::size_t i = 0; i < n; ++i) a += ld(w(j, i, n)) * x[i];
      out += ld(v(j)) * std::tanh(a);
    }
    return out;
  }
  static reference ref(std::vector<ld> const& x) {
    std::size_t const n = x.size();
    reference r{0, std::vector<ld>(n), std::vector<ld>(n)};
    std::vector<ld> gmag(n), dmag(n);
    for (int j = 0; j < H; ++j) {
      ld a = b(j), amag = std::fabs(ld(b(j)));
      for (std::size_t i = 0; i < n; ++i)
        a += ld(w(j, i, n)) * x[i], amag += std::fabs(ld(w(j, i, n)) * x[i]);
      ld const t = std::tanh(a), vj = v(j), s = 1 - t * t;
      r.value += vj * t;
      // Rounding in a (~eps * amag) moves t by s * eps * amag: part of every term's scale.
      r.value_mag += std::fabs(vj) * (std::fabs(t) + amag);
      for (std::size_t i = 0; i < n; ++i) {
        ld const wi = w(j, i, n);
        r.grad[i] += vj * s * wi;
        r.diag[i] += -2 * vj * t * s * wi * wi;
        gmag[i] += std::fabs(vj * wi) * (s + amag);
        dmag[i] += std::fabs(2 * vj * wi * wi) * (std::fabs(t) * s + amag);
      }
    }
    for (std::size_t i = 0; i < n; ++i)
      r.grad_mag = std::max(r.grad_mag, gmag[i]), r.diag_mag = std::max(r.diag_mag, dmag[i]);
    return r;
  }
};

// ---- comparison -------------------------------------------------------------------------

/// Checks actual[i] against expected[i], i < count, relative to the row's scale.
template <class Real>
::testing::AssertionResult close_row(Real const* actual, std::size_t astride, ld const* expected,
                                     std::size_t count, ld rtol, std::string const& what,
                                     ld floor = 0) {
  ld scale = std::max(1e-30L, floor);
  for (std::size_t i = 0; i < count; ++i) scale = std::max(scale, std::fabs(expected[i]));
  for (std::size_t i = 0; i < count; ++i) {
    ld const a = actual[i * astride];
    if (!(std::fabs(a - expected[i]) <= rtol * scale)) {
      return ::testing::AssertionFailure()
             << what << "[" << i << "] = " << double(a) << ", expected " << double(expected[i])
             << " (row scale " << double(scale) << ", rtol " << double(rtol) << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

template <class Real>
std::vector<ld> widen(Real const* p, std::size_t n) {
  return std::vector<ld>(p, p + n);
}

/// The closed-form sweep: for every affordable (n, k) and every strategy, evaluate() writes
/// value, gradient and diagonal (buffers pre-filled with a sentinel, so every entry must be
/// written) that match the reference; the Laplacian requested with the diagonal is exactly its
/// row sum; the collapsed path (value, gradient, Laplacian without the diagonal) and
/// laplacian() match the reference too.
template <class Real, class F>
void sweep(F const& f, reference_fn const& ref, double lo, double hi,
           std::vector<std::size_t> ns = dims()) {
  constexpr Real sentinel = Real(-12345.0);
  ld const rt = tol<Real>();
  for (std::size_t n : ns) {
    for (std::size_t k : counts<Real>()) {
      if (!affordable(n, k)) continue;
      SCOPED_TRACE("n = " + std::to_string(n) + ", k = " + std::to_string(k));
      auto const x = make_points<Real>(k, n, lo, hi);
      auto const pts = td::points_view<Real>::row_major(x.data(), k, n);
      std::vector<reference> want(k);
      for (std::size_t p = 0; p < k; ++p) want[p] = ref(widen(x.data() + p * n, n));

      for (td::strategy s : all_strategies) {
        SCOPED_TRACE(name(s));
        std::vector<Real> val(k, sentinel), grad(k * n, sentinel), diag(k * n, sentinel),
            lap(k, sentinel);
        td::evaluate(f, pts,
                     td::outputs<Real>{val, td::matrix_ref<Real>::row_major(grad.data(), k, n),
                                       td::matrix_ref<Real>::row_major(diag.data(), k, n), lap},
                     td::options{.threads = {}, .method = s, .block_points = 0});
        for (std::size_t p = 0; p < k; ++p) {
          ASSERT_TRUE(close_row(&val[p], 1, &want[p].value, 1, rt, "value", want[p].value_mag));
          ASSERT_TRUE(
              close_row(&grad[p * n], 1, want[p].grad.data(), n, rt, "gradient", want[p].grad_mag));
          ASSERT_TRUE(
              close_row(&diag[p * n], 1, want[p].diag.data(), n, rt, "diagonal", want[p].diag_mag));
          Real sum = 0;
          for (std::size_t i = 0; i < n; ++i) sum += diag[p * n + i];
          ASSERT_EQ(std::memcmp(&sum, &lap[p], sizeof(Real)), 0)
              << "Laplacian is not the diagonal's row sum";
        }
      }

      // Collapsed jets: value, gradient, Laplacian without the diagonal.
      std::vector<Real> val(k, sentinel), grad(k * n, sentinel), lap(k, sentinel);
      td::evaluate(
          f, pts,
          td::outputs<Real>{val, td::matrix_ref<Real>::row_major(grad.data(), k, n), {}, lap});
      auto const lap2 = td::laplacian(f, pts);
      ASSERT_EQ(lap2.size(), k);
      for (std::size_t p = 0; p < k; ++p) {
        ASSERT_TRUE(
            close_row(&val[p], 1, &want[p].value, 1, rt, "collapsed value", want[p].value_mag));
        ASSERT_TRUE(close_row(&grad[p * n], 1, want[p].grad.data(), n, rt, "collapsed gradient",
                              want[p].grad_mag));
        ld lsum = 0, lscale = want[p].diag_mag;
        for (ld d : want[p].diag) lsum += d, lscale = std::max(lscale, std::fabs(d));
        // The sum of n entries carries up to n roundings of the row scale.
        ld const ltol = rt * lscale * ld(n);
        ASSERT_LE(std::fabs(ld(lap[p]) - lsum), ltol) << "collapsed Laplacian at point " << p;
        ASSERT_EQ(std::memcmp(&lap[p], &lap2[p], sizeof(Real)), 0)
            << "laplacian() differs from evaluate()";
      }
    }
  }
}

}  // namespace tdtest
