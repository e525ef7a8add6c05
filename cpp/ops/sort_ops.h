// Sorting and selection along one axis (sort_ops.cpp). NaN sorts as the largest value and ties keep
// their order (every sort is stable); values are gathered from the input, so the gradient reaches
// the selected positions.
#pragma once
#include <utility>

#include "core/tensor.h"

namespace gg {

std::pair<Tensor, Tensor> sort(const Tensor& x, int64_t dim = -1, bool descending = false, bool stable = false);
Tensor argsort(const Tensor& x, int64_t dim = -1, bool descending = false, bool stable = false);
// The k largest (smallest) along dim, in order.
std::pair<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim = -1, bool largest = true, bool sorted = true);
// The k-th smallest (k from 1) along dim.
std::pair<Tensor, Tensor> kthvalue(const Tensor& x, int64_t k, int64_t dim = -1, bool keepdim = false);
// The lower median of every element (NaN when any is NaN, as PyTorch), and along dim with indices.
Tensor median(const Tensor& x);
std::pair<Tensor, Tensor> median_dim(const Tensor& x, int64_t dim, bool keepdim = false);

}  // namespace gg
