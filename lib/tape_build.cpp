// lib/tape_build.cpp -- recording (tape_var), the builder, the passes and the dependency analysis.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include "tape_program.hpp"
#include "taylordiag/rules.hpp"

namespace taylordiag::detail {

namespace {

constexpr char const* names[] = {"x",     "const", "sum",  "*",       "/",        "scale", "divc",
                                 "powi",  "powr",  "cpow", "pow",     "atan2",    "hypot", "min",
                                 "max",   "exp",   "exp2", "expm1",   "log",      "log2",  "log10",
                                 "log1p", "sqrt",  "cbrt", "sin",     "cos",      "tan",   "asin",
                                 "acos",  "atan",  "sinh", "cosh",    "tanh",     "asinh", "acosh",
                                 "atanh", "erf",   "erfc", "sigmoid", "softplus", "abs"};
static_assert(sizeof(names) / sizeof(names[0]) == std::size_t(op::count_));

bool is_binary(op c) {
  switch (c) {
    case op::mul:
    case op::div:
    case op::pow2:
    case op::atan2:
    case op::hypot:
    case op::min:
    case op::max:
      return true;
    default:
      return false;
  }
}
bool is_unary_like(op c) {  // one operand in a, dep set = operand's
  switch (c) {
    case op::scale:
    case op::divc:
    case op::powi:
    case op::powr:
    case op::cpow:
      return true;
    default:
      return is_unary_rule(c);
  }
}

template <class R>
double v1(double x) {
  return R::eval(x).f0;
}

}  // namespace

bool is_unary_rule(op c) noexcept {
  return c >= op::exp && c < op::count_;
}
char const* op_name(op c) noexcept {
  return names[std::size_t(c)];
}

double scalar_value(instr const& i, double const* v, std::size_t count) {
  using namespace taylordiag::rules;
  switch (i.code) {
    case op::input:
      return std::nan("");
    case op::constant:
      return i.imm;
    case op::sum: {  // operand values with their signs applied by the caller
      double s = count ? v[0] : 0.0;
      for (std::size_t k = 1; k < count; ++k) s = s + v[k];
      return s;
    }
    case op::mul:
      return v[0] * v[1];
    case op::div:
      return v[0] / v[1];
    case op::scale:
      return v[0] * i.imm;
    case op::divc:
      return v[0] / i.imm;
    case op::powi:
      return ipow_rule::ipow(v[0], int(i.imm));
    case op::powr:
      return pow_rule::eval(v[0], i.imm).f0;
    case op::cpow:
      return scalar_pow_rule::eval(i.imm, v[0]).f0;
    case op::pow2:
      return pow2_rule::eval(v[0], v[1]).f;
    case op::atan2:
      return atan2_rule::eval(v[0], v[1]).f;
    case op::hypot:
      return hypot_rule::eval(v[0], v[1]).f;
    case op::min:
      return v[1] < v[0] ? v[1] : v[0];
    case op::max:
      return v[0] < v[1] ? v[1] : v[0];
    case op::exp:
      return v1<exp_rule>(v[0]);
    case op::exp2:
      return v1<exp2_rule>(v[0]);
    case op::expm1:
      return v1<expm1_rule>(v[0]);
    case op::log:
      return v1<log_rule>(v[0]);
    case op::log2:
      return v1<log2_rule>(v[0]);
    case op::log10:
      return v1<log10_rule>(v[0]);
    case op::log1p:
      return v1<log1p_rule>(v[0]);
    case op::sqrt:
      return v1<sqrt_rule>(v[0]);
    case op::cbrt:
      return v1<cbrt_rule>(v[0]);
    case op::sin:
      return v1<sin_rule>(v[0]);
    case op::cos:
      return v1<cos_rule>(v[0]);
    case op::tan:
      return v1<tan_rule>(v[0]);
    case op::asin:
      return v1<asin_rule>(v[0]);
    case op::acos:
      return v1<acos_rule>(v[0]);
    case op::atan:
      return v1<atan_rule>(v[0]);
    case op::sinh:
      return v1<sinh_rule>(v[0]);
    case op::cosh:
      return v1<cosh_rule>(v[0]);
    case op::tanh:
      return v1<tanh_rule>(v[0]);
    case op::asinh:
      return v1<asinh_rule>(v[0]);
    case op::acosh:
      return v1<acosh_rule>(v[0]);
    case op::atanh:
      return v1<atanh_rule>(v[0]);
    case op::erf:
      return v1<erf_rule>(v[0]);
    case op::erfc:
      return v1<erfc_rule>(v[0]);
    case op::sigmoid:
      return v1<sigmoid_rule>(v[0]);
    case op::softplus:
      return v1<softplus_rule>(v[0]);
    case op::abs:
      return v1<abs_rule>(v[0]);
    case op::count_:
      break;
  }
  return std::nan("");
}

// ---- builder ------------------------------------------------------------------------------

tape_builder::tape_builder(std::size_t n) {
  prog_.n = n;
}

std::uint32_t tape_builder::push(instr i) {
  if (prog_.code.size() >= max_instructions)
    throw error("f", "more than " + std::to_string(max_instructions) + " instructions");
  prog_.code.push_back(i);
  return std::uint32_t(prog_.code.size() - 1);
}

std::uint32_t tape_builder::input(std::size_t i) {
  if (i >= prog_.n)
    throw error("x",
                "index " + std::to_string(i) + " out of range for n = " + std::to_string(prog_.n));
  return push({op::input, std::uint32_t(i), 0, 0});
}
std::uint32_t tape_builder::constant(double c) {
  return push({op::constant, 0, 0, c});
}

std::uint32_t tape_builder::unary(op c, std::uint32_t a, double imm) {
  return push({c, a, 0, imm});
}

std::uint32_t tape_builder::binary(op c, std::uint32_t a, std::uint32_t b) {
  // A constant factor / divisor multiplies every coefficient, as the jets' scalar operators do.
  if (c == op::mul && is_constant(b) && !is_constant(a))
    return push({op::scale, a, 0, constant_value(b)});
  if (c == op::mul && is_constant(a) && !is_constant(b))
    return push({op::scale, b, 0, constant_value(a)});
  if (c == op::div && is_constant(b) && !is_constant(a))
    return push({op::divc, a, 0, constant_value(b)});
  return push({c, a, b, 0});
}

std::uint32_t tape_builder::sum(std::vector<std::uint32_t> const& signed_args) {
  std::uint32_t const off = std::uint32_t(prog_.args.size());
  prog_.args.insert(prog_.args.end(), signed_args.begin(), signed_args.end());
  return push({op::sum, off, std::uint32_t(signed_args.size()), 0});
}

power_lowering lower_power(std::uint32_t a, double c) {
  // As taylordiag::pow(J, c): an integral c by repeated multiplication (exact in sign for
  // a < 0, exact at a = 0, inf at 0 for c < 0), anything else through pow_rule.
  if (std::nearbyint(c) == c && std::abs(c) <= 1024) {
    int const k = int(c);
    if (k == 0) return {power_lowering::one, {}};
    if (k == 1) return {power_lowering::self, {}};
    if (k == 2) return {power_lowering::instruction, {op::mul, a, a, 0}};
    return {power_lowering::instruction, {op::powi, a, 0, c}};
  }
  return {power_lowering::instruction, {op::powr, a, 0, c}};
}

std::uint32_t tape_builder::power(std::uint32_t a, std::uint32_t b) {
  if (is_constant(b)) {
    auto const l = lower_power(a, constant_value(b));
    if (l.kind == power_lowering::one) return constant(1.0);
    if (l.kind == power_lowering::self) return a;
    return push(l.i);
  }
  if (is_constant(a)) return push({op::cpow, b, 0, constant_value(a)});
  return push({op::pow2, a, b, 0});
}

tape tape_builder::finish(std::uint32_t y, tape_passes const& passes) {
  if (y >= prog_.code.size()) throw error("f", "no output");
  keep_output_last(prog_, y);
  tape_program p = std::move(prog_);
  if (passes.fold_constants) p = fold_constants(p);
  if (passes.eliminate_common) p = eliminate_common(p);
  if (passes.remove_dead) p = flatten_sums(p);
  if (passes.remove_dead) p = remove_dead(p);
  if (passes.remove_dead && passes.sparsity) fuse_scales(p);
  analyse(p, passes.sparsity);
  return tape(std::make_shared<tape_program const>(std::move(p)));
}

// ---- passes -------------------------------------------------------------------------------

void keep_output_last(tape_program& p, std::uint32_t y) {
  if (y + 1 == p.code.size()) return;
  if (p.code.size() >= max_instructions)
    throw error("f", "more than " + std::to_string(max_instructions) + " instructions");
  p.code.push_back({op::sum, std::uint32_t(p.args.size()), 1, 0});
  p.args.push_back(y);
}

namespace {

/// Rewrites operand indices through `to` (old -> new).
void remap(instr& i, std::vector<std::uint32_t>& args, std::vector<std::uint32_t> const& to) {
  if (i.code == op::sum) {
    for (std::uint32_t k = 0; k < i.b; ++k) {
      std::uint32_t& a = args[i.a + k];
      a = (a & arg_negate) | to[a & ~arg_negate];
    }
  } else if (is_binary(i.code)) {
    i.a = to[i.a];
    i.b = to[i.b];
  } else if (is_unary_like(i.code)) {
    i.a = to[i.a];
  }
}

}  // namespace

tape_program fold_constants(tape_program const& p) {
  tape_program q;
  q.n = p.n;
  std::vector<std::uint32_t> to(p.code.size());
  auto is_const = [&](std::uint32_t j) { return q.code[j].code == op::constant; };
  auto cval = [&](std::uint32_t j) { return q.code[j].imm; };
  auto push = [&](instr i) {
    q.code.push_back(i);
    return std::uint32_t(q.code.size() - 1);
  };
  for (std::size_t j = 0; j < p.code.size(); ++j) {
    instr i = p.code[j];
    if (i.code == op::sum) {
      std::vector<std::uint32_t> a(p.args.begin() + i.a, p.args.begin() + i.a + i.b);
      for (auto& x : a) x = (x & arg_negate) | to[x & ~arg_negate];
      bool all = true;
      for (auto x : a) all = all && is_const(x & ~arg_negate);
      if (all) {
        double s = 0;
        for (std::size_t k = 0; k < a.size(); ++k) {
          double const v = cval(a[k] & ~arg_negate);
          bool const neg = a[k] & arg_negate;
          s = k == 0 ? (neg ? -v : v) : (neg ? s - v : s + v);
        }
        to[j] = push({op::constant, 0, 0, s});
        continue;
      }
      // Zero terms (not a leading 0: 0 - x is -x, keep the sign convention of the jets).
      // Adding -0 is exact for every x, adding +0 is exact except that it turns a -0 sum
      // into +0 (IEEE: a sum is -0 only if every term is -0). So -0 terms go, and the +0
      // terms become one +0 added last, which gives the same bits as the original order.
      std::vector<std::uint32_t> kept;
      std::uint32_t plus_zero = ~std::uint32_t{0};
      for (std::size_t k = 0; k < a.size(); ++k) {
        std::uint32_t const x = a[k] & ~arg_negate;
        if (k > 0 && is_const(x) && cval(x) == 0.0) {
          if (std::signbit(cval(x)) == bool(a[k] & arg_negate)) plus_zero = a[k];
          continue;
        }
        kept.push_back(a[k]);
      }
      if (plus_zero != ~std::uint32_t{0}) kept.push_back(plus_zero);
      if (kept.size() == 1 && !(kept[0] & arg_negate)) {
        to[j] = kept[0];
        continue;
      }
      i.a = std::uint32_t(q.args.size());
      i.b = std::uint32_t(kept.size());
      q.args.insert(q.args.end(), kept.begin(), kept.end());
      to[j] = push(i);
      continue;
    }
    remap(i, q.args, to);
    if (i.code != op::input && i.code != op::constant) {
      bool const bin = is_binary(i.code);
      bool const all = is_const(i.a) && (!bin || is_const(i.b));
      if (all) {
        double v[2] = {cval(i.a), bin ? cval(i.b) : 0.0};
        to[j] = push({op::constant, 0, 0, scalar_value(i, v, bin ? 2 : 1)});
        continue;
      }
      // A factor or divisor that folded to a constant scales every coefficient, as the
      // jets' scalar operators do.
      if (i.code == op::mul && (is_const(i.a) != is_const(i.b))) {
        bool const ca = is_const(i.a);
        i = {op::scale, ca ? i.b : i.a, 0, cval(ca ? i.a : i.b)};
      } else if (i.code == op::div && is_const(i.b)) {
        i = {op::divc, i.a, 0, cval(i.b)};
      } else if (i.code == op::pow2 && is_const(i.b)) {
        // An exponent that folded to a constant (x^(0-2), x^(2*3)) takes the constant
        // exponent's rules, as the builder gives a literal one.
        auto const l = lower_power(i.a, cval(i.b));
        if (l.kind == power_lowering::one) {
          to[j] = push({op::constant, 0, 0, 1.0});
          continue;
        }
        if (l.kind == power_lowering::self) {
          to[j] = i.a;
          continue;
        }
        i = l.i;
      } else if (i.code == op::pow2 && is_const(i.a)) {
        i = {op::cpow, i.b, 0, cval(i.a)};
      }
      if ((i.code == op::scale || i.code == op::divc) && i.imm == 1.0) {
        to[j] = i.a;
        continue;
      }
    }
    to[j] = push(i);
  }
  // x*1, x+0, x^1 at the top rewrite the output onto an earlier instruction.
  keep_output_last(q, to.back());
  return q;
}

namespace {

/// An instruction as a hash key: sums by their operand list (in the program being built, so
/// a candidate's operands are appended there before the lookup), the rest by their fields,
/// imm bitwise (0.0 and -0.0 stay apart, NaN constants too).
struct common_key {
  tape_program const* q;
  std::size_t operator()(instr const& i) const noexcept {
    std::uint64_t h = std::uint64_t(i.code) * 0x9e3779b97f4a7c15ull;
    auto mix = [&](std::uint64_t v) { h = (h ^ v) * 0xff51afd7ed558ccdull, h ^= h >> 32; };
    if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k) mix(q->args[i.a + k]);
      mix(i.b);
    } else {
      mix(i.a), mix(i.b), mix(std::bit_cast<std::uint64_t>(i.imm));
    }
    return std::size_t(h);
  }
  bool operator()(instr const& x, instr const& y) const noexcept {
    if (x.code != y.code || x.b != y.b) return false;
    if (x.code == op::sum)
      return std::equal(q->args.begin() + x.a, q->args.begin() + x.a + x.b, q->args.begin() + y.a);
    return x.a == y.a && std::bit_cast<std::uint64_t>(x.imm) == std::bit_cast<std::uint64_t>(y.imm);
  }
};

}  // namespace

