// tests/tape/signed_zero.test.cpp -- negation of zero, in the tape on every instruction set
// and in the templated drivers at native width.
//
// -(+0) is -0, and that sign decides atan2(-x0, x1) at (0, -1) (-pi, not +pi), 1/(-x0) at 0
// (-inf) and the one-sided derivative of |-x0|. xsimd 8.1's AVX-512 unary minus is 0 - x
// (+0 for -(+0)) where AVX2 and SSE2 flip the sign bit, so these answers depended on the CPU.
// References: the same generic f on plain scalars (IEEE arithmetic, std:: functions) for the
// value, closed forms for the derivatives; and every instruction set must give the same sign
// bits as every other, entry by entry.
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include "problems.hpp"

namespace {

using namespace tapetest;

using pair = std::array<double, 2>;

// Each case: f written once (tape::record, the drivers, the scalar reference), the same f as
// an expression (tape::parse), and closed-form gradient and diagonal (NaN: not checked, at the
// singular points where the computed entry is NaN or depends on the formula). in_domain():
// where the value is checked against the scalar reference.
struct any_point {
  static bool in_domain(double, double) { return true; }
};
struct off_origin {  // atan2 is defined for (u, v) != 0 (docs/rules.md); xsimd gives NaN there
  static bool in_domain(double a, double b) { return a != 0 || b != 0; }
};
struct negate : any_point {
  template <class X>
  auto operator()(X const& x) const {
    return -x[0];
  }
  static constexpr char const* expr = "-x0";
  static pair grad(double, double) { return {-1, 0}; }
  static pair diag(double, double) { return {0, 0}; }
};
struct negate_atan2 : off_origin {
  template <class X>
  auto operator()(X const& x) const {
    using std::atan2;
    return atan2(-x[0], x[1]);
  }
  static constexpr char const* expr = "atan2(-x0, x1)";
  static pair grad(double a, double b) {
    double const r2 = a * a + b * b;
    return {-b / r2, a / r2};
  }
  static pair diag(double a, double b) {
    double const r4 = (a * a + b * b) * (a * a + b * b);
    return {2 * a * b / r4, -2 * a * b / r4};
  }
};
struct negate_reciprocal : any_point {
  template <class X>
  auto operator()(X const& x) const {
    return 1.0 / (-x[0]);
  }
  static constexpr char const* expr = "1/(-x0)";
  // -1/x0: derivative 1/x0^2 (+inf at 0), diagonal -2/x0^3 (-inf at +0, +inf at -0); the
  // x1 entries are exactly 0, also in the templated drivers, which carry that direction.
  static pair grad(double a, double) { return {1 / (a * a), 0}; }
  static pair diag(double a, double) { return {-2 / (a * a * a), 0}; }
};
struct negate_then_subtract : any_point {
  template <class X>
  auto operator()(X const& x) const {
    return -x[0] - x[1];
  }
  static constexpr char const* expr = "-x0 - x1";
  static pair grad(double, double) { return {-1, -1}; }
  static pair diag(double, double) { return {0, 0}; }
};
struct subtract_from_zero : any_point {  // a subtraction, not a negation: 0 - (+0) = +0
  template <class X>
  auto operator()(X const& x) const {
    return 0.0 - x[0];
  }
  static constexpr char const* expr = "0 - x0";
  static pair grad(double, double) { return {-1, 0}; }
  static pair diag(double, double) { return {0, 0}; }
};
struct negate_scale : any_point {  // the tape fuses 2*x0 into the sum that negates it
  template <class X>
  auto operator()(X const& x) const {
    return -(2.0 * x[0]);
  }
  static constexpr char const* expr = "-(2*x0)";
  static pair grad(double, double) { return {-2, 0}; }
  static pair diag(double, double) { return {0, 0}; }
};
struct negate_scale_atan2 : off_origin {
  template <class X>
  auto operator()(X const& x) const {
    using std::atan2;
    return atan2(-(2.0 * x[0]), x[1]);
  }
  static constexpr char const* expr = "atan2(-(2*x0), x1)";
  static pair grad(double a, double b) {
    double const r2 = 4 * a * a + b * b;
    return {-2 * b / r2, 2 * a / r2};
  }
  static pair diag(double a, double b) {
    double const r4 = (4 * a * a + b * b) * (4 * a * a + b * b);
    return {16 * a * b / r4, -4 * a * b / r4};
  }
};
struct times_negated : any_point {
  template <class X>
  auto operator()(X const& x) const {
    return x[1] * -x[0];
  }
  static constexpr char const* expr = "x1 * -x0";
  static pair grad(double a, double b) { return {-b, -a}; }
  static pair diag(double, double) { return {0, 0}; }
};
struct abs_of_negated : any_point {  // |u|' = sign(u) u', sign(+-0) = +-1 (docs/rules.md)
  template <class X>
  auto operator()(X const& x) const {
    using std::abs;
    return abs(-x[0]);
  }
  static constexpr char const* expr = "abs(-x0)";
  static pair grad(double a, double) { return {std::copysign(1.0, a), 0}; }
  static pair diag(double, double) { return {0, 0}; }
};

using cases =
    std::tuple<negate, negate_atan2, negate_reciprocal, negate_then_subtract, subtract_from_zero,
               negate_scale, negate_scale_atan2, times_negated, abs_of_negated>;

template <class Body>
void for_each_case(Body const& body) {
  std::apply([&](auto... c) { (body(c), ...); }, cases{});
}

constexpr std::size_t n = 2;
// Signed zeros against -1, +1 and +-0, and two ordinary points; k = 19 puts them in every
// lane and in a partial batch at every width.
std::vector<pair> const special = {{0.0, -1.0}, {-0.0, -1.0}, {0.0, 1.0},  {-0.0, 1.0},
                                   {0.0, 0.0},  {-0.0, -0.0}, {1.5, -2.0}, {-0.5, 0.0}};
constexpr std::size_t k = 19;

template <class Real>
std::vector<Real> points() {
  std::vector<Real> x;
  for (std::size_t p = 0; p < k; ++p)
    for (double v : special[p % special.size()]) x.push_back(Real(v));
  return x;
}

/// got against the scalar reference: same NaN-ness and sign bit; equal if infinite, else within
/// 4 eps (relative, floor 1e-300 so that a zero must be exactly zero).
template <class Real>
::testing::AssertionResult matches(Real got, Real want) {
  double const eps = std::numeric_limits<Real>::epsilon();
  bool ok = std::isnan(got) == std::isnan(want) &&
            (std::isnan(want) || std::signbit(got) == std::signbit(want));
  if (ok && !std::isnan(want))
    ok = std::isinf(want)
             ? got == want
             : std::abs(double(got) - double(want)) <= 4 * eps * std::abs(double(want));
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << got << " (sign " << std::signbit(got) << "), want " << want << " (sign "
         << std::signbit(want) << ")";
}

/// A derivative against its closed form (NaN: not checked): infinite ones exactly, others
/// within 8 eps relative with an absolute floor of 1 (the entries that are exactly 0).
template <class Real>
::testing::AssertionResult derivative(Real got, double want) {
  if (std::isnan(want)) return ::testing::AssertionSuccess();
  double const eps = std::numeric_limits<Real>::epsilon();
  bool const ok = std::isinf(want)
                      ? double(got) == want
                      : std::abs(double(got) - want) <= 8 * eps * std::max(1.0, std::abs(want));
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got << ", want " << want;
}

/// Value, gradient and diagonal of one evaluation against the references.
template <class Real, class C>
void check(C const& c, all_outputs<Real> const& r, std::vector<Real> const& x,
           std::string const& label) {
  for (std::size_t p = 0; p < k; ++p) {
    std::array<Real, n> const pt = {x[p * n], x[p * n + 1]};
    Real const want = Real(c(pt));
    auto num = [](Real v) { return (std::signbit(v) ? "-" : "+") + std::to_string(std::abs(v)); };
    std::string const at = label + " " + C::expr + " at (" + num(pt[0]) + ", " + num(pt[1]) + ")";
    if (C::in_domain(pt[0], pt[1])) {
      EXPECT_TRUE(matches(r.value[p], want)) << at << ": value";
    }
    auto const g = C::grad(pt[0], pt[1]), d = C::diag(pt[0], pt[1]);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_TRUE(derivative(r.grad[p * n + i], g[i])) << at << ": gradient " << i;
      EXPECT_TRUE(derivative(r.diag[p * n + i], d[i])) << at << ": diagonal " << i;
    }
  }
}

