// taylordiag/tape.hpp -- functions defined at run time: recorded once or parsed from a string.
//
// A tape is a straight-line program over the n inputs x0 .. x(n-1) with one scalar output. It
// is built either by recording a generic f (the same f the templated drivers take) or by
// parsing an expression such as "log(sum(x^2))" (grammar in docs/tape.md). Building runs
// constant folding, common-subexpression elimination, dead-code removal and a dependency
// analysis (which inputs reach each instruction), so that an instruction touched by 2 of n
// inputs carries 2 directions, not n. Evaluation runs an interpreter over blocks of points with
// SIMD (one lane per point), the instruction set chosen once per process from the CPU.
//
// Contract:
//  * tape is a value type: copies share the immutable program (cheap, thread-safe to share);
//    evaluation is const and may run concurrently on one tape from several threads.
//  * The evaluation entry points take the same views, options and outputs as the templated
//    drivers of diagonal.hpp, validate them the same way (taylordiag::error naming the
//    argument), and return the same numbers to a few ulp (FMA contraction differs by ISA).
//  * Malformed expressions raise taylordiag::parse_error (position() is a byte offset into
//    the expression, what() names what was expected there); nothing crashes on any input.
//  * Outside a function's domain the results are NaN lane by lane, as in rules.hpp.
//
// **Example**:
//     auto t = taylordiag::tape::parse("log(sum(x^2))", 3);
//     std::vector<double> x = {1, 2, 0}, lap(1);
//     t.laplacian(taylordiag::points_view<double>::row_major(x.data(), 1, 3), lap);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "taylordiag/diagonal.hpp"
#include "taylordiag/error.hpp"
#include "taylordiag/points.hpp"

namespace taylordiag {

/// A malformed expression: argument() is "expr", position() the byte offset of the problem.
class parse_error : public error {
 public:
  parse_error(std::size_t position, std::string const& message)
      : error("expr", "at position " + std::to_string(position) + ": " + message),
        position_(position) {}
  /// Byte offset into the expression where parsing stopped.
  std::size_t position() const noexcept { return position_; }

 private:
  std::size_t position_;
};

/// Which optimisation passes build() runs (all on by default; switching one off is for tests
/// and for measuring what each pass buys -- the results are the same either way).
struct tape_passes {
  bool fold_constants = true;    ///< evaluate constant sub-expressions once, x*1, x+0, ...
  bool eliminate_common = true;  ///< hash-consing: identical instructions computed once
  bool remove_dead = true;       ///< drop instructions the output does not use
  bool sparsity = true;          ///< carry per instruction only the directions that reach it
};

class tape;

namespace detail {
struct tape_program;
class tape_recording;
}  // namespace detail

/// The number type of tape::record: every operation on it appends an instruction (operations
/// on constants too; the constant-folding pass folds them). Outside a recording, operations
/// on constants are plain arithmetic and a variable raises taylordiag::error. Supports + - * / with
/// itself and doubles, and the elementary functions of functions.hpp (found by ADL, so `using
/// std::exp; exp(x)` works). Comparisons and branches cannot be recorded: a recorded f must be
/// straight-line code.
class tape_var {
 public:
  tape_var() = default;
  tape_var(double c) : node_(-1), constant_(c) {}  // NOLINT: implicit, constants mix in
  /// True when the value is a compile-time constant (no instruction).
  bool is_constant() const noexcept { return node_ < 0; }
  double constant() const noexcept { return constant_; }
  std::int64_t node() const noexcept { return node_; }
  /// For the recorder: the instruction whose result this is.
  static tape_var from_node(std::int64_t node) {
    tape_var v;
    v.node_ = node;
    return v;
  }

