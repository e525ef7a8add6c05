// Float32 and float64 reductions of a contiguous (outer, R, inner) block over its middle axis,
// with explicit SIMD on the level kernels/isa.h chose (the loops: reduce_impl.h, one build per
// level). Partitions and the order of every addition are fixed: results are identical for any
// thread count and run to run. Sums add lanes of T within blocks and the blocks in double.
#pragma once
#include <cstdint>

namespace gg::kernels {

// y[o, i] = Σ_r x[o, r, i] (square: Σ_r x[o, r, i]²); R may be 0.
template <class T>
void reduce_sum(const T* x, T* y, int64_t outer, int64_t R, int64_t inner, bool square);

// y[o, i] = max_r (Greater) or min_r x[o, r, i], idx[o, i] (when not null) its first r; NaN wins,
// at its first position, as in NumPy and PyTorch. R >= 1.
template <class T, bool Greater>
void reduce_extreme(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner);

// The level the reductions run with now: "generic", "avx2" or "avx512".
const char* reduce_kernel_isa();

}  // namespace gg::kernels