template <class Real>
class SignedZero : public ::testing::Test {};
using Reals = ::testing::Types<double, float>;
TYPED_TEST_SUITE(SignedZero, Reals);

TYPED_TEST(SignedZero, ScalarReferencesAreIeee) {  // the premise of the other tests
  using Real = TypeParam;
  Real const z = 0;
  EXPECT_TRUE(std::signbit(-z));
  EXPECT_FALSE(std::signbit(Real(0) - z));
  EXPECT_EQ(std::atan2(-z, Real(-1)), Real(-std::numbers::pi));
  EXPECT_EQ(Real(1) / (-z), -std::numeric_limits<Real>::infinity());
}

TYPED_TEST(SignedZero, TapeOnEveryArchitecture) {
  using Real = TypeParam;
  auto const x = points<Real>();
  for_each_case([&](auto c) {
    auto const parsed = td::tape::parse(c.expr, n);
    auto const recorded = td::tape::record(c, n);
    for_each_arch([&](std::string const& arch) {
      check(c, by_tape<Real>(parsed, x, k, n), x, "tape::parse " + arch);
      check(c, by_tape<Real>(recorded, x, k, n), x, "tape::record " + arch);
    });
  });
}

TYPED_TEST(SignedZero, DriversAtNativeWidth) {
  using Real = TypeParam;
  auto const x = points<Real>();
  for_each_case([&](auto c) {
    for (auto s :
         {td::strategy::automatic, td::strategy::per_direction, td::strategy::shared_primal}) {
      td::options opt;
      opt.method = s;
      all_outputs<Real> r(k, n);
      td::evaluate(c, td::points_view<Real>::row_major(x.data(), k, n), r.view(k, n), opt);
      check(c, r, x, "driver, strategy " + std::to_string(int(s)));
    }
  });
}

