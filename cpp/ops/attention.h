// Fused scaled-dot-product attention (attention.cpp; kernels/attention.h).
#pragma once
#include <optional>

#include "core/tensor.h"

namespace gg {

// softmax(q·kᵀ·scale + mask)·v for q (..., L, E), k (..., S, E), v (..., S, Ev) with equal batch
// axes. attn_mask (or none) broadcasts to (..., L, S): bool (true = attend) or float (added).
// is_causal masks key j > query i. scale defaults to 1/sqrt(E). Without dropout (the Python
// layer composes the dropout case from ops). Differentiable in q, k, v; double backward through
// a composite of ops. Memory beyond the output: one query block x key block per task.
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const std::optional<Tensor>& attn_mask = std::nullopt, bool is_causal = false,
                                    std::optional<double> scale = std::nullopt);

}  // namespace gg
