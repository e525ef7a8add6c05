// Random creation and in-place fills (no graph), from the global generator.
#pragma once
#include "core/tensor.h"

namespace gg {

void uniform_fill(const Tensor& t, double lo, double hi);
void normal_fill(const Tensor& t, double mean, double std);
Tensor rand(const Shape& shape, DType dtype);
Tensor randn(const Shape& shape, DType dtype);

}  // namespace gg
