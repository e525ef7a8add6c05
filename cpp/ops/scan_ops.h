// Scans along one axis (scan_ops.cpp): PyTorch's cumsum, cumprod, cummax, cummin, logcumsumexp.
#pragma once
#include <optional>
#include <utility>

#include "core/tensor.h"

namespace gg {

// dtype: the result's (the input is cast first); by default floats keep theirs, integers and
// bools give int64.
Tensor cumsum(const Tensor& x, int64_t dim, std::optional<DType> dtype = std::nullopt);
Tensor cumprod(const Tensor& x, int64_t dim, std::optional<DType> dtype = std::nullopt);
// The running maximum (minimum) and the position where it was (last) reached.
std::pair<Tensor, Tensor> cummax(const Tensor& x, int64_t dim);
std::pair<Tensor, Tensor> cummin(const Tensor& x, int64_t dim);
Tensor logcumsumexp(const Tensor& x, int64_t dim);

}  // namespace gg
