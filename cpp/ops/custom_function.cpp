#include "ops/custom_function.h"

#include "autograd/node.h"
#include "core/error.h"
#include "ops/ops.h"
#include "ops/record.h"

namespace gg {

Tensor custom_function(const std::vector<Tensor>& inputs, const Tensor& out, CustomBackward backward) {
  const size_t n = inputs.size();
  return record("custom_function", out, inputs, [backward = std::move(backward), n](const Tensor& g, Node&) {
    std::vector<Tensor> grads = backward(g);
    if (grads.size() != n)
      throw GraphError(msg("autograd.Function: backward returned ", grads.size(), " gradients for ", n,
                           " tensor inputs"));
    return grads;
  });  // no jvp: a tangent on an input raises NotImplemented naming the op
}

namespace {

std::shared_ptr<Node> hook_node(const Tensor& t, const char* op, std::function<Tensor(const Tensor&)> fn) {
  auto node = std::make_shared<FunctionNode>(op, [fn = std::move(fn), op](const Tensor& g, Node&) {
    Tensor r = fn(g);
    if (!r.defined()) r = g;
    if (r.shape() != g.shape())
      throw ValueError(msg(op, ": the hook returned a gradient of shape ", shape_str(r.shape()),
                           " for a tensor of shape ", shape_str(g.shape())));
    return std::vector<Tensor>{r};
  });
  node->grad_shape = t.shape();
  node->grad_dtype = t.dtype();
  node->next.push_back(gradient_edge(t));
  node->set_tree_size(node->next[0] ? node->next[0]->tree_size : 0);
  return node;
}

}  // namespace

std::function<void()> tensor_hook(const Tensor& t, std::function<Tensor(const Tensor&)> hook) {
  if (!t.requires_grad()) throw GraphError("register_hook: the tensor does not require grad");
  auto active = std::make_shared<bool>(true);
  auto node = hook_node(t, "hook", [hook = std::move(hook), active](const Tensor& g) {
    return *active ? hook(g) : Tensor();
  });
  if (t.grad_fn()) {
    t.impl()->grad_fn = std::move(node);
  } else {
    t.impl()->grad_accumulator = node;
    auto& keep = t.impl()->extras_or_new().post_accumulate_hooks;
    // The accumulator is held weakly: an entry that does nothing keeps the node alive.
    const int id = keep.empty() ? 0 : keep.rbegin()->first + 1;
    keep[id] = [node](const Tensor&) {};
  }
  return [active] { *active = false; };
}

void retain_grad(const Tensor& t) {
  if (!t.requires_grad()) throw GraphError("retain_grad: the tensor does not require grad");
  if (!t.grad_fn()) return;  // a leaf keeps its gradient anyway
  std::weak_ptr<TensorImpl> weak = t.impl_ptr();  // the node must not keep t alive
  t.impl()->grad_fn = hook_node(t, "retain_grad", [weak](const Tensor& g) {
    if (auto impl = weak.lock()) {
      Tensor d = GradMode::is_enabled() ? g : g.detach();
      if (!d.is_contiguous()) d = d.contiguous_data();
      impl->grad = impl->grad ? add(Tensor(impl->grad), d).impl_ptr() : d.impl_ptr();
    }
    return Tensor();
  });
}

}  // namespace gg
