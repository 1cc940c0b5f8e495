// lib/arch/interp_avx512.cpp -- the tape interpreter for xsimd::avx512bw (compiled with its -m
// flags). GCC 12's own avx512fintrin.h trips -Wuninitialized (its _mm512_undefined_*
// self-initialise); a false positive in the compiler's header, silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// xsimd 8.1 defines two non-template inline functions (the scalar Payne-Hanek reduction behind
// sin/cos/tan of huge arguments). Emitted here with this file's -m flags they would be weak
// symbols that the linker may pick for every other translation unit (AVX-512 code reached on
// a CPU without it). This file gets its own copies under its own names.
#define __kernel_rem_pio2 taylordiag_avx512_kernel_rem_pio2
#define __ieee754_rem_pio2 taylordiag_avx512_ieee754_rem_pio2

#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_avx512(kernel_args<double> const& k) noexcept {
  interp::run<double, xsimd::avx512bw>(k);
}
void tape_kernel_avx512(kernel_args<float> const& k) noexcept {
  interp::run<float, xsimd::avx512bw>(k);
}

}  // namespace taylordiag::detail
