// grad_hook: an identity whose backward hands the incoming gradient to a function (distributed
// SyncBatchNorm all-reduces it across processes there) and passes on what it returns.
#include "core/error.h"
#include "ops/ops.h"
#include "ops/record.h"

namespace gg {

Tensor grad_hook(const Tensor& x, std::function<Tensor(const Tensor&)> hook) {
  Tensor out = x.detach();
  if (!needs_autograd({&x})) return out;
  return record("grad_hook", out, {&x}, [hook = std::move(hook)](const Tensor& g, Node&) {
    Tensor r = hook(g);
    if (r.shape() != g.shape() || r.dtype() != g.dtype())
      throw ValueError(msg("grad_hook: the hook returned a gradient of shape ", shape_str(r.shape()), " and dtype ",
                           dtype_name(r.dtype()), " for one of shape ", shape_str(g.shape()), " and dtype ",
                           dtype_name(g.dtype())));
    return std::vector<Tensor>{r};
  }, [](const Tangents& t) { return t[0]; });  // an identity forward: the tangent passes through
}

}  // namespace gg
