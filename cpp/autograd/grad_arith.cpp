#include "autograd/grad_arith.h"

#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "core/error.h"

namespace gg {

namespace {
GradArith& slot() {
  static GradArith a;
  return a;
}
}  // namespace

const GradArith& grad_arith() { return slot(); }
void set_grad_arith(const GradArith& a) { slot() = a; }

Tensor reconcile_grad(Tensor g, const Shape& shape, DType dtype, const Node& from) {
  Tensor out = std::move(g);
  if (out.shape() != shape) {
    if (numel_of(out.shape()) < numel_of(shape) && out.numel() != 0)
      throw GraphError(msg(from.name(), " returned a gradient of shape ", shape_str(out.shape()), " for an input of shape ",
                           shape_str(shape)));
    out = grad_arith().sum_to(out, shape);  // raises naming both shapes when they do not broadcast
  }
  if (out.dtype() != dtype) out = grad_arith().cast(out, dtype);
  if (AnomalyMode::is_enabled() && is_floating(out.dtype()) && grad_arith().has_nan(out))
    throw GraphError(msg("Function '", from.name(), "' returned nan values in its gradient for an input of shape ",
                         shape_str(shape), " (anomaly detection)"));
  return out;
}

}  // namespace gg
