// PyTorch's result dtype of an elementwise op between two tensors (torch.result_type). A 0-d
// tensor, which is also how a Python number arrives (already in its wrapped dtype), takes part by
// category only (bool < integers < floats): an int32 tensor plus a 0-d int64 tensor stays int32,
// a float32 tensor times a 0-d float64 stays float32, and an int32 tensor plus a 0-d float64 is
// float64. Two tensors of the same kind (both 0-d, or both not) promote as core/dtype.h's promote.
#pragma once

#include "core/dtype.h"
#include "core/tensor.h"

namespace gg {

inline DType result_type(const Tensor& a, const Tensor& b) {
  const bool za = a.dim() == 0, zb = b.dim() == 0;
  if (za == zb) return promote(a.dtype(), b.dtype());
  const DType dim = za ? b.dtype() : a.dtype(), zero = za ? a.dtype() : b.dtype();
  return dtype_category(zero) > dtype_category(dim) ? zero : dim;
}

}  // namespace gg
