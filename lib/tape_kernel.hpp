// lib/tape_kernel.hpp -- what the per-arch interpreter sees: instructions and raw pointers.
//
// Kept free of std:: containers and of non-template inline functions on purpose: this header
// is compiled into lib/arch/interp_{sse2,avx2,avx512}.cpp with different -m flags, and any
// inline function or std:: template instantiated there could be picked by the linker for the
// whole program (an ODR clash that executes AVX-512 code on a CPU without it).
#pragma once

#include <cstddef>
#include <cstdint>

namespace taylordiag::detail {

enum class op : std::uint8_t {
  input,     // x[a]
  constant,  // imm
  sum,       // sum of args[a .. a+b) (top bit of an arg: subtract), left to right
  mul,       // a * b
  div,       // a / b
  scale,     // a * imm; b != 0: fused into the one sum that reads it (computed there)
  divc,      // a / imm
  powi,      // a ^ int(imm), |imm| >= 3 or negative
  powr,      // a ^ imm (non-integral)
  cpow,      // imm ^ a (imm > 0)
  pow2,      // a ^ b
  atan2,     // atan2(a, b)
  hypot,     // hypot(a, b)
  min,       // min(a, b): first where tied
  max,       // max(a, b)
  // unary rules, in rules.hpp order
  exp,
  exp2,
  expm1,
  log,
  log2,
  log10,
  log1p,
  sqrt,
  cbrt,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  sinh,
  cosh,
  tanh,
  asinh,
  acosh,
  atanh,
  erf,
  erfc,
  sigmoid,
  softplus,
  abs,
  count_
};

inline constexpr std::uint32_t arg_negate = 0x80000000u;

struct instr {
  op code;
  std::uint32_t a = 0, b = 0;
  double imm = 0;
};

/// One call of the interpreter: points [p_begin, p_end) of x through the whole program.
template <class Real>
struct kernel_args {
  // The program (tape_program's arrays).
  instr const* code;
  std::size_t ncode;
  std::uint32_t const* args;
  std::uint32_t const* dep_begin;
  std::uint32_t const* dep_count;
  std::uint32_t const* dep_input;
  std::uint32_t const* map_begin;
  std::uint32_t const* map;
  std::size_t n;
  // Points: element (p, i) at x[p * x_ps + i * x_cs].
  Real const* x;
  std::size_t x_ps, x_cs;
  std::size_t p_begin, p_end;
  // Outputs, nullptr to skip.
  Real* value;
  std::size_t value_s;
  Real* grad;
  std::size_t grad_rs, grad_cs;
  Real* diag;
  std::size_t diag_rs, diag_cs;
  Real* lap;  // Laplacian, or sum_i weights[i] d2_i when weights != nullptr
  std::size_t lap_s;
  Real const* weights;
  bool derivs;  // false: values only
  // Workspace: (ncode + 2 * entries + n) * 64 bytes, 64-byte aligned (the last n slots:
  // row-major points of one batch, transposed).
  void* work;
  std::size_t entries;
};

/// Bytes of workspace per slot (the widest batch, AVX-512).
inline constexpr std::size_t slot_bytes = 64;

void tape_kernel_sse2(kernel_args<double> const&) noexcept;
void tape_kernel_sse2(kernel_args<float> const&) noexcept;
void tape_kernel_avx2(kernel_args<double> const&) noexcept;
void tape_kernel_avx2(kernel_args<float> const&) noexcept;
void tape_kernel_avx512(kernel_args<double> const&) noexcept;
void tape_kernel_avx512(kernel_args<float> const&) noexcept;

}  // namespace taylordiag::detail
