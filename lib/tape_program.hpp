// lib/tape_program.hpp -- the tape's instruction set, its program and the passes (internal).
//
// A program is a list of instructions in topological order; the last one is the output.
// Instruction j reads earlier instructions only. After the dependency pass, instruction j
// carries dep_count[j] directions -- the inputs that reach it, ascending -- whose first and
// second derivatives live at entries [dep_begin[j], dep_begin[j] + dep_count[j]) of the
// interpreter's coefficient arrays. Entry 0 is a permanent zero, so a binary instruction
// reads "the operand has no such direction" as 0, branch-free, exactly as the dense jets do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tape_kernel.hpp"
#include "taylordiag/tape.hpp"

namespace taylordiag::detail {

bool is_unary_rule(op c) noexcept;
/// Name of an op as the parser spells it ("exp", "+", ...).
char const* op_name(op c) noexcept;

/// The program: instructions plus the sparsity layout the interpreter needs.
struct tape_program {
  std::size_t n = 0;
  std::vector<instr> code;
  std::vector<std::uint32_t> args;  // operands of sum
  // Sparsity layout (filled by analyse()).
  std::vector<std::uint32_t> dep_begin;  // per instruction, absolute entry (>= 1)
  std::vector<std::uint32_t> dep_count;
  std::vector<std::uint32_t> dep_input;  // entry -> input index (entry 0 unused)
  std::vector<std::uint32_t> map_begin;  // per instruction, offset into map
  std::vector<std::uint32_t> map;        // binary: 2 source entries per result entry;
                                         // sum: one target entry per operand entry
  std::size_t entries = 1;               // including the zero entry
  bool sparse = true;
};

/// Raw recording / parsing target: appends instructions, no optimisation.
class tape_builder {
 public:
  explicit tape_builder(std::size_t n);
  std::uint32_t input(std::size_t i);
  std::uint32_t constant(double c);
  std::uint32_t unary(op c, std::uint32_t a, double imm = 0);
  std::uint32_t binary(op c, std::uint32_t a, std::uint32_t b);
  std::uint32_t sum(std::vector<std::uint32_t> const& signed_args);
  /// pow with either operand possibly constant (dispatches to powi / powr / cpow / pow2 / mul).
  std::uint32_t power(std::uint32_t a, std::uint32_t b);
  bool is_constant(std::uint32_t a) const { return prog_.code[a].code == op::constant; }
  double constant_value(std::uint32_t a) const { return prog_.code[a].imm; }
  std::size_t size() const { return prog_.code.size(); }
  /// Finishes with output y: runs the passes and the dependency analysis.
  tape finish(std::uint32_t y, tape_passes const& passes);

 private:
  std::uint32_t push(instr i);
  tape_program prog_;
};

/// How u^c for a constant c is computed: 1, u itself, or one instruction (mul, powi, powr).
struct power_lowering {
  enum kind_t { one, self, instruction } kind;
  instr i;
};
power_lowering lower_power(std::uint32_t a, double c);

/// Upper bound on instructions (parsing or recording beyond it raises taylordiag::error).
inline constexpr std::size_t max_instructions = std::size_t{1} << 25;

/// Makes instruction y the output: appends a one-operand sum reading y unless y is last.
/// Every pass that maps instructions through an old -> new table ends with it, since the
/// output may have been rewritten onto an earlier instruction (x*1 -> x).
void keep_output_last(tape_program& p, std::uint32_t y);

/// Upper bound on the sparsity layout (direction entries + map words, 4 bytes each; the
/// interpreter's workspace is 128 bytes per entry and thread): beyond it analyse() raises
/// taylordiag::error instead of allocating.
inline constexpr std::size_t max_layout_words = std::size_t{1} << 28;
/// Upper bound on the direction entries alone: the interpreter keeps every entry of a batch
/// (value and second coefficient, one SIMD register each: 128 bytes) per thread, so 2^24
/// entries are a 2 GiB workspace per thread. The words cap alone allowed 32 GiB per thread
/// (the dense layout of sum(x) at n = 10^4 took 13 GB), allocated only at evaluation.
inline constexpr std::size_t max_entries = std::size_t{1} << 24;

// The passes; each returns a program computing the same output (the last instruction).
tape_program fold_constants(tape_program const& p);
tape_program eliminate_common(tape_program const& p);
tape_program flatten_sums(tape_program const& p);
tape_program remove_dead(tape_program const& p);
/// Marks each scale read by exactly one sum (and nothing else) as fused (b = 1): that sum
/// computes it and no entries are stored for it. Only with the sparsity layout.
void fuse_scales(tape_program& p);
/// Fills the sparsity layout; sparse = false gives every non-constant instruction all n.
void analyse(tape_program& p, bool sparse);

/// Scalar value of one instruction given its operands' values (for folding; double).
double scalar_value(instr const& i, double const* operand_values, std::size_t count);

}  // namespace taylordiag::detail
