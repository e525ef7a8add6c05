// Reduction helpers for other op families, beside ops.h's differentiable reductions. Ops only.
#pragma once
#include "ops/ops.h"

namespace gg {

// Σ x² over axes (sorted, wrapped; empty: every axis), kept as size-1 axes, recording no graph:
// one pass over a float32/float64 x (the 2-norm's forward), sum(x * x) for other dtypes.
Tensor sum_squares(const Tensor& x, const Axes& axes);

}  // namespace gg
