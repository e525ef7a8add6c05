// The generic (one float per "vector") build of vmath_impl.h, and the choice between builds.
#include "kernels/vmath.h"

#include <cstdint>

#include "kernels/isa.h"

namespace gg::kernels::generic_vmath {

struct V {
  using F = float;
  using M = bool;
  static constexpr int64_t W = 1;
  static F set(float a) { return a; }
  static F load(const float* p) { return *p; }
  static F loadn(const float* p, int64_t n, float fill) { return n > 0 ? *p : fill; }
  static void store(float* p, F v) { *p = v; }
  static void storen(float* p, F v, int64_t n) {
    if (n > 0) *p = v;
  }
  static F add(F a, F b) { return a + b; }
  static F sub(F a, F b) { return a - b; }
  static F mul(F a, F b) { return a * b; }
  static F div(F a, F b) { return a / b; }
  // Not necessarily fused: a generic x86-64 build has no FMA instruction, and fmaf would be a
  // library call per operation.
  static F fma(F a, F b, F c) { return a * b + c; }
  static F fnma(F a, F b, F c) { return c - a * b; }
  static F min(F a, F b) { return a < b ? a : b; }
  static F max(F a, F b) { return a > b ? a : b; }
  static F abs(F a) { return __builtin_fabsf(a); }
  static F copysign(F a, F b) { return __builtin_copysignf(a, b); }
  static M lt(F a, F b) { return a < b; }
  static M gt(F a, F b) { return a > b; }
  static M eq(F a, F b) { return a == b; }
  static M isnan(F a) { return a != a; }
  static M mor(M a, M b) { return a || b; }
  static F sel(M m, F a, F b) { return m ? a : b; }
  // 2^k from the low mantissa bits of k + 127 + 2^23 (no float-to-int conversion, which NaN
  // would make undefined).
  static F pow2(F k) {
    const uint32_t b = __builtin_bit_cast(uint32_t, k + 8388735.0f) & 0xFFu;
    return __builtin_bit_cast(float, b << 23);
  }
  static F exponent(F x) { return static_cast<float>(static_cast<int32_t>(__builtin_bit_cast(uint32_t, x) >> 23) - 127); }
  static F mantissa(F x) { return __builtin_bit_cast(float, (__builtin_bit_cast(uint32_t, x) & 0x007FFFFFu) | 0x3F800000u); }
  static float hsum(F a) { return a; }
  static float hmax(F a) { return a; }
};

}  // namespace gg::kernels::generic_vmath

#define GG_VMATH_ISA generic_vmath
#include "kernels/vmath_impl.h"

namespace gg::kernels {

const VmathKernels& vmath_generic() {
  static const VmathKernels k = GG_VMATH_TABLE("generic");
  return k;
}

const VmathKernels& vmath() {
#if GG_X86
  if (isa() == Isa::Avx512) return vmath_avx512();
  if (isa() == Isa::Avx2) return vmath_avx2();
#endif
  return vmath_generic();
}

}  // namespace gg::kernels
