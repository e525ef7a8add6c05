// float16/bfloat16 inputs of ops whose kernels are float32/float64 only: computed in float32
// through differentiable casts there and back, so that results and gradients keep the storage
// dtype (core/dtype.h). One rounding per op, as PyTorch's CPU kernels for these types.
#pragma once
#include "ops/ops.h"

namespace gg {

inline bool is_half(DType d) { return is_floating(d) && compute_dtype(d) != d; }

// x in its compute dtype (core/dtype.h): a differentiable cast for the storage dtypes (small
// integers to int64, 16-bit floats to float32), x itself otherwise.
inline Tensor in_compute(const Tensor& x) {
  const DType c = compute_dtype(x.dtype());
  return c == x.dtype() ? x : to_dtype(x, c);
}

// y back in dtype d (a differentiable cast when it differs).
inline Tensor as_dtype(const Tensor& y, DType d) { return y.dtype() == d ? y : to_dtype(y, d); }

// f(x in float32), rounded back to x's dtype.
template <class F>
Tensor in_float32(const Tensor& x, F f) {
  return to_dtype(f(to_dtype(x, DType::Float32)), x.dtype());
}

}  // namespace gg
