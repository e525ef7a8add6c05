// Helpers shared by the linear-algebra ops (linalg.cpp, decompositions.cpp): the batch of a stack
// of matrices, working copies for the kernels, and the masks and grain the rules use.
#pragma once
#include <cstdint>

#include "core/tensor.h"
#include "ops/ops.h"

namespace gg::linalg_detail {

// The batch dimensions of a (*, rows, cols) shape, and a batch with a matrix shape appended.
Shape batch_of(const Shape& s);
Shape with_matrix(Shape batch, int64_t rows, int64_t cols);
inline Tensor mT(const Tensor& x) { return transpose(x, -2, -1); }
// A contiguous copy of x expanded to (batch, rows, cols), detached: the kernels' working matrices.
Tensor working_copy(const Tensor& x, const Shape& batch);
// n of A (*, n, n), after checking its dtype (float32 or float64) and shape.
int64_t square_size(const Tensor& a, const char* op);
// Matrices per chunk of work: about 64K multiply-adds, so that a batch of small matrices is not
// split finer than a fork-join pays for.
int64_t matrix_grain(int64_t n);
// The n x n mask of a triangle: 1 on it, `diagonal` on its diagonal, 0 elsewhere.
Tensor triangle_mask(int64_t n, bool lower, double diagonal, DType dtype);

}  // namespace gg::linalg_detail
