// Random creation and in-place fills (no graph), from the global generator.
#pragma once
#include "core/tensor.h"

namespace gg {

void uniform_fill(const Tensor& t, double lo, double hi);
void normal_fill(const Tensor& t, double mean, double std);
Tensor rand(const Shape& shape, DType dtype);
Tensor randn(const Shape& shape, DType dtype);
// self's elements drawn from U[a, b) / N(mean, std²), in place (PyTorch's uniform_ / normal_): an
// in-place op, so a leaf that requires grad is refused outside no_grad and the version is bumped.
Tensor& uniform_(Tensor& self, double a, double b);
Tensor& normal_(Tensor& self, double mean, double std);

}  // namespace gg