tape_program eliminate_common(tape_program const& p) {
  tape_program q;
  q.n = p.n;
  q.code.reserve(p.code.size());
  q.args.reserve(p.args.size());
  std::vector<std::uint32_t> to(p.code.size());
  common_key const key{&q};
  // Open addressing over indices into q.code (a node-based map costs a cache miss and an
  // allocation per instruction: 10^7 instructions took seconds).
  std::size_t cap = 16;
  while (cap < 2 * p.code.size()) cap *= 2;
  // A slot holds (hash << 32 | index): most mismatches are rejected without touching q.code.
  constexpr std::uint64_t empty = ~std::uint64_t{0};
  std::vector<std::uint64_t> slot(cap, empty);
  for (std::size_t j = 0; j < p.code.size(); ++j) {
    instr i = p.code[j];
    std::size_t const args_before = q.args.size();
    if (i.code == op::sum) {
      i.a = std::uint32_t(args_before);
      for (std::uint32_t k = 0; k < i.b; ++k) {
        std::uint32_t const x = p.args[p.code[j].a + k];
        q.args.push_back((x & arg_negate) | to[x & ~arg_negate]);
      }
    } else {
      remap(i, q.args, to);
    }
    std::uint64_t const hash = key(i), tag = hash >> 32 << 32;
    std::size_t h = hash & (cap - 1);
    while (slot[h] != empty &&
           ((slot[h] & ~0xffffffffull) != tag || !key(q.code[std::uint32_t(slot[h])], i)))
      h = (h + 1) & (cap - 1);
    if (slot[h] == empty) {
      slot[h] = tag | q.code.size();
      q.code.push_back(i);
    } else {
      q.args.resize(args_before);  // the candidate's operands: the sum exists already
    }
    to[j] = std::uint32_t(slot[h]);
  }
  keep_output_last(q, to.back());  // merged into an earlier instruction
  return q;
}

