// lib/parser.cpp -- the expression language of tape::parse (grammar in docs/tape.md).
//
// Recursive descent into a small AST, then instantiation into a tape_builder (sum() and
// prod() bodies are instantiated once per index). Operator chains (a + b - c ..., a * b / c
// ...) are parsed by loops into one n-ary node, so a long expression costs no stack; nesting
// (parentheses, calls, unary minus, the right operand of ^) is capped at max_depth levels,
// so no input can overflow the stack.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "tape_program.hpp"

namespace taylordiag::detail {
namespace {

constexpr std::size_t max_depth = 128;
constexpr std::size_t max_length = std::size_t{4} << 20;
constexpr std::size_t max_parse_instructions = std::size_t{1} << 24;

enum class kind : std::uint8_t {
  number,
  input,
  vec_x,
  index_i,
  neg,
  sum,
  product,
  power,
  call,
  reduce_sum,
  reduce_prod
};

struct node {
  kind k;
  std::uint32_t pos;
  op fn = op::constant;    // call
  double num = 0;          // number
  std::int64_t index = 0;  // input: absolute index; vec_x: offset from i
  std::vector<std::uint32_t> kids;
  std::vector<std::uint8_t> flags;  // sum: 1 = subtract; product: 1 = divide
  std::uint64_t cost = 1;           // instructions it expands to (an upper bound)
};

node make(kind k, std::size_t pos) {
  node nd{};
  nd.k = k;
  nd.pos = std::uint32_t(pos);
  return nd;
}

/// A token for a message: at most 24 bytes, control and non-ASCII bytes as \xNN (messages
/// end up on terminals and in logs; a token can be megabytes long).
std::string quoted(std::string_view t) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s = "'";
  std::size_t const shown = std::min<std::size_t>(t.size(), 24);
  for (std::size_t q = 0; q < shown; ++q) {
    auto const c = static_cast<unsigned char>(t[q]);
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
      s += char(c);
    } else {
      s += "\\x";
      s += hex[c >> 4];
      s += hex[c & 15];
    }
  }
  s += t.size() > shown ? "'..." : "'";
  return s;
}

struct function_info {
  char const* name;
  op code;
  int arity;
};

constexpr function_info functions[] = {
    {"exp", op::exp, 1},           {"exp2", op::exp2, 1},   {"expm1", op::expm1, 1},
    {"log", op::log, 1},           {"log2", op::log2, 1},   {"log10", op::log10, 1},
    {"log1p", op::log1p, 1},       {"sqrt", op::sqrt, 1},   {"cbrt", op::cbrt, 1},
    {"sin", op::sin, 1},           {"cos", op::cos, 1},     {"tan", op::tan, 1},
    {"asin", op::asin, 1},         {"acos", op::acos, 1},   {"atan", op::atan, 1},
    {"sinh", op::sinh, 1},         {"cosh", op::cosh, 1},   {"tanh", op::tanh, 1},
    {"asinh", op::asinh, 1},       {"acosh", op::acosh, 1}, {"atanh", op::atanh, 1},
    {"erf", op::erf, 1},           {"erfc", op::erfc, 1},   {"sigmoid", op::sigmoid, 1},
    {"softplus", op::softplus, 1}, {"abs", op::abs, 1},     {"atan2", op::atan2, 2},
    {"hypot", op::hypot, 2},       {"min", op::min, 2},     {"max", op::max, 2},
    {"pow", op::pow2, 2},
};

struct reduce_scope {
  std::int64_t min_off = 0, max_off = 0;
};

class parser {
 public:
  parser(std::string_view s, std::size_t n) : s_(s), n_(n) {}

  std::uint32_t parse_all() {
    skip();
    if (pos_ == s_.size()) fail("expected an expression (the input is empty)");
    std::uint32_t const root = expr();
    skip();
    if (pos_ != s_.size()) {
      if (s_[pos_] == ')') fail("unbalanced ')': no matching '('");
      if (s_[pos_] == ',') fail("',' outside a function call");
      fail("expected an operator (+ - * / ^) or the end of the expression");
    }
    return root;
  }

