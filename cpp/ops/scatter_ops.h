// Gather and scatter along one axis (scatter_ops.cpp): PyTorch's gather, scatter, scatter_add and
// scatter_reduce. index is int64 with input's number of dimensions; its sizes are at most src's
// (and input's, off `dim`), and only the leading index.shape block of src is read.
#pragma once
#include <optional>
#include <string>

#include "core/tensor.h"

namespace gg {

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
// src's values written at index along dim; reduce "add" / "multiply" accumulate instead.
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
               std::optional<std::string> reduce = std::nullopt);
Tensor scatter_value(const Tensor& self, int64_t dim, const Tensor& index, double value,
                     std::optional<std::string> reduce = std::nullopt);
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
// reduce: "sum", "prod", "mean", "amax" or "amin"; include_self: self's value takes part.
Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      const std::string& reduce, bool include_self = true);

}  // namespace gg
