// reduce_impl.h compiled with the AVX-512 flags (CMake gives *_avx512.cpp its own -m
// options); reduce.cpp calls it only when the CPU has them.
#include "kernels/simd_avx512.h"

namespace gg::kernels::avx512_reduce {
using V = simd_avx512::V;
using VD = simd_avx512::VD;
}  // namespace gg::kernels::avx512_reduce

#define GG_REDUCE_ISA avx512_reduce
#include "kernels/reduce_impl.h"

namespace gg::kernels::reduce_detail {
IsaLoops loops_avx512() { return {"avx512", avx512_reduce::make_loops<float>(), avx512_reduce::make_loops<double>()}; }
}  // namespace gg::kernels::reduce_detail