  std::vector<node> nodes;

  [[noreturn]] void fail(std::string const& what) const { throw parse_error(pos_, what); }
  [[noreturn]] void fail_at(std::size_t p, std::string const& what) const {
    throw parse_error(p, what);
  }

 private:
  std::string_view s_;
  std::size_t n_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::vector<reduce_scope> scopes_;

  struct nest {
    parser& p;
    explicit nest(parser& q) : p(q) {
      if (++p.depth_ > max_depth)
        p.fail("nesting deeper than " + std::to_string(max_depth) + " levels");
    }
    ~nest() { --p.depth_; }
  };

  void skip() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool peek(char c) {
    skip();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  void expect(char c, std::string const& what) {
    skip();
    if (pos_ >= s_.size() || s_[pos_] != c) {
      if (pos_ >= s_.size()) fail(std::string("expected ") + what + " but the expression ended");
      fail(std::string("expected ") + what);
    }
    ++pos_;
  }
  std::uint64_t reductions_cost_ = 0;  // instructions of every sum() / prod(), each once

  std::uint32_t add(node nd) {
    // Bound the expansion before instantiating anything. A node costs what one instantiation
    // of it emits. A sum() / prod() does not depend on any enclosing index (its x and i are its
    // own), so it is instantiated once and reused: it costs n times its body once, counted in
    // reductions_cost_, and nothing where it is used (prod(prod(x)) is 2n, not n^2).
    std::uint64_t c = 1;
    for (std::uint32_t kid : nd.kids) c += nodes[kid].cost;
    if (nd.k == kind::reduce_sum || nd.k == kind::reduce_prod) {
      reductions_cost_ += std::uint64_t(n_ ? n_ : 1) * c;
      c = 0;
    }
    if (c + reductions_cost_ > max_parse_instructions)
      fail_at(nd.pos, "the expression expands to more than " +
                          std::to_string(max_parse_instructions) + " instructions");
    nd.cost = c;
    nodes.push_back(std::move(nd));
    return std::uint32_t(nodes.size() - 1);
  }

  // expr := term (('+' | '-') term)*
  std::uint32_t expr() {
    std::size_t const start = pos_;
    std::uint32_t first = term();
    if (!peek('+') && !peek('-')) return first;
    node nd = make(kind::sum, start);
    nd.kids.push_back(first);
    nd.flags.push_back(0);
    while (peek('+') || peek('-')) {
      bool const minus = s_[pos_] == '-';
      ++pos_;
      nd.kids.push_back(term());
      nd.flags.push_back(minus);
    }
    return add(std::move(nd));
  }

  // term := unary (('*' | '/') unary)*
  std::uint32_t term() {
    std::size_t const start = pos_;
    std::uint32_t first = unary();
    if (!peek('*') && !peek('/')) return first;
    node nd = make(kind::product, start);
    nd.kids.push_back(first);
    nd.flags.push_back(0);
    while (peek('*') || peek('/')) {
      bool const divide = s_[pos_] == '/';
      ++pos_;
      nd.kids.push_back(unary());
      nd.flags.push_back(divide);
    }
    return add(std::move(nd));
  }

  // unary := ('-' | '+') unary | power      (so -x^2 = -(x^2))
  std::uint32_t unary() {
    skip();
    if (peek('-') || peek('+')) {
      std::size_t const start = pos_;
      bool const minus = s_[pos_] == '-';
      ++pos_;
      nest guard(*this);
      std::uint32_t const u = unary();
      if (!minus) return u;
      if (nodes[u].k == kind::number) {  // a negative literal, so x^-2 is a constant power
        nodes[u].num = -nodes[u].num;
        nodes[u].pos = std::uint32_t(start);
        return u;
      }
      node nd = make(kind::neg, start);
      nd.kids.push_back(u);
      return add(std::move(nd));
    }
    return power();
  }

  // power := primary ('^' unary)?          (right-associative: a^b^c = a^(b^c); 2^-x allowed)
  std::uint32_t power() {
    std::size_t const start = pos_;
    std::uint32_t const base = primary();
    if (!peek('^')) return base;
    ++pos_;
    nest guard(*this);
    std::uint32_t const ex = unary();
    node nd = make(kind::power, start);
    nd.kids = {base, ex};
    return add(std::move(nd));
  }

  std::uint32_t primary() {
    skip();
    std::size_t const start = pos_;
    if (pos_ >= s_.size())
      fail("expected a number, a variable, '(' or a function call, but the expression ended");
    char const c = s_[pos_];
    if (c == '(') {
      ++pos_;
      nest guard(*this);
      std::uint32_t const e = expr();
      expect(')', "')' to close the '(' at position " + std::to_string(start));
      return e;
    }
    if ((c >= '0' && c <= '9') || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
    if (c == ')') fail("expected an expression before ')'");
    fail("expected a number, a variable, '(' or a function call, found " +
         quoted(s_.substr(pos_, 1)));
  }

  std::uint32_t number() {
    std::size_t const start = pos_;
    std::size_t p = pos_;
    auto digits = [&] {
      std::size_t const b = p;
      while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
      return p - b;
    };
    std::size_t nd = digits();
    if (p < s_.size() && s_[p] == '.') {
      ++p;
      nd += digits();
    }
    if (nd == 0) fail("expected digits in a number");
    if (p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      std::size_t q = p + 1;
      if (q < s_.size() && (s_[q] == '+' || s_[q] == '-')) ++q;
      std::size_t const b = q;
      while (q < s_.size() && s_[q] >= '0' && s_[q] <= '9') ++q;
      if (q == b) fail_at(q, "expected the digits of an exponent after 'e'");
      p = q;
    }
    double v = 0;
    auto const r = std::from_chars(s_.data() + start, s_.data() + p, v);
    if (r.ec == std::errc::result_out_of_range) {
      // As the CLI's CSV reader: underflow rounds (to a subnormal or 0, as strtod does),
      // overflow is an error rather than a silent inf.
      std::string tmp(s_.substr(start, p - start));
      v = std::strtod(tmp.c_str(), nullptr);
      if (std::isinf(v))
        fail_at(start,
                "number " + quoted(s_.substr(start, p - start)) + " is beyond the range of double");
    } else if (r.ec != std::errc() || r.ptr != s_.data() + p) {
      fail_at(start, "malformed number");
    }
    pos_ = p;
    node n = make(kind::number, start);
    n.num = v;
    return add(std::move(n));
  }

  std::int64_t integer() {  // an unsigned integer literal
    skip();
    std::size_t const b = pos_;
    std::int64_t v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      if (v > (std::int64_t{1} << 40)) fail_at(b, "index too large");
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == b) fail("expected an integer index");
    return v;
  }

  std::uint32_t input_node(std::size_t at, std::int64_t i) {
    if (i < 0 || std::uint64_t(i) >= n_)
      fail_at(at, "index " + std::to_string(i) + " out of range: the inputs are x0 .. x" +
                      (n_ ? std::to_string(n_ - 1) : std::string("(none, n = 0)")));
    node nd = make(kind::input, at);
    nd.index = i;
    return add(std::move(nd));
  }

  std::uint32_t vec_node(std::size_t at, std::int64_t off) {
    if (scopes_.empty())
      fail_at(at,
              "'x' without an index (and 'i') is only allowed inside sum() or prod(); write x0 or "
              "x[0]");
    auto& sc = scopes_.back();
    sc.min_off = std::min(sc.min_off, off);
    sc.max_off = std::max(sc.max_off, off);
    node nd = make(kind::vec_x, at);
    nd.index = off;
    return add(std::move(nd));
  }

  std::uint32_t name() {
    std::size_t const start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    std::string_view const id = s_.substr(start, pos_ - start);
    if (id == "x") {
      if (!peek('[')) return vec_node(start, 0);
      ++pos_;
      skip();
      std::uint32_t r;
      if (pos_ < s_.size() && s_[pos_] == 'i' &&
          !(pos_ + 1 < s_.size() &&
            (std::isalnum(static_cast<unsigned char>(s_[pos_ + 1])) || s_[pos_ + 1] == '_'))) {
        ++pos_;
        std::int64_t off = 0;
        if (peek('+') || peek('-')) {
          bool const minus = s_[pos_] == '-';
          ++pos_;
          off = integer();
          if (minus) off = -off;
        }
        if (off > (std::int64_t{1} << 31) || -off > (std::int64_t{1} << 31))
          fail_at(start, "index offset too large");
        r = vec_node(start, off);
      } else {
        r = input_node(start, integer());
      }
      expect(']', "']' to close the index");
      return r;
    }
    if (id.size() > 1 && id[0] == 'x' &&
        id.find_first_not_of("0123456789", 1) == std::string_view::npos) {
      if (id.size() > 12) fail_at(start, "index out of range");
      return input_node(start, std::stoll(std::string(id.substr(1))));
    }
    if (id == "i") {
      if (scopes_.empty()) fail_at(start, "'i' is only defined inside sum() or prod()");
      return add(make(kind::index_i, start));
    }
    if (id == "pi" && !peek('(')) {
      node nd = make(kind::number, start);
      nd.num = std::numbers::pi;
      return add(std::move(nd));
    }
    if (!peek('('))
      fail_at(start, "unknown name " + quoted(id) +
                         " (variables are x0 .. x(n-1), x[k], x and i inside sum/prod)");
    if (id == "sum" || id == "prod") {
      ++pos_;
      nest guard(*this);
      scopes_.push_back({});
      std::uint32_t const body = expr();
      skip();
      if (peek(',')) fail(std::string(id) + "() takes 1 argument");
      expect(')', "')' to close the call");
      node nd = make(id == "sum" ? kind::reduce_sum : kind::reduce_prod, start);
      nd.kids.push_back(body);
      reduce_scope const sc = scopes_.back();
      scopes_.pop_back();
      nd.index = sc.min_off;  // i ranges over max(0, -min_off) .. n-1-max_off
      nd.num = double(sc.max_off);
      return add(std::move(nd));
    }
    function_info const* f = nullptr;
    for (auto const& fi : functions)
      if (id == fi.name) f = &fi;
    if (!f) fail_at(start, "unknown function " + quoted(id));
    ++pos_;
    nest guard(*this);
    node nd = make(kind::call, start);
    nd.fn = f->code;
    if (peek(')'))
      fail_at(start, std::string(f->name) + "() takes " + std::to_string(f->arity) + " argument" +
                         (f->arity > 1 ? "s" : "") + ", got 0");
    nd.kids.push_back(expr());
    while (peek(',')) {
      ++pos_;
      nd.kids.push_back(expr());
    }
    if (int(nd.kids.size()) != f->arity)
      fail_at(start, std::string(f->name) + "() takes " + std::to_string(f->arity) + " argument" +
                         (f->arity > 1 ? "s" : "") + ", got " + std::to_string(nd.kids.size()));
    expect(')', "')' or ',' in the argument list");
    return add(std::move(nd));
  }
};

/// Turns the AST into instructions; `i` is the index of the innermost sum/prod.
class instantiator {
 public:
  instantiator(std::vector<node> const& nodes, tape_builder& b, std::size_t n)
      : nodes_(nodes), b_(b), n_(n), memo_(nodes.size(), none) {}

