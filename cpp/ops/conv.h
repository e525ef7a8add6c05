// Convolution and pooling ops (conv.cpp, pool.cpp) on batched channel-first inputs (N, C, *spatial);
// graphgrad.nn.functional adds unbatched inputs, 'same'/'valid' and padding modes. Every op
// here is differentiable to any order: each backward is written with these same ops.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>

#include "core/tensor.h"

namespace gg {

// Convolution of x (N, C, *in) with w (K, C / groups, *k), 1 to 3 spatial dims, and bias (K,) or
// none. pad_begin[d] / pad_end[d] zeros go before / after spatial dim d (they differ only
// for 'same' padding of even kernels).
Tensor conv(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b, const Shape& stride, const Shape& pad_begin,
            const Shape& pad_end, const Shape& dilation, int64_t groups);

// Transposed convolution (the adjoint of conv in x) of x (N, Cin, *in) with w (Cin, Cout / groups,
// *k): output size (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.
Tensor conv_transpose(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b, const Shape& stride, const Shape& padding,
                      const Shape& output_padding, const Shape& dilation, int64_t groups);

// Pooling over the last 1 or 2 dims of x (N, C, *spatial). max_pool and adaptive_max_pool return
// the values and int64 indices of the maxima, flat in each (H, W) plane as PyTorch's.
std::pair<Tensor, Tensor> max_pool(const Tensor& x, const Shape& kernel, const Shape& stride, const Shape& padding,
                                   const Shape& dilation, bool ceil_mode);
// divisor_override <= 0: none.
Tensor avg_pool(const Tensor& x, const Shape& kernel, const Shape& stride, const Shape& padding, bool ceil_mode,
                bool count_include_pad, int64_t divisor_override);
Tensor adaptive_avg_pool(const Tensor& x, const Shape& output_size);
std::pair<Tensor, Tensor> adaptive_max_pool(const Tensor& x, const Shape& output_size);
// Places x (N, C, *in) at the flat positions `indices` (x's shape) of zero planes of output_size.
Tensor max_unpool(const Tensor& x, const Tensor& indices, const Shape& output_size);

}  // namespace gg
