// Dual tensors for forward mode. make_dual gives a view of the primal that carries a tangent;
// dual_primal gives a view without it. Both stay views in the graph (gradients flow back to the
// primal), so reverse mode works through them too.
#include "core/error.h"
#include "ops/ops.h"
#include "ops/record.h"

namespace gg {

namespace {

// An identity view of x; in forward mode it takes no tangent from x (the caller decides).
Tensor dual_view(const char* op, const Tensor& x) {
  Tensor out = x.alias(x.shape(), x.strides(), x.offset());
  out.impl()->is_view = true;
  if (!needs_autograd({&x})) return out;
  return record(
      op, out, {&x}, [](const Tensor& g, Node&) { return std::vector<Tensor>{g}; },
      [](const Tangents&) { return Tensor(); });
}

}  // namespace

Tensor make_dual(const Tensor& primal, const Tensor& tangent) {
  if (ForwardAD::current_level() == 0)
    throw GraphError("make_dual: no dual level is open; use `with graphgrad.autograd.forward.dual_level():`");
  if (!is_floating(primal.dtype()))
    throw TypeError(msg("make_dual: the primal must be a float tensor, got ", dtype_name(primal.dtype())));
  if (tangent.shape() != primal.shape())
    throw ValueError(msg("make_dual: the tangent has shape ", shape_str(tangent.shape()), " but the primal has shape ",
                         shape_str(primal.shape())));
  if (tangent.dtype() != primal.dtype())
    throw TypeError(msg("make_dual: the tangent is ", dtype_name(tangent.dtype()), " but the primal is ",
                        dtype_name(primal.dtype())));
  Tensor out = dual_view("make_dual", primal);
  ForwardAD::set_tangent(out, tangent);
  return out;
}

Tensor dual_primal(const Tensor& t) { return dual_view("unpack_dual", t); }

}  // namespace gg
