// lib/arch/interp_avx512.cpp -- the tape interpreter for xsimd::avx512bw (compiled with its -m flags).
#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_avx512(kernel_args<double> const& k) noexcept { interp::run<double, xsimd::avx512bw>(k); }
void tape_kernel_avx512(kernel_args<float> const& k) noexcept { interp::run<float, xsimd::avx512bw>(k); }

}  // namespace taylordiag::detail
