// Strided views beyond reshape/permute/index (shape_ops.cpp): each shares the input's storage and
// its backward writes the gradient back into the viewed positions.
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace gg {

// The diagonal (offset above the main one; below when negative) of the matrices over dim1, dim2,
// as a new last axis: PyTorch's Tensor.diagonal.
Tensor diagonal(const Tensor& x, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
// Windows of `size` entries along `dimension`, `step` apart: PyTorch's Tensor.unfold. Windows may
// overlap (step < size); the backward adds up every window's gradient.
Tensor unfold(const Tensor& x, int64_t dimension, int64_t size, int64_t step);
// The contiguous `shape` at element `at` of the 1-D contiguous `flat`: how an op with several
// results (an RNN layer, a decomposition) returns them as views of one buffer made by one node;
// `op` names the view's node.
Tensor flat_part(const Tensor& flat, const Shape& shape, int64_t at, const char* op);

}  // namespace gg
