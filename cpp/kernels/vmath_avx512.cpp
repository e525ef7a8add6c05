// vmath_impl.h compiled with AVX-512 (16 floats per vector, mask registers for selects and
// tails); vmath() picks it at run time.
#include "kernels/simd_avx512.h"
#include "kernels/simd_pair.h"
#include "kernels/vmath.h"

namespace gg::kernels::avx512_vmath {
using V = simd_avx512::V;
}  // namespace gg::kernels::avx512_vmath

#define GG_VMATH_ISA avx512_vmath
#include "kernels/vmath_impl.h"

namespace gg::kernels {
const VmathKernels& vmath_avx512() {
  static const VmathKernels k = GG_VMATH_TABLE("avx512");
  return k;
}
}  // namespace gg::kernels
