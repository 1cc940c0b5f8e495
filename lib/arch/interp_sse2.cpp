// lib/arch/interp_sse2.cpp -- the tape interpreter for xsimd::sse2 (compiled with its -m flags).
#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_sse2(kernel_args<double> const& k) noexcept { interp::run<double, xsimd::sse2>(k); }
void tape_kernel_sse2(kernel_args<float> const& k) noexcept { interp::run<float, xsimd::sse2>(k); }

}  // namespace taylordiag::detail