  std::uint32_t emit(std::uint32_t id, std::int64_t i) {
    node const& nd = nodes_[id];
    if (b_.size() > max_parse_instructions)
      throw parse_error(nd.pos, "the expression expands to more than " +
                                    std::to_string(max_parse_instructions) + " instructions");
    switch (nd.k) {
      case kind::number:
        return b_.constant(nd.num);
      case kind::input:
        return b_.input(std::size_t(nd.index));
      case kind::vec_x:
        return b_.input(std::size_t(i + nd.index));
      case kind::index_i:
        return b_.constant(double(i));
      case kind::neg:
        return b_.sum({emit(nd.kids[0], i) | arg_negate});
      case kind::sum: {
        std::vector<std::uint32_t> a;
        a.reserve(nd.kids.size());
        for (std::size_t q = 0; q < nd.kids.size(); ++q)
          a.push_back(emit(nd.kids[q], i) | (nd.flags[q] ? arg_negate : 0u));
        return b_.sum(a);
      }
      case kind::product: {
        std::uint32_t acc = emit(nd.kids[0], i);
        for (std::size_t q = 1; q < nd.kids.size(); ++q)
          acc = b_.binary(nd.flags[q] ? op::div : op::mul, acc, emit(nd.kids[q], i));
        return acc;
      }
      case kind::power: {
        std::uint32_t const a = emit(nd.kids[0], i);
        return b_.power(a, emit(nd.kids[1], i));
      }
      case kind::call: {
        std::uint32_t const a = emit(nd.kids[0], i);
        if (nd.kids.size() == 1) return b_.unary(nd.fn, a);
        std::uint32_t const c = emit(nd.kids[1], i);
        if (nd.fn == op::pow2) return b_.power(a, c);
        return b_.binary(nd.fn, a, c);
      }
      case kind::reduce_sum:
      case kind::reduce_prod: {
        if (memo_[id] != none) return memo_[id];  // independent of any enclosing index
        return memo_[id] = reduce(nd);
      }
    }
    return b_.constant(0.0);
  }

