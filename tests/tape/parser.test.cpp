// tests/tape/parser.test.cpp -- the expression language: values of well-formed expressions
// (closed forms), and clean parse_errors (position, what was expected) for malformed ones.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "taylordiag/tape.hpp"

namespace {

namespace td = taylordiag;

double value_at(std::string const& expr, std::vector<double> x) {
  auto const t = td::tape::parse(expr, x.size());
  double v = 0;
  t.evaluate(td::points_view<double>::row_major(x.data(), 1, x.size()),
             td::outputs<double>{std::span<double>(&v, 1), {}, {}, {}});
  return v;
}

TEST(Parser, PrecedenceAndAssociativity) {
  std::vector<double> x = {3, 2, 0.5};
  EXPECT_EQ(value_at("-x0^2", x), -9);   // -(x^2)
  EXPECT_EQ(value_at("2^3^2", x), 512);  // right-associative
  EXPECT_EQ(value_at("2^-1", x), 0.5);
  EXPECT_EQ(value_at("x0 - x1 - x2", x), 0.5);  // left-associative
  EXPECT_EQ(value_at("x0 / x1 / x2", x), 3.0);
  EXPECT_EQ(value_at("1 + 2 * 3", x), 7);
  EXPECT_EQ(value_at("(1 + 2) * 3", x), 9);
  EXPECT_EQ(value_at("--x0", x), 3);
  EXPECT_EQ(value_at("+x0", x), 3);
  EXPECT_DOUBLE_EQ(value_at("1e-3 * x0 + 2.5E2 + .5", x), 3e-3 + 250.5);
  EXPECT_EQ(value_at("x[1] * x1", x), 4);
  EXPECT_DOUBLE_EQ(value_at("pi", x), M_PI);
  EXPECT_EQ(value_at("min(x0, x1) + max(x0, x1)", x), 5);
  EXPECT_DOUBLE_EQ(value_at("pow(x1, x2) + hypot(x0, 4) + atan2(0, 1)", x), std::sqrt(2.0) + 5);
}

TEST(Parser, EveryFunction) {
  std::vector<double> x = {0.3};
  struct c {
    char const* e;
    double v;
  };
  for (auto [e, v] : {c{"exp(x0)", std::exp(0.3)},
                      c{"exp2(x0)", std::exp2(0.3)},
                      c{"expm1(x0)", std::expm1(0.3)},
                      c{"log(x0)", std::log(0.3)},
                      c{"log2(x0)", std::log2(0.3)},
                      c{"log10(x0)", std::log10(0.3)},
                      c{"log1p(x0)", std::log1p(0.3)},
                      c{"sqrt(x0)", std::sqrt(0.3)},
                      c{"cbrt(x0)", std::cbrt(0.3)},
                      c{"sin(x0)", std::sin(0.3)},
                      c{"cos(x0)", std::cos(0.3)},
                      c{"tan(x0)", std::tan(0.3)},
                      c{"asin(x0)", std::asin(0.3)},
                      c{"acos(x0)", std::acos(0.3)},
                      c{"atan(x0)", std::atan(0.3)},
                      c{"sinh(x0)", std::sinh(0.3)},
                      c{"cosh(x0)", std::cosh(0.3)},
                      c{"tanh(x0)", std::tanh(0.3)},
                      c{"asinh(x0)", std::asinh(0.3)},
                      c{"acosh(x0 + 1)", std::acosh(1.3)},
                      c{"atanh(x0)", std::atanh(0.3)},
                      c{"erf(x0)", std::erf(0.3)},
                      c{"erfc(x0)", std::erfc(0.3)},
                      c{"sigmoid(x0)", 1 / (1 + std::exp(-0.3))},
                      c{"softplus(x0)", std::log1p(std::exp(0.3))},
                      c{"abs(-x0)", 0.3}})
    EXPECT_NEAR(value_at(e, x), v, 4e-15 * std::max(1.0, std::abs(v)))
        << e;  // xsimd vs libm: a few ulp
}

TEST(Parser, VectorForms) {
  std::vector<double> x = {1, 2, -1, 0.5};
  double s = 0, p = 1, r = 0;
  for (double v : x) s += v * v, p *= v * v - 3 * v + 1;
  for (std::size_t i = 0; i + 1 < x.size(); ++i)
    r += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
  EXPECT_DOUBLE_EQ(value_at("log(sum(x^2))", x), std::log(s));
  EXPECT_DOUBLE_EQ(value_at("prod(x^2 - 3*x + 1)", x), p);
  EXPECT_DOUBLE_EQ(value_at("sum(100*(x[i+1] - x^2)^2 + (1 - x)^2)", x), r);
  EXPECT_DOUBLE_EQ(value_at("sum((i + 1) * x)", x), 1 + 4 - 3 + 2);
  EXPECT_DOUBLE_EQ(value_at("sum(x[i-1] * x)", x), 2 - 2 - 0.5);
  EXPECT_DOUBLE_EQ(value_at("sum(x) * prod(x)", x), 2.5 * -1);
  EXPECT_DOUBLE_EQ(value_at("sum(x[i+9])", x), 0);  // empty range
}

struct bad {
  char const* expr;
  std::size_t n;
  std::size_t position;
  char const* message;  // a fragment of what()
};

TEST(Parser, MalformedExpressions) {
  for (auto const& b : {
           bad{"", 2, 0, "empty"},
           bad{"   ", 2, 3, "empty"},
           bad{"(x0 + 1", 2, 7, "expected ')'"},
           bad{"x0 + 1)", 2, 6, "unbalanced ')'"},
           bad{"())", 2, 1, "expected an expression before ')'"},
           bad{"foo(x0)", 2, 0, "unknown function 'foo'"},
           bad{"y + 1", 2, 0, "unknown name 'y'"},
           bad{"exp(x0, x1)", 2, 0, "exp() takes 1 argument, got 2"},
           bad{"atan2(x0)", 2, 0, "atan2() takes 2 arguments, got 1"},
           bad{"sin()", 2, 0, "takes 1 argument, got 0"},
           bad{"sum(x, x)", 2, 5, "sum() takes 1 argument"},
           bad{"x0 * x5", 3, 5, "index 5 out of range"},
           bad{"x[3]", 3, 0, "index 3 out of range"},
           bad{"x99999999999999", 3, 0, "out of range"},
           bad{"x + 1", 3, 0, "only allowed inside sum() or prod()"},
           bad{"i * x0", 3, 0, "only defined inside sum() or prod()"},
           bad{"1e+", 1, 3, "exponent"},
           bad{"x0 +", 1, 4, "the expression ended"},
           bad{"x0 $ x1", 2, 3, "expected an operator"},
           bad{"x0 x1", 2, 3, "expected an operator"},
           bad{"x[", 2, 2, "expected an integer index"},
           bad{"x[0", 2, 3, "expected ']'"},
           bad{"exp(x0", 2, 6, "expected ')' or ','"},
           bad{",", 2, 0, "expected a number"},
       }) {
    try {
      (void)td::tape::parse(b.expr, b.n);
      ADD_FAILURE() << "no error for '" << b.expr << "'";
    } catch (td::parse_error const& e) {
      EXPECT_EQ(e.position(), b.position) << b.expr << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos)
          << b.expr << ": " << e.what();
      EXPECT_EQ(e.argument(), "expr");
    }
  }
}

