// lib/arch/interp_avx512.cpp -- the tape interpreter for xsimd::avx512bw (compiled with its -m flags).
// GCC 12's own avx512fintrin.h trips -Wuninitialized (its _mm512_undefined_* self-initialise);
// a false positive in the compiler's header, silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "tape_interp.hpp"

namespace taylordiag::detail {

void tape_kernel_avx512(kernel_args<double> const& k) noexcept { interp::run<double, xsimd::avx512bw>(k); }
void tape_kernel_avx512(kernel_args<float> const& k) noexcept { interp::run<float, xsimd::avx512bw>(k); }

}  // namespace taylordiag::detail
