// In-place arithmetic written straight into the destination (ops/inplace.cpp).
#pragma once
#include "core/tensor.h"

namespace gg {

enum class InplaceOp { Add, Sub, Mul, Div };

// self = self (op) alpha * other for add/sub, self (op) other for mul/div, PyTorch's add_,
// sub_, mul_, div_ and +=, -=, *=, /=. When nothing records (no grad needed, no tangents) and
// self is a contiguous float tensor of other's dtype, one pass writes into self's memory (exact
// aliasing such as x.add_(x) is fine elementwise); otherwise, or when other partially overlaps
// self, the ordinary op computes the result first and it is copied in (assign_inplace).
Tensor& binary_inplace(InplaceOp op, Tensor& self, const Tensor& other, double alpha = 1.0);
// A Python float, int or bool as other: the 0-d operand PyTorch's wrapped numbers promote as (a float
// self takes it in its own dtype; a float into an integer self, or a number into a bool one, raises).
Tensor& binary_inplace(InplaceOp op, Tensor& self, double other);
Tensor& binary_inplace(InplaceOp op, Tensor& self, int64_t other, bool is_bool);

}  // namespace gg
