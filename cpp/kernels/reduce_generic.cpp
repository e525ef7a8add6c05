// reduce_impl.h compiled with no ISA flags: every CPU runs it.
#include "kernels/simd_generic.h"

namespace gg::kernels::generic_reduce {
using V = simd_generic::V;
using VD = simd_generic::VD;
}  // namespace gg::kernels::generic_reduce

#define GG_REDUCE_ISA generic_reduce
#include "kernels/reduce_impl.h"

namespace gg::kernels::reduce_detail {
IsaLoops loops_generic() { return {"generic", generic_reduce::make_loops<float>(), generic_reduce::make_loops<double>()}; }
}  // namespace gg::kernels::reduce_detail
