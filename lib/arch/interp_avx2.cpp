// lib/arch/interp_avx2.cpp -- the tape interpreter for xsimd::fma3<xsimd::avx2> (compiled with its -m flags).
#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_avx2(kernel_args<double> const& k) noexcept { interp::run<double, xsimd::fma3<xsimd::avx2>>(k); }
void tape_kernel_avx2(kernel_args<float> const& k) noexcept { interp::run<float, xsimd::fma3<xsimd::avx2>>(k); }

}  // namespace taylordiag::detail
