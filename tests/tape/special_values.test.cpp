// tests/tape/special_values.test.cpp -- infinities, zeros of pow and signed zeros of sums, on
// the tape (parsed and recorded, every instruction set) and in the templated drivers.
//
// Each case was a NaN or a wrong value before: 1/x0 at 0 and exp(x0 + 710) had a NaN diagonal
// (inf * 0 against the zero second coefficient of a linear argument), pow(x0, x1) at (0, -2)
// was 0 and at (0, 0) was 0 (xsimd's pow gives 0 for every zero base), x0 + 0 at x0 = -0 was
// -0 after constant folding (IEEE: +0). The references are closed-form limits and IEEE
// scalar arithmetic, written out per case.
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "problems.hpp"

namespace {

using namespace tapetest;

double const inf = std::numeric_limits<double>::infinity();
double const skip = std::numeric_limits<double>::quiet_NaN();  // entry not checked

struct expected {
  std::array<double, 2> x;
  double value;
  std::array<double, 2> grad, diag;
};

/// Exact match, sign of zero and infinity included; `skip` is not checked.
::testing::AssertionResult same(double got, double want) {
  if (std::isnan(want)) return ::testing::AssertionSuccess();
  if (got == want && std::signbit(got) == std::signbit(want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got << ", want " << want;
}

void check(all_outputs<double> const& r, std::vector<expected> const& e, std::string const& what) {
  for (std::size_t p = 0; p < e.size(); ++p) {
    std::string const at =
        what + " at (" + std::to_string(e[p].x[0]) + ", " + std::to_string(e[p].x[1]) + ")";
    EXPECT_TRUE(same(r.value[p], e[p].value)) << at << ": value";
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_TRUE(same(r.grad[2 * p + i], e[p].grad[i])) << at << ": gradient " << i;
      EXPECT_TRUE(same(r.diag[2 * p + i], e[p].diag[i])) << at << ": diagonal " << i;
    }
  }
}

template <class F>
void run(F const& f, char const* expr, std::vector<expected> const& e) {
  std::vector<double> x;
  for (auto const& c : e) x.insert(x.end(), c.x.begin(), c.x.end());
  std::size_t const k = e.size();
  auto const parsed = td::tape::parse(expr, 2);
  auto const recorded = td::tape::record(f, 2);
  for_each_arch([&](std::string const& arch) {
    check(by_tape(parsed, x, k, 2), e, std::string("parse ") + expr + " " + arch);
    check(by_tape(recorded, x, k, 2), e, std::string("record ") + expr + " " + arch);
  });
  for (auto s : {td::strategy::per_direction, td::strategy::shared_primal}) {
    td::options opt;
    opt.method = s;
    all_outputs<double> r(k, 2);
    td::evaluate(f, td::points_view<double>::row_major(x.data(), k, 2), r.view(k, 2), opt);
    check(r, e, std::string("driver ") + expr + " strategy " + std::to_string(int(s)));
  }
}

TEST(SpecialValues, ReciprocalAtZero) {
  // x1/x0: gradient (-x1/x0^2, 1/x0), diagonal (2 x1/x0^3, 0).
  run([](auto const& x) { return x[1] / x[0]; }, "x1/x0",
      {{{0.0, 1.0}, inf, {-inf, inf}, {inf, 0}},
       {{-0.0, 1.0}, -inf, {-inf, -inf}, {-inf, 0}},
       {{2.0, 1.0}, 0.5, {-0.25, 0.5}, {0.25, 0}}});
  // 1/x0 alone: (inf, -inf, inf) at +0; the x1 entries are 0.
  run([](auto const& x) { return 1.0 / x[0]; }, "1/x0",
      {{{0.0, 5.0}, inf, {-inf, 0}, {inf, 0}}, {{-0.0, 5.0}, -inf, {-inf, 0}, {-inf, 0}}});
}

TEST(SpecialValues, OverflowingExp) {
  // exp(x0 + 710) * x1 at x1 = 3: every derivative along x0 +inf, along x1 (inf, 0).
  run(
      [](auto const& x) {
        using std::exp;
        return exp(x[0] + 710.0) * x[1];
      },
      "exp(x0 + 710) * x1", {{{0.0, 3.0}, inf, {inf, inf}, {inf, 0}}});
  run(
      [](auto const& x) {
        using std::exp;
        return exp(x[0] + 710.0) + x[1];
      },
      "exp(x0 + 710) + x1", {{{0.0, 3.0}, inf, {inf, 1}, {inf, 0}}});
}

TEST(SpecialValues, PowWithZeroBase) {
  // pow(u, v) at u = 0: 0^-2 = +inf, d/du u^-2 = -2 u^-3 = -inf, d2/du2 = 6 u^-4 = +inf;
  // 0^0 = 1 (C and IEEE); 0^2 = 0. Entries whose formula is 0 * inf are not checked.
  run(
      [](auto const& x) {
        using std::pow;
        return pow(x[0], x[1]);
      },
      "pow(x0, x1)",
      {{{0.0, -2.0}, inf, {-inf, skip}, {inf, skip}},
       {{0.0, 0.0}, 1, {skip, skip}, {skip, skip}},
       {{1.0, 3.0}, 1, {3, 0}, {6, 0}}});
}

TEST(SpecialValues, AddingZeroIsNotAnIdentityAtMinusZero) {
  // IEEE: -0 + 0 = +0, -0 - 0 = -0, -0 + -0 = -0. Constant folding must keep these bits.
  auto plus = [](auto const& x) { return x[0] + 0.0; };
  run(plus, "x0 + 0", {{{-0.0, 1.0}, 0.0, {1, 0}, {0, 0}}, {{0.0, 1.0}, 0.0, {1, 0}, {0, 0}}});
  run([](auto const& x) { return x[0] - 0.0; }, "x0 - 0", {{{-0.0, 1.0}, -0.0, {1, 0}, {0, 0}}});
  run([](auto const& x) { return x[0] + x[1] + 0.0; }, "x0 + x1 + 0",
      {{{-0.0, -0.0}, 0.0, {1, 1}, {0, 0}}, {{2.0, -0.0}, 2.0, {1, 1}, {0, 0}}});
  run([](auto const& x) { return x[0] + 0.0 + x[1]; }, "x0 + 0 + x1",
      {{{-0.0, -0.0}, 0.0, {1, 1}, {0, 0}}});
}

}  // namespace