tape_program flatten_sums(tape_program const& p) {
  // A sum whose first operand is a sum used only there continues that sum (left to right, as
  // the chain ((a + b) + c) + d computes it): one instruction with n operands instead of a
  // chain whose dependency sets grow 1, 2, ..., n (O(n^2) directions).
  std::vector<std::uint32_t> uses(p.code.size(), 0);
  for (auto const& i : p.code) {
    if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k) ++uses[p.args[i.a + k] & ~arg_negate];
    } else if (is_binary(i.code)) {
      ++uses[i.a], ++uses[i.b];
    } else if (is_unary_like(i.code)) {
      ++uses[i.a];
    }
  }
  tape_program q = p;
  q.args.clear();
  std::vector<std::vector<std::uint32_t>> flat(p.code.size());
  for (std::size_t j = 0; j < p.code.size(); ++j) {
    instr& i = q.code[j];
    if (i.code != op::sum) continue;
    std::vector<std::uint32_t> a(p.args.begin() + i.a, p.args.begin() + i.a + i.b);
    std::uint32_t const first = a[0];
    if (!(first & arg_negate) && p.code[first].code == op::sum && uses[first] == 1) {
      std::vector<std::uint32_t> merged = std::move(flat[first]);
      merged.insert(merged.end(), a.begin() + 1, a.end());
      a = std::move(merged);
    }
    flat[j] = std::move(a);
  }
  for (std::size_t j = 0; j < q.code.size(); ++j) {
    instr& i = q.code[j];
    if (i.code != op::sum) continue;
    i.a = std::uint32_t(q.args.size());
    i.b = std::uint32_t(flat[j].size());
    q.args.insert(q.args.end(), flat[j].begin(), flat[j].end());
  }
  return q;  // the absorbed sums are now dead: remove_dead drops them
}