TEST(Parser, HostileSizes) {
  std::size_t const deep = 100000;
  // 100,000 nested parentheses: a clean error, no stack overflow.
  std::string nested = std::string(deep, '(') + "x0" + std::string(deep, ')');
  EXPECT_THROW((void)td::tape::parse(nested, 1), td::parse_error);
  EXPECT_THROW((void)td::tape::parse(std::string(deep, '('), 1), td::parse_error);
  EXPECT_THROW((void)td::tape::parse(std::string(deep, '-') + "x0", 1), td::parse_error);
  std::string tower = "x0";
  for (std::size_t i = 0; i < deep; ++i) tower += "^x0";
  EXPECT_THROW((void)td::tape::parse(tower, 1), td::parse_error);
  std::string calls;
  for (std::size_t i = 0; i < deep; ++i) calls += "sin(";
  EXPECT_THROW((void)td::tape::parse(calls + "x0", 1), td::parse_error);
  // Moderate nesting is fine.
  EXPECT_EQ(value_at(std::string(100, '(') + "x0" + std::string(100, ')'), {4}), 4);

  // A valid 1 MB expression parses (a long chain costs no stack) and evaluates right.
  std::string big;
  std::size_t terms = 0;
  while (big.size() < (std::size_t{1} << 20)) {  // x0+x1+...+x6+x0+...
    big += (terms ? "+x" : "x") + std::to_string(terms % 7);
    ++terms;
  }
  EXPECT_DOUBLE_EQ(value_at(big, {0, 1, 1, 1, 1, 1, 1}), double(terms - (terms + 6) / 7));
  // 1 MB of random bytes: an error, never a crash.
  std::mt19937 g(1);
  std::string junk(std::size_t{1} << 20, ' ');
  for (auto& ch : junk) ch = char(g() % 256);
  EXPECT_THROW((void)td::tape::parse(junk, 4), td::parse_error);
  // Too long.
  EXPECT_THROW((void)td::tape::parse(std::string(std::size_t{5} << 20, '1'), 1), td::parse_error);
  // A sum whose instantiation would be enormous (20 terms x 2^20) is refused cleanly.
  EXPECT_THROW((void)td::tape::parse("sum(x+x+x+x+x+x+x+x+x+x+x+x+x+x+x+x+x+x+x+x)", 1u << 20),
               td::parse_error);
}

}  // namespace