// Every entry (value, gradient, diagonal, Laplacian) has the same sign bit and NaN-ness on
// every instruction set, parsed and recorded alike.
TYPED_TEST(SignedZero, SignBitsAgreeAcrossArchitectures) {
  using Real = TypeParam;
  auto const x = points<Real>();
  ASSERT_FALSE(td::tape_architectures().empty());
  for_each_case([&](auto c) {
    auto const parsed = td::tape::parse(c.expr, n);
    auto const recorded = td::tape::record(c, n);
    std::vector<std::pair<std::string, all_outputs<Real>>> runs;
    for_each_arch([&](std::string const& arch) {
      runs.emplace_back(arch + " parse", by_tape<Real>(parsed, x, k, n));
      runs.emplace_back(arch + " record", by_tape<Real>(recorded, x, k, n));
    });
    auto const& [ref_name, ref] = runs.front();
    for (auto const& [name, r] : runs) {
      auto same_signs = [&](std::vector<Real> const& a, std::vector<Real> const& b,
                            char const* what) {
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t q = 0; q < a.size(); ++q) {
          EXPECT_EQ(std::isnan(a[q]), std::isnan(b[q]))
              << c.expr << ' ' << what << '[' << q << "]: " << name << " vs " << ref_name;
          if (!std::isnan(a[q])) {
            EXPECT_EQ(std::signbit(a[q]), std::signbit(b[q]))
                << c.expr << ' ' << what << '[' << q << "]: " << name << ' ' << a[q] << " vs "
                << ref_name << ' ' << b[q];
          }
        }
      };
      same_signs(r.value, ref.value, "value");
      same_signs(r.grad, ref.grad, "gradient");
      same_signs(r.diag, ref.diag, "diagonal");
      same_signs(r.lap, ref.lap, "laplacian");
    }
  });
}

}  // namespace