void fuse_scales(tape_program& p) {
  // c * u read by one sum only (a weighted term w_ij * x_j of a linear layer, 100 * t^2 of a
  // Rosenbrock term): the sum computes it on the fly, so its entries are never stored and
  // reloaded (analyse() aliases them to u's). The output itself is never fused.
  std::size_t const m = p.code.size();
  std::vector<std::uint32_t> uses(m, 0), in_sum(m, 0);
  for (auto const& i : p.code) {
    if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k) {
        std::uint32_t const s = p.args[i.a + k] & ~arg_negate;
        ++uses[s], ++in_sum[s];
      }
    } else if (is_binary(i.code)) {
      ++uses[i.a], ++uses[i.b];
    } else if (is_unary_like(i.code)) {
      ++uses[i.a];
    }
  }
  for (std::size_t j = 0; j + 1 < m; ++j) {
    instr& i = p.code[j];
    if (i.code == op::scale && uses[j] == 1 && in_sum[j] == 1) i.b = 1;
  }
}

tape_program remove_dead(tape_program const& p) {
  std::size_t const m = p.code.size();
  std::vector<char> live(m, 0);
  live[m - 1] = 1;
  for (std::size_t j = m; j-- > 0;) {
    if (!live[j]) continue;
    instr const& i = p.code[j];
    if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k) live[p.args[i.a + k] & ~arg_negate] = 1;
    } else if (is_binary(i.code)) {
      live[i.a] = live[i.b] = 1;
    } else if (is_unary_like(i.code)) {
      live[i.a] = 1;
    }
  }
  tape_program q;
  q.n = p.n;
  std::vector<std::uint32_t> to(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    if (!live[j]) continue;
    instr i = p.code[j];
    if (i.code == op::sum) {
      std::uint32_t const off = std::uint32_t(q.args.size());
      for (std::uint32_t k = 0; k < i.b; ++k) {
        std::uint32_t const x = p.args[i.a + k];
        q.args.push_back((x & arg_negate) | to[x & ~arg_negate]);
      }
      i.a = off;
    } else {
      remap(i, q.args, to);
    }
    to[j] = std::uint32_t(q.code.size());
    q.code.push_back(i);
  }
  return q;
}

