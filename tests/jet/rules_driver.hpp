// tests/jet/rules_driver.hpp -- sweeps one case of rules_cases.hpp over one value type T.
//
// Three references per point (STYLE.md, Tests): the long double closed form (bound: the
// case's Tol in eps of T), a central finite difference in long double with one Richardson
// step (bound: 1e-7 relative + the case's Tol), and, for a batch T, the scalar Jet<S, 2> at
// the same point (bound: twice the case's Tol). Lanes are filled with DIFFERENT points, so a
// lane mix-up fails the closed-form check of the lane it lands in.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "jet/rules_cases.hpp"

namespace tdtest::rules {

/// Relative accuracy of the long double finite difference (h = 1e-2 * the case's length
/// scale; truncation O(h^4) after Richardson, rounding ~1e-19/h^2).
inline constexpr ld fd_rel = 1e-7;

template <class Case, class T>
void run_case() {
  using S = scalar_t<T>;
  using J = td::Jet<T, 2>;
  using JS = td::Jet<S, 2>;
  constexpr std::size_t W = lanes_v<T>;
  Tol const t = Case::template tol<T>();
  ld const tols[3] = {t.v, t.d1, t.d2};
  ld const tol_floors[3] = {t.fv, t.f1, t.f2};
  Points const pts = Case::points();
  std::size_t const n = pts.size();
  ld worst[3] = {0, 0, 0}, worst_fd[2] = {0, 0};

  for (std::size_t start = 0; start < n; start += W) {
    S a[W], b[W];
    for (std::size_t l = 0; l < W; ++l) {  // the tail wraps around: every lane a real point
      a[l] = static_cast<S>(pts[(start + l) % n][0]);
      b[l] = static_cast<S>(pts[(start + l) % n][1]);
    }
    J const u = J::variable(from_lanes<T>(a), T(static_cast<S>(Case::du)));
    J const v = J::variable(from_lanes<T>(b), T(static_cast<S>(Case::dv)));
    J const y = Case::f(u, v);
    for (std::size_t l = 0; l < W; ++l) {
      ld const A = a[l], B = b[l];
      SCOPED_TRACE(testing::Message() << Case::name << " at (" << static_cast<double>(A) << ", "
                                      << static_cast<double>(B) << "), lane " << l);
      ld const want[3] = {Case::ref(A, B), Case::d1(A, B), Case::d2(A, B)};
      // Floors: the case's constants, or its magnitudes of the terms at this point (binary
      // cases: d1 = fu du + fv dv may cancel to ~0 while each term is large).
      ld floors[3] = {tol_floors[0], tol_floors[1], tol_floors[2]};
      if constexpr (requires { Case::floors(A, B); }) {
        auto const fl = Case::floors(A, B);
        for (int k = 0; k < 3; ++k) floors[k] = std::max(floors[k], fl[k]);
      }
      for (int k = 0; k < 3; ++k) {
        S const got = lane(y.d(k), l);
        EXPECT_TRUE(close_eps(got, want[k], tols[k], floors[k])) << "derivative " << k;
        worst[k] = std::max(worst[k], err_eps(got, want[k], floors[k]));
      }
      // Finite difference of the long double function along the same direction.
      auto g = [&](ld tt) { return Case::ref(A + tt * Case::du, B + tt * Case::dv); };
      auto const fd = central_fd(g, 0, ld(1e-2) * Case::len(A, B));  // {d1, d2, rounding bounds}
      for (int k = 1; k <= 2; ++k) {
        S const got = lane(y.d(k), l);
        if (std::isinf(want[k])) continue;
        // allowed: fd_rel + tol eps relative (with the floor) plus the FD rounding bound
        // scale: the derivative itself, or the other one times the length (dimensionally the
        // same), so that an exact zero, e.g. d1 of x^(0.75 x) at 1, has a truncation scale
        ld const len = Case::len(A, B);
        ld const other = k == 1 ? std::fabs(fd[1]) * len : std::fabs(fd[0]) / len;
        ld const scale = std::max({std::fabs(fd[k - 1]), floors[k], other});
        ld const allowed = (fd_rel + tols[k] * eps<S>()) * scale + fd[k + 1];
        ld const dev = std::fabs(static_cast<ld>(got) - fd[k - 1]);
        EXPECT_LE(dev, allowed) << "finite difference " << static_cast<double>(fd[k - 1])
                                << " vs jet " << static_cast<double>(got) << ", derivative " << k;
        ld const dev_ref = std::fabs(want[k] - fd[k - 1]);  // closed form vs FD
        worst_fd[k - 1] = std::max(worst_fd[k - 1], std::max<ld>(0, dev_ref - fd[k + 1]) / scale);
      }
      // The scalar path at the same point.
      if constexpr (td::detail::is_batch_v<T>) {
        JS const ys = Case::f(JS::variable(a[l], static_cast<S>(Case::du)),
                              JS::variable(b[l], static_cast<S>(Case::dv)));
        for (int k = 0; k < 3; ++k)
          EXPECT_TRUE(close_eps(lane(y.d(k), l), static_cast<ld>(ys.d(k)), 2 * tols[k], floors[k]))
              << "batch lane vs scalar jet, derivative " << k;
      }
    }
  }
  if (std::getenv("TD_CALIBRATE"))
    std::printf(
        "CALIBRATE %-18s %-8s W=%-2zu  v %6.2f  d1 %6.2f  d2 %6.2f  (eps)   fd-vs-closed %.1Le "
        "%.1Le\n",
        Case::name, sizeof(S) == 4 ? "float" : "double", W, static_cast<double>(worst[0]),
        static_cast<double>(worst[1]), static_cast<double>(worst[2]), worst_fd[0], worst_fd[1]);
}

}  // namespace tdtest::rules

