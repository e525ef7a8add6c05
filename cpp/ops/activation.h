// Fused activations whose composite form costs several passes (ops/activation.cpp). Their
// first-order backward is one fused kernel; under create_graph it is written with ops.
#pragma once
#include "core/tensor.h"

namespace gg {

// x Φ(x), Φ the standard normal CDF (PyTorch's gelu with approximate='none').
Tensor gelu(const Tensor& x);
// x sigmoid(x).
Tensor silu(const Tensor& x);

}  // namespace gg