void analyse(tape_program& p, bool sparse) {
  // Linear in the entries and map words it writes (plus a sort per sum), and bounded before
  // each instruction's share is stored: a hostile or accidentally dense tape (sum chains with
  // the passes off, the dense layout at large n) ends in a clear error, not in gigabytes.
  std::size_t const m = p.code.size();
  p.sparse = sparse;
  p.dep_begin.assign(m, 0);
  p.dep_count.assign(m, 0);
  p.map_begin.assign(m, 0);
  p.dep_input.assign(1, 0);
  p.map.clear();
  std::size_t entries = 1;
  auto deps = [&](std::uint32_t j) {
    return std::span<std::uint32_t const>(p.dep_input.data() + p.dep_begin[j], p.dep_count[j]);
  };
  auto entry_of = [&](std::uint32_t j, std::uint32_t input) -> std::uint32_t {
    auto d = deps(j);
    auto it = std::lower_bound(d.begin(), d.end(), input);
    if (it == d.end() || *it != input) return 0;
    return p.dep_begin[j] + std::uint32_t(it - d.begin());
  };
  auto check = [&](std::size_t more_entries, std::size_t more_map) {
    if (entries + more_entries > max_entries)
      throw error("f", "the tape needs more than " + std::to_string(max_entries) +
                           " direction entries (a workspace of 2 GiB per thread; too many inputs "
                           "reach too many instructions" +
                           std::string(sparse ? ")" : "; the dense layout gives every one all n)"));
    if (entries + more_entries + p.map.size() + more_map > max_layout_words)
      throw error("f", "the tape needs more than " + std::to_string(max_layout_words) +
                           " direction entries and map words (too many inputs reach too many "
                           "instructions" +
                           std::string(sparse ? ")" : "; the dense layout gives every one all n)"));
  };
  if (!sparse) {  // every non-constant instruction gets all n: the whole size is known now
    std::size_t words = 0, with_entries = 0;
    for (auto const& i : p.code) {
      if (i.code == op::constant) continue;
      std::size_t const per = 1 + (i.code == op::sum ? i.b : is_binary(i.code) ? 2 : 0);
      words += per;
      ++with_entries;
      if (words > max_layout_words / (p.n ? p.n : 1)) check(0, max_layout_words);
      if (with_entries > max_entries / (p.n ? p.n : 1)) check(max_entries, 0);
    }
  }
  std::vector<std::uint32_t> set;
  std::vector<std::uint32_t> seen(sparse ? p.n : 0, std::uint32_t(-1));  // input -> last sum j
  for (std::size_t j = 0; j < m; ++j) {
    instr const& i = p.code[j];
    set.clear();
    std::size_t map_words = 0;
    if (i.code == op::input) {
      if (sparse) set.push_back(i.a);
    } else if (i.code == op::constant) {
    } else if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k)
        map_words += p.dep_count[p.args[i.a + k] & ~arg_negate];
      if (sparse) {
        check(0, map_words);  // the union is no larger than the operands' entries
        for (std::uint32_t k = 0; k < i.b; ++k)
          for (std::uint32_t in : deps(p.args[i.a + k] & ~arg_negate))
            if (seen[in] != j) seen[in] = std::uint32_t(j), set.push_back(in);
        std::sort(set.begin(), set.end());
      }
    } else if (is_binary(i.code)) {
      auto da = deps(i.a), db = deps(i.b);
      if (sparse)
        std::set_union(da.begin(), da.end(), db.begin(), db.end(), std::back_inserter(set));
    } else if (i.code == op::scale && i.b) {  // fused (fuse_scales): the operand's entries
      p.dep_begin[j] = p.dep_begin[i.a];
      p.dep_count[j] = p.dep_count[i.a];
      p.map_begin[j] = std::uint32_t(p.map.size());
      continue;
    } else if (sparse) {
      auto d = deps(i.a);
      set.assign(d.begin(), d.end());
    }
    if (!sparse && i.code != op::constant) {
      check(p.n, i.code == op::sum ? map_words : is_binary(i.code) ? 2 * p.n : 0);
      set.resize(p.n);
      for (std::size_t r = 0; r < p.n; ++r) set[r] = std::uint32_t(r);
    }
    if (is_binary(i.code)) map_words = 2 * set.size();
    check(set.size(), map_words);
    p.dep_begin[j] = std::uint32_t(entries);
    p.dep_count[j] = std::uint32_t(set.size());
    p.dep_input.insert(p.dep_input.end(), set.begin(), set.end());
    entries += set.size();
    p.map_begin[j] = std::uint32_t(p.map.size());
    if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k)
        for (std::uint32_t in : deps(p.args[i.a + k] & ~arg_negate))
          p.map.push_back(entry_of(std::uint32_t(j), in));
    } else if (is_binary(i.code)) {
      for (std::uint32_t in : set) {
        p.map.push_back(entry_of(i.a, in));
        p.map.push_back(entry_of(i.b, in));
      }
    }
  }
  p.entries = entries;
}

