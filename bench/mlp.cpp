// bench/mlp.cpp -- a tanh MLP 32 -> 64 -> 64 -> 1 with fixed seeded weights:
//     f(x) = w3 . tanh(W2 tanh(W1 x + b1) + b2) + b3.
// The analytic baseline is the best hand-written code we know: SIMD across points, one
// backward sweep for the terms linear in the second layer, and the only O(64 x 64 x 32)
// part -- the squared first derivatives of the second layer -- as broadcast FMAs.
#include <array>

#include "common.hpp"

namespace {
using bench::batch;
using bench::W;

constexpr std::size_t N0 = 32, N1 = 64, N2 = 64;

struct weights {
  double w1[N1][N0], b1[N1], w2[N2][N1], b2[N2], w3[N2], b3;
  weights() {
    std::mt19937_64 rng(2026);
    std::normal_distribution<double> g(0.0, 1.0);
    for (auto& row : w1)
      for (auto& v : row) v = g(rng) / std::sqrt(double(N0));
    for (auto& v : b1) v = 0.1 * g(rng);
    for (auto& row : w2)
      for (auto& v : row) v = g(rng) / std::sqrt(double(N1));
    for (auto& v : b2) v = 0.1 * g(rng);
    for (auto& v : w3) v = g(rng) / std::sqrt(double(N2));
    b3 = 0.1;
  }
};
weights const net;

struct mlp_f {
  template <class X>
  auto operator()(X const& x) const {
    using std::tanh;
    using V = std::remove_cvref_t<decltype(x[0] * 1.0)>;
    std::array<V, N1> h1;
    for (std::size_t o = 0; o < N1; ++o) {
      V z = x[0] * net.w1[o][0] + net.b1[o];
      for (std::size_t j = 1; j < N0; ++j) z = z + x[j] * net.w1[o][j];
      h1[o] = tanh(z);
    }
    V y = 0.0 * x[0] + net.b3;
    for (std::size_t q = 0; q < N2; ++q) {
      V z = h1[0] * net.w2[q][0] + net.b2[q];
      for (std::size_t o = 1; o < N1; ++o) z = z + h1[o] * net.w2[q][o];
      y = y + tanh(z) * net.w3[q];
    }
    return y;
  }
};

// h1 = tanh(z1), s1 = 1 - h1^2, c1 = -2 h1 s1 (tanh'' / tanh' form); the same for layer 2.
//   grad_i = sum_o g_o s1_o W1[o][i],                 g_o = sum_q w3_q s2_q W2[q][o]
//   diag_i = sum_o g_o c1_o W1[o][i]^2 + sum_q w3_q c2_q (dz2_qi)^2,
//   dz2_qi = sum_o W2[q][o] s1_o W1[o][i]
struct mlp_analytic {
  void operator()(double const* x, std::size_t p0, std::size_t p1, std::size_t n,
                  bench::result& r) const {
    batch xb[N0], h1[N1], s1[N1], c1[N1], g[N1], a2[N2], grad[N0], diag[N0];
    for (std::size_t p = p0; p < p1; p += W) {
      std::size_t const count = std::min(W, p1 - p);
      bench::load_points(x, p, count, n, xb);
      for (std::size_t o = 0; o < N1; ++o) {
        batch z(net.b1[o]);
        for (std::size_t j = 0; j < N0; ++j) z = xsimd::fma(batch(net.w1[o][j]), xb[j], z);
        h1[o] = xsimd::tanh(z);
        s1[o] = xsimd::fnma(h1[o], h1[o], batch(1.0));
        c1[o] = batch(-2.0) * h1[o] * s1[o];
        g[o] = batch(0.0);
      }
      batch y(net.b3);
      for (std::size_t q = 0; q < N2; ++q) {
        batch z(net.b2[q]);
        for (std::size_t o = 0; o < N1; ++o) z = xsimd::fma(batch(net.w2[q][o]), h1[o], z);
        batch const h2 = xsimd::tanh(z), s2 = xsimd::fnma(h2, h2, batch(1.0));
        y = xsimd::fma(batch(net.w3[q]), h2, y);
        batch const ws2 = batch(net.w3[q]) * s2;
        a2[q] = batch(-2.0) * h2 * ws2;  // w3 c2
        for (std::size_t o = 0; o < N1; ++o) g[o] = xsimd::fma(ws2, batch(net.w2[q][o]), g[o]);
      }
      for (std::size_t i = 0; i < N0; ++i) grad[i] = diag[i] = batch(0.0);
      for (std::size_t o = 0; o < N1; ++o) {
        batch const gs = g[o] * s1[o], gc = g[o] * c1[o];
        for (std::size_t i = 0; i < N0; ++i) {
          batch const w(net.w1[o][i]);
          grad[i] = xsimd::fma(gs, w, grad[i]);
          diag[i] = xsimd::fma(gc * w, w, diag[i]);
        }
      }
      for (std::size_t q = 0; q < N2; ++q) {
        for (std::size_t i0 = 0; i0 < N0; i0 += 16) {
          batch dz[16];
          for (auto& v : dz) v = batch(0.0);
          for (std::size_t o = 0; o < N1; ++o) {
            batch const a = batch(net.w2[q][o]) * s1[o];
            for (std::size_t i = 0; i < 16; ++i)
              dz[i] = xsimd::fma(a, batch(net.w1[o][i0 + i]), dz[i]);
          }
          for (std::size_t i = 0; i < 16; ++i)
            diag[i0 + i] = xsimd::fma(a2[q] * dz[i], dz[i], diag[i0 + i]);
        }
      }
      bench::store_lanes(y, r.value.data(), p, count, 1);
      for (std::size_t i = 0; i < N0; ++i) {
        bench::store_lanes(grad[i], r.grad.data() + i, p, count, n);
        bench::store_lanes(diag[i], r.diag.data() + i, p, count, n);
      }
    }
  }
};

int register_all = [] {
  bench::register_problem({"mlp", N0, 1 << 13, 1 << 11, 8}, mlp_f{}, mlp_analytic{});
  return 0;
}();
}  // namespace
