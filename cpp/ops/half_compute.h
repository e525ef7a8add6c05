// float16/bfloat16 inputs of ops whose kernels are float32/float64 only: computed in float32
// through differentiable casts there and back, so that results and gradients keep the storage
// dtype (core/dtype.h). One rounding per op, as PyTorch's CPU kernels for these types.
#pragma once
#include "ops/ops.h"

namespace gg {

inline bool is_half(DType d) { return is_floating(d) && compute_dtype(d) != d; }

// f(x in float32), rounded back to x's dtype.
template <class F>
Tensor in_float32(const Tensor& x, F f) {
  return to_dtype(f(to_dtype(x, DType::Float32)), x.dtype());
}

}  // namespace gg