 private:
  static constexpr std::uint32_t none = std::uint32_t(-1);
  std::vector<node> const& nodes_;
  tape_builder& b_;
  std::size_t n_;
  std::vector<std::uint32_t> memo_;

  /// One sum() / prod() over its index range (the range leaves x[i+c] inside 0 .. n-1).
  std::uint32_t reduce(node const& nd) {
    std::int64_t const lo = std::max<std::int64_t>(0, -nd.index);
    std::int64_t const hi = std::int64_t(n_) - 1 - std::int64_t(nd.num);  // inclusive
    std::vector<std::uint32_t> terms;
    for (std::int64_t k = lo; k <= hi; ++k) terms.push_back(emit(nd.kids[0], k));
    if (nd.k == kind::reduce_sum) {
      if (terms.empty()) return b_.constant(0.0);
      return b_.sum(terms);  // left to right, as a loop s += term computes it
    }
    if (terms.empty()) return b_.constant(1.0);
    // A balanced product tree: O(n log n) directions in total, not the O(n^2) of a chain.
    while (terms.size() > 1) {
      std::vector<std::uint32_t> next;
      for (std::size_t q = 0; q + 1 < terms.size(); q += 2)
        next.push_back(b_.binary(op::mul, terms[q], terms[q + 1]));
      if (terms.size() % 2) next.push_back(terms.back());
      terms.swap(next);
    }
    return terms[0];
  }
};

}  // namespace
}  // namespace taylordiag::detail

namespace taylordiag {

tape tape::parse(std::string_view expr, std::size_t n, tape_passes const& passes) {
  if (n >= (std::size_t{1} << 31)) throw error("n", "dimension too large");
  if (expr.size() > detail::max_length)
    throw parse_error(detail::max_length, "the expression is longer than " +
                                              std::to_string(detail::max_length) + " bytes");
  detail::parser p(expr, n);
  std::uint32_t const root = p.parse_all();
  detail::tape_builder b(n);
  detail::instantiator inst(p.nodes, b, n);
  std::uint32_t const y = inst.emit(root, 0);
  return b.finish(y, passes);
}

}  // namespace taylordiag
