// The gradient arithmetic the engine needs (summing, reducing a broadcast gradient, casting,
// making dense), supplied by the ops layer at static initialisation (ops/grad_arith.cpp), so
// that autograd depends on no op. `validate_grad` is the one check of every gradient a node
// returns against what its input is (PyTorch's validate_outputs): reduced to the input's shape,
// cast to its dtype, or a GraphError naming the node when the shapes cannot be reconciled (or,
// with anomaly detection on, when it holds NaN).
#pragma once
#include <string>

#include "autograd/grad_mode.h"
#include "core/tensor.h"

namespace gg {

struct GradArith {
  Tensor (*add)(const Tensor&, const Tensor&) = nullptr;
  // acc += g in acc's memory: both contiguous float32 or float64 of one shape (the engine's sums).
  void (*add_into)(const Tensor& acc, const Tensor& g) = nullptr;
  Tensor (*sum_to)(const Tensor&, const Shape&) = nullptr;
  Tensor (*cast)(const Tensor&, DType) = nullptr;
  Tensor (*contiguous)(const Tensor&) = nullptr;
  bool (*has_nan)(const Tensor&) = nullptr;  // for anomaly detection
};

const GradArith& grad_arith();
void set_grad_arith(const GradArith& a);

struct Node;
// Makes `g` the gradient of an input with this shape and dtype, arriving from node `from`. Inline
// for the common gradient that already is one (every edge of every backward passes here), and in
// place: no Tensor temporaries per edge.
Tensor reconcile_grad(Tensor g, const Shape& shape, DType dtype, const Node& from);
inline void validate_grad(Tensor& g, const Shape& shape, DType dtype, const Node& from) {
  if (g.dtype() == dtype && g.shape() == shape && !AnomalyMode::is_enabled()) return;
  g = reconcile_grad(std::move(g), shape, dtype, from);
}

}  // namespace gg