/// All the rules tests for the typed suite SUITE (declared with TYPED_TEST_SUITE).
#define TD_RULES_TESTS(SUITE)                                           \
  TYPED_TEST(SUITE, Exp) {                                              \
    tdtest::rules::run_case<tdtest::rules::exp_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Exp2) {                                             \
    tdtest::rules::run_case<tdtest::rules::exp2_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Expm1) {                                            \
    tdtest::rules::run_case<tdtest::rules::expm1_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Log) {                                              \
    tdtest::rules::run_case<tdtest::rules::log_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Log2) {                                             \
    tdtest::rules::run_case<tdtest::rules::log2_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Log10) {                                            \
    tdtest::rules::run_case<tdtest::rules::log10_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Log1p) {                                            \
    tdtest::rules::run_case<tdtest::rules::log1p_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Sqrt) {                                             \
    tdtest::rules::run_case<tdtest::rules::sqrt_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Cbrt) {                                             \
    tdtest::rules::run_case<tdtest::rules::cbrt_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Sin) {                                              \
    tdtest::rules::run_case<tdtest::rules::sin_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Cos) {                                              \
    tdtest::rules::run_case<tdtest::rules::cos_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Tan) {                                              \
    tdtest::rules::run_case<tdtest::rules::tan_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Asin) {                                             \
    tdtest::rules::run_case<tdtest::rules::asin_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Acos) {                                             \
    tdtest::rules::run_case<tdtest::rules::acos_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Atan) {                                             \
    tdtest::rules::run_case<tdtest::rules::atan_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Sinh) {                                             \
    tdtest::rules::run_case<tdtest::rules::sinh_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Cosh) {                                             \
    tdtest::rules::run_case<tdtest::rules::cosh_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Tanh) {                                             \
    tdtest::rules::run_case<tdtest::rules::tanh_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Asinh) {                                            \
    tdtest::rules::run_case<tdtest::rules::asinh_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Acosh) {                                            \
    tdtest::rules::run_case<tdtest::rules::acosh_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Atanh) {                                            \
    tdtest::rules::run_case<tdtest::rules::atanh_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Erf) {                                              \
    tdtest::rules::run_case<tdtest::rules::erf_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, Erfc) {                                             \
    tdtest::rules::run_case<tdtest::rules::erfc_case, TypeParam>();     \
  }                                                                     \
  TYPED_TEST(SUITE, Sigmoid) {                                          \
    tdtest::rules::run_case<tdtest::rules::sigmoid_case, TypeParam>();  \
  }                                                                     \
  TYPED_TEST(SUITE, Softplus) {                                         \
    tdtest::rules::run_case<tdtest::rules::softplus_case, TypeParam>(); \
  }                                                                     \
  TYPED_TEST(SUITE, Abs) {                                              \
    tdtest::rules::run_case<tdtest::rules::abs_case, TypeParam>();      \
  }                                                                     \
  TYPED_TEST(SUITE, PowInt) {                                           \
    using namespace tdtest::rules;                                      \
    run_case<pow_int_case<2, false>, TypeParam>();                      \
    run_case<pow_int_case<3, false>, TypeParam>();                      \
    run_case<pow_int_case<5, false>, TypeParam>();                      \
    run_case<pow_int_case<-1, false>, TypeParam>();                     \
    run_case<pow_int_case<-3, false>, TypeParam>();                     \
    run_case<pow_int_case<0, false>, TypeParam>();                      \
    run_case<pow_int_case<3, true>, TypeParam>();                       \
    run_case<pow_int_case<-2, true>, TypeParam>();                      \
  }                                                                     \
  TYPED_TEST(SUITE, PowReal) {                                          \
    using namespace tdtest::rules;                                      \
    run_case<pow_real_case<1, 2>, TypeParam>();                         \
    run_case<pow_real_case<5, 2>, TypeParam>();                         \
    run_case<pow_real_case<-3, 2>, TypeParam>();                        \
    run_case<pow_real_case<1, 3>, TypeParam>();                         \
  }                                                                     \
  TYPED_TEST(SUITE, RealPow) {                                          \
    using namespace tdtest::rules;                                      \
    run_case<real_pow_case<2, 1>, TypeParam>();                         \
    run_case<real_pow_case<1, 2>, TypeParam>();                         \
    run_case<real_pow_case<10, 1>, TypeParam>();                        \
  }                                                                     \
  TYPED_TEST(SUITE, PowJet) {                                           \
    tdtest::rules::run_case<tdtest::rules::pow_jet_case, TypeParam>();  \
  }                                                                     \
  TYPED_TEST(SUITE, Atan2) {                                            \
    tdtest::rules::run_case<tdtest::rules::atan2_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, Hypot) {                                            \
    tdtest::rules::run_case<tdtest::rules::hypot_case, TypeParam>();    \
  }                                                                     \
  TYPED_TEST(SUITE, MinMax) {                                           \
    using namespace tdtest::rules;                                      \
    run_case<minmax_case<0>, TypeParam>();                              \
    run_case<minmax_case<1>, TypeParam>();                              \
    run_case<minmax_case<2>, TypeParam>();                              \
    run_case<minmax_case<3>, TypeParam>();                              \
  }