 private:
  std::int64_t node_ = -1;
  double constant_ = 0;
};

tape_var operator+(tape_var const& u);
tape_var operator-(tape_var const& u);
tape_var operator+(tape_var const& u, tape_var const& v);
tape_var operator-(tape_var const& u, tape_var const& v);
tape_var operator*(tape_var const& u, tape_var const& v);
tape_var operator/(tape_var const& u, tape_var const& v);
inline tape_var& operator+=(tape_var& u, tape_var const& v) {
  return u = u + v;
}
inline tape_var& operator-=(tape_var& u, tape_var const& v) {
  return u = u - v;
}
inline tape_var& operator*=(tape_var& u, tape_var const& v) {
  return u = u * v;
}
inline tape_var& operator/=(tape_var& u, tape_var const& v) {
  return u = u / v;
}
// Disambiguate int / float constants against the implicit double conversion.
template <class U>
requires std::is_arithmetic_v<U> tape_var operator+(tape_var const& u, U c) {
  return u + tape_var(double(c));
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator+(U c, tape_var const& u) {
  return tape_var(double(c)) + u;
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator-(tape_var const& u, U c) {
  return u - tape_var(double(c));
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator-(U c, tape_var const& u) {
  return tape_var(double(c)) - u;
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator*(tape_var const& u, U c) {
  return u * tape_var(double(c));
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator*(U c, tape_var const& u) {
  return tape_var(double(c)) * u;
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator/(tape_var const& u, U c) {
  return u / tape_var(double(c));
}
template <class U>
requires std::is_arithmetic_v<U> tape_var operator/(U c, tape_var const& u) {
  return tape_var(double(c)) / u;
}

tape_var exp(tape_var const& u);
tape_var exp2(tape_var const& u);
tape_var expm1(tape_var const& u);
tape_var log(tape_var const& u);
tape_var log2(tape_var const& u);
tape_var log10(tape_var const& u);
tape_var log1p(tape_var const& u);
tape_var sqrt(tape_var const& u);
tape_var cbrt(tape_var const& u);
tape_var sin(tape_var const& u);
tape_var cos(tape_var const& u);
tape_var tan(tape_var const& u);
tape_var asin(tape_var const& u);
tape_var acos(tape_var const& u);
tape_var atan(tape_var const& u);
tape_var sinh(tape_var const& u);
tape_var cosh(tape_var const& u);
tape_var tanh(tape_var const& u);
tape_var asinh(tape_var const& u);
tape_var acosh(tape_var const& u);
tape_var atanh(tape_var const& u);
tape_var erf(tape_var const& u);
tape_var erfc(tape_var const& u);
tape_var sigmoid(tape_var const& u);
tape_var softplus(tape_var const& u);
tape_var abs(tape_var const& u);
inline tape_var fabs(tape_var const& u) {
  return abs(u);
}
tape_var pow(tape_var const& u, tape_var const& v);
tape_var atan2(tape_var const& y, tape_var const& x);
tape_var hypot(tape_var const& u, tape_var const& v);
tape_var min(tape_var const& u, tape_var const& v);
tape_var max(tape_var const& u, tape_var const& v);
template <class U>
requires std::is_arithmetic_v<U> tape_var pow(tape_var const& u, U c) {
  return pow(u, tape_var(double(c)));
}
template <class U>
requires std::is_arithmetic_v<U> tape_var pow(U b, tape_var const& u) {
  return pow(tape_var(double(b)), u);
}

/// A runtime-defined f: R^n -> R, recorded or parsed, optimised, ready to evaluate.
class tape {
 public:
  /// The constant 0 in dimension 0.
  tape();

  /// Parses an expression over x0 .. x(n-1) (grammar in docs/tape.md), e.g.
  /// "log(sum(x^2))", "prod(x^2 - 3*x + 1)", "sum(100*(x[i+1]-x^2)^2 + (1-x)^2)".
  /// Throws parse_error on malformed input, taylordiag::error("n") if n is absurdly large.
  static tape parse(std::string_view expr, std::size_t n, tape_passes const& passes = {});

  /// Records f, called once as f(std::span<tape_var const>(x, n)) -- the signature the
  /// templated drivers use -- returning a tape_var or a number. f must be straight-line code.
  template <class F>
  static tape record(F&& f, std::size_t n, tape_passes const& passes = {});

  /// Number of inputs n.
  std::size_t dimension() const noexcept;
  /// Number of instructions after the passes (inputs and constants included).
  std::size_t size() const noexcept;
  /// The inputs the output depends on, ascending (structural: x*0 folded away is not one).
  std::vector<std::size_t> dependencies() const;
  /// Sum over instructions of the number of directions each carries (n * size() without
  /// the sparsity pass): the work of one diagonal evaluation, in direction-instructions.
  std::size_t direction_entries() const noexcept;
  /// A readable listing, one instruction per line (for debugging and the CLI).
  std::string listing() const;

  /// Any of value, gradient, Hessian diagonal and Laplacian at k points (as taylordiag::evaluate).
  void evaluate(points_view<double> const& x, outputs<double> const& out,
                options const& opt = {}) const;
  void evaluate(points_view<float> const& x, outputs<float> const& out,
                options const& opt = {}) const;

  /// Value, gradient and Hessian diagonal (owning result, as taylordiag::hessian_diagonal).
  diagonal_result<double> hessian_diagonal(points_view<double> const& x,
                                           options const& opt = {}) const;
  diagonal_result<float> hessian_diagonal(points_view<float> const& x,
                                          options const& opt = {}) const;

  /// Laplacian sum_i d^2 f/dx_i^2 into out (size k).
  void laplacian(points_view<double> const& x, std::span<double> out,
                 options const& opt = {}) const;
  void laplacian(points_view<float> const& x, std::span<float> out, options const& opt = {}) const;

  /// sum_i a_i d^2 f/dx_i^2 (a of size n, any signs, finite) into out (size k).
  void weighted_laplacian(points_view<double> const& x, std::span<double const> a,
                          std::span<double> out, options const& opt = {}) const;
  void weighted_laplacian(points_view<float> const& x, std::span<float const> a,
                          std::span<float> out, options const& opt = {}) const;

  /// The program (internal; for lib/ and tests).
  detail::tape_program const& program() const noexcept { return *program_; }
  explicit tape(std::shared_ptr<detail::tape_program const> p) : program_(std::move(p)) {}

 private:
  std::shared_ptr<detail::tape_program const> program_;
};

/// Instruction sets the tape interpreter was compiled for and this CPU runs, best first
/// (a subset of "avx512", "avx2", "sse2").
std::vector<std::string> tape_architectures();
/// The instruction set tape evaluation uses now.
std::string tape_architecture();
/// Forces tape evaluation onto one instruction set ("avx512", "avx2", "sse2"), process-wide;
/// "" or "auto" returns to the best one. The environment variable TAYLORDIAG_ARCH, read once
/// at the first evaluation, does the same. Throws taylordiag::error("arch") for a name that is
/// unknown or not supported by this CPU / build.
void force_tape_architecture(std::string_view name);

namespace detail {

/// The recording in progress on this thread (tape::record is not reentrant per thread).
class tape_recording {
 public:
  explicit tape_recording(std::size_t n);
  ~tape_recording();
  tape_recording(tape_recording const&) = delete;
  tape_recording& operator=(tape_recording const&) = delete;
  tape_var const* inputs() const noexcept { return inputs_.data(); }
  tape finish(tape_var const& y, tape_passes const& passes);

 private:
  std::vector<tape_var> inputs_;
  void* state_;
};

}  // namespace detail

template <class F>
tape tape::record(F&& f, std::size_t n, tape_passes const& passes) {
  detail::tape_recording rec(n);
  auto const y = f(std::span<tape_var const>(rec.inputs(), n));
  if constexpr (std::is_arithmetic_v<std::remove_cvref_t<decltype(y)>>) {
    return rec.finish(tape_var(double(y)), passes);
  } else {
    return rec.finish(tape_var(y), passes);
  }
}

}  // namespace taylordiag
