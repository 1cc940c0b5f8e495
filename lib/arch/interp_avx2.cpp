// lib/arch/interp_avx2.cpp -- the tape interpreter for xsimd::fma3<xsimd::avx2> (compiled with its
// -m flags). xsimd 8.1 defines two non-template inline functions (the scalar Payne-Hanek reduction
// behind sin/cos/tan of huge arguments). Emitted here with this file's -m flags they would be weak
// symbols that the linker may pick for every other translation unit (AVX-512 code reached on
// a CPU without it). This file gets its own copies under its own names.
#define __kernel_rem_pio2 taylordiag_avx2_kernel_rem_pio2
#define __ieee754_rem_pio2 taylordiag_avx2_ieee754_rem_pio2

#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_avx2(kernel_args<double> const& k) noexcept {
  interp::run<double, xsimd::fma3<xsimd::avx2>>(k);
}
void tape_kernel_avx2(kernel_args<float> const& k) noexcept {
  interp::run<float, xsimd::fma3<xsimd::avx2>>(k);
}

}  // namespace taylordiag::detail
