// How an op records itself: after computing its result, `record` attaches a FunctionNode with
// the backward lambda when grad mode is on and an input requires grad. Ops only include this.
#pragma once
#include <initializer_list>

#include "autograd/grad_mode.h"
#include "autograd/node.h"

namespace gg {

inline bool any_requires_grad(std::initializer_list<const Tensor*> inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : inputs)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}

// Marks `out` as produced by `op` from `inputs` with backward `fn`; no-op when no grad is needed.
inline Tensor record(const char* op, Tensor out, std::initializer_list<const Tensor*> inputs, BackwardFn fn) {
  auto node = std::make_shared<FunctionNode>(op, std::move(fn));
  node->next.reserve(inputs.size());
  for (const Tensor* t : inputs) node->next.push_back(gradient_edge(*t));
  out.impl()->requires_grad = true;
  out.impl()->grad_fn = std::move(node);
  return out;
}

inline Tensor record(const char* op, Tensor out, const std::vector<Tensor>& inputs, BackwardFn fn) {
  auto node = std::make_shared<FunctionNode>(op, std::move(fn));
  for (const Tensor& t : inputs) node->next.push_back(gradient_edge(t));
  out.impl()->requires_grad = true;
  out.impl()->grad_fn = std::move(node);
  return out;
}

}  // namespace gg