// ---- recording ----------------------------------------------------------------------------

namespace {
thread_local tape_builder* current = nullptr;

tape_builder& builder_for(char const* what) {
  if (current == nullptr)
    throw error("tape_var", std::string(what) + " on a variable outside tape::record");
  return *current;
}

std::uint32_t node_of(tape_builder& b, tape_var const& v) {
  if (v.is_constant()) return b.constant(v.constant());
  if (std::size_t(v.node()) >= b.size())
    throw error("tape_var", "a variable from another recording");
  return std::uint32_t(v.node());
}

tape_var un(op c, tape_var const& u) {
  if (u.is_constant() && current == nullptr) {
    instr i{c, 0, 0, 0};
    double const v = u.constant();
    return tape_var(scalar_value(i, &v, 1));
  }
  auto& b = builder_for(op_name(c));
  return tape_var::from_node(b.unary(c, node_of(b, u)));
}

tape_var bin(op c, tape_var const& u, tape_var const& v) {
  if (u.is_constant() && v.is_constant() && current == nullptr) {
    instr i{c, 0, 0, 0};
    double const x[2] = {u.constant(), v.constant()};
    return tape_var(scalar_value(i, x, 2));
  }
  auto& b = builder_for(op_name(c));
  std::uint32_t const a = node_of(b, u), bb = node_of(b, v);
  if (c == op::pow2) return tape_var::from_node(b.power(a, bb));
  return tape_var::from_node(b.binary(c, a, bb));
}

tape_var add(tape_var const& u, tape_var const& v, bool negate_v) {
  if (u.is_constant() && v.is_constant() && current == nullptr)
    return tape_var(negate_v ? u.constant() - v.constant() : u.constant() + v.constant());
  auto& b = builder_for("+");
  std::uint32_t const a = node_of(b, u), bb = node_of(b, v);
  return tape_var::from_node(b.sum({a, bb | (negate_v ? arg_negate : 0u)}));
}
}  // namespace

