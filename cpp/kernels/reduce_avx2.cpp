// reduce_impl.h compiled with AVX2 + FMA flags (CMake gives *_avx2.cpp its own -m
// options); reduce.cpp calls it only when the CPU has them.
#include "kernels/simd_avx2.h"

namespace gg::kernels::avx2_reduce {
using V = simd_avx2::V;
using VD = simd_avx2::VD;
}  // namespace gg::kernels::avx2_reduce

#define GG_REDUCE_ISA avx2_reduce
#include "kernels/reduce_impl.h"

namespace gg::kernels::reduce_detail {
IsaLoops loops_avx2() { return {"avx2", avx2_reduce::make_loops<float>(), avx2_reduce::make_loops<double>()}; }
}  // namespace gg::kernels::reduce_detail
