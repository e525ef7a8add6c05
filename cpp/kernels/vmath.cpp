// The generic (4-lane, portable) build of vmath_impl.h, and the choice between builds.
#include "kernels/vmath.h"

#include "kernels/isa.h"
#include "kernels/simd_generic.h"
#include "kernels/simd_pair.h"

namespace gg::kernels::generic_vmath {
using V = simd_generic::V;
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