tape_recording::tape_recording(std::size_t n) : state_(nullptr) {
  if (current != nullptr)
    throw error("f", "tape::record called while recording on the same thread");
  if (n >= (std::size_t{1} << 31)) throw error("n", "dimension too large");
  auto* b = new tape_builder(n);
  state_ = b;
  current = b;
  inputs_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) inputs_.push_back(tape_var::from_node(b->input(i)));
}

tape_recording::~tape_recording() {
  current = nullptr;
  delete static_cast<tape_builder*>(state_);
}

tape tape_recording::finish(tape_var const& y, tape_passes const& passes) {
  auto& b = *static_cast<tape_builder*>(state_);
  std::uint32_t const out = node_of(b, y);
  current = nullptr;
  return b.finish(out, passes);
}

}  // namespace taylordiag::detail

namespace taylordiag {

using detail::op;

tape_var operator+(tape_var const& u) {
  return u;
}
tape_var operator-(tape_var const& u) {
  if (u.is_constant() && detail::current == nullptr) return tape_var(-u.constant());
  auto& b = detail::builder_for("-");
  return tape_var::from_node(b.sum({detail::node_of(b, u) | detail::arg_negate}));
}
tape_var operator+(tape_var const& u, tape_var const& v) {
  return detail::add(u, v, false);
}
tape_var operator-(tape_var const& u, tape_var const& v) {
  return detail::add(u, v, true);
}
tape_var operator*(tape_var const& u, tape_var const& v) {
  return detail::bin(op::mul, u, v);
}
tape_var operator/(tape_var const& u, tape_var const& v) {
  return detail::bin(op::div, u, v);
}

#define TAYLORDIAG_TAPE_UNARY(name)  \
  tape_var name(tape_var const& u) { \
    return detail::un(op::name, u);  \
  }
TAYLORDIAG_TAPE_UNARY(exp)
TAYLORDIAG_TAPE_UNARY(exp2)
TAYLORDIAG_TAPE_UNARY(expm1)
TAYLORDIAG_TAPE_UNARY(log)
TAYLORDIAG_TAPE_UNARY(log2)
TAYLORDIAG_TAPE_UNARY(log10)
TAYLORDIAG_TAPE_UNARY(log1p)
TAYLORDIAG_TAPE_UNARY(sqrt)
TAYLORDIAG_TAPE_UNARY(cbrt)
TAYLORDIAG_TAPE_UNARY(sin)
TAYLORDIAG_TAPE_UNARY(cos)
TAYLORDIAG_TAPE_UNARY(tan)
TAYLORDIAG_TAPE_UNARY(asin)
TAYLORDIAG_TAPE_UNARY(acos)
TAYLORDIAG_TAPE_UNARY(atan)
TAYLORDIAG_TAPE_UNARY(sinh)
TAYLORDIAG_TAPE_UNARY(cosh)
TAYLORDIAG_TAPE_UNARY(tanh)
TAYLORDIAG_TAPE_UNARY(asinh)
TAYLORDIAG_TAPE_UNARY(acosh)
TAYLORDIAG_TAPE_UNARY(atanh)
TAYLORDIAG_TAPE_UNARY(erf)
TAYLORDIAG_TAPE_UNARY(erfc)
TAYLORDIAG_TAPE_UNARY(sigmoid)
TAYLORDIAG_TAPE_UNARY(softplus)
TAYLORDIAG_TAPE_UNARY(abs)
#undef TAYLORDIAG_TAPE_UNARY

tape_var pow(tape_var const& u, tape_var const& v) {
  return detail::bin(op::pow2, u, v);
}
tape_var atan2(tape_var const& y, tape_var const& x) {
  return detail::bin(op::atan2, y, x);
}
tape_var hypot(tape_var const& u, tape_var const& v) {
  return detail::bin(op::hypot, u, v);
}
tape_var min(tape_var const& u, tape_var const& v) {
  return detail::bin(op::min, u, v);
}
tape_var max(tape_var const& u, tape_var const& v) {
  return detail::bin(op::max, u, v);
}

// ---- tape ---------------------------------------------------------------------------------

tape::tape() {
  auto p = std::make_shared<detail::tape_program>();
  p->code.push_back({op::constant, 0, 0, 0.0});
  detail::analyse(*p, true);
  program_ = std::move(p);
}

std::size_t tape::dimension() const noexcept {
  return program_->n;
}
std::size_t tape::size() const noexcept {
  return program_->code.size();
}
std::size_t tape::direction_entries() const noexcept {
  return program_->entries - 1;
}

std::vector<std::size_t> tape::dependencies() const {
  auto const& p = *program_;
  std::size_t const j = p.code.size() - 1;
  std::vector<std::size_t> d;
  for (std::uint32_t e = 0; e < p.dep_count[j]; ++e) d.push_back(p.dep_input[p.dep_begin[j] + e]);
  if (!p.sparse) {  // dense layout: report the structural dependencies anyway
    detail::tape_program q = p;
    detail::analyse(q, true);
    return tape(std::make_shared<detail::tape_program const>(std::move(q))).dependencies();
  }
  return d;
}

std::string tape::listing() const {
  auto const& p = *program_;
  std::ostringstream os;
  os.precision(17);
  for (std::size_t j = 0; j < p.code.size(); ++j) {
    auto const& i = p.code[j];
    os << '%' << j << " = " << detail::op_name(i.code);
    if (i.code == op::input) {
      os << i.a;
    } else if (i.code == op::constant) {
      os << ' ' << i.imm;
    } else if (i.code == op::sum) {
      for (std::uint32_t k = 0; k < i.b; ++k) {
        std::uint32_t const a = p.args[i.a + k];
        os << ' ' << ((a & detail::arg_negate) ? '-' : '+') << '%' << (a & ~detail::arg_negate);
      }
    } else {
      os << " %" << i.a;
      if (detail::is_binary(i.code)) os << " %" << i.b;
      if (i.code == op::scale || i.code == op::divc || i.code == op::powi || i.code == op::powr ||
          i.code == op::cpow)
        os << ' ' << i.imm;
    }
    os << "   ; " << p.dep_count[j] << " dir\n";
  }
  return os.str();
}

}  // namespace taylordiag
