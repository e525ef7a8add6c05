// vmath_impl.h compiled with AVX2 + FMA (8 floats per vector); vmath() picks it at run time.
#include "kernels/simd_avx2.h"
#include "kernels/simd_pair.h"
#include "kernels/vmath.h"

namespace gg::kernels::avx2_vmath {
using V = simd_avx2::V;
}  // namespace gg::kernels::avx2_vmath

#define GG_VMATH_ISA avx2_vmath
#include "kernels/vmath_impl.h"

namespace gg::kernels {
const VmathKernels& vmath_avx2() {
  static const VmathKernels k = GG_VMATH_TABLE("avx2");
  return k;
}
}  // namespace gg::kernels
