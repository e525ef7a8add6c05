// How an op records itself, for both modes of differentiation, in one call. After computing its
// result an op calls `record(op, out, inputs, backward, jvp)`:
//  - reverse mode: when grad mode is on and an input requires grad, a FunctionNode with the
//    backward lambda is attached to `out`;
//  - forward mode: when an input carries a tangent (a dual tensor), `jvp` maps the inputs'
//    tangents (undefined = zero) to the output's tangent, which is attached to `out`. An op
//    without a jvp rule raises NotImplemented naming the op instead of dropping the tangent.
// Tangent rules are written with ops, so they record a backward graph when grad mode and their
// operands ask for one; tangent_sum adds their terms. Ops only include this file.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <vector>

#include "autograd/forward_ad.h"
#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "core/error.h"
#include "core/small_alloc.h"

namespace gg {

// A jvp rule is a callable Tensor(const Tangents&): the output's tangent from the inputs'
// tangents (one per input, undefined where zero). It may return an undefined tensor (zero
// tangent) or one that broadcasts to the output's shape. It is a template parameter, not a
// std::function, so that recording an op without tangents costs nothing for it.
using Tangents = std::vector<Tensor>;
using NoJvp = std::nullptr_t;  // an op without a tangent rule

// The sum of two tangent terms, undefined meaning zero (elementwise.cpp).
Tensor tangent_sum(const Tensor& a, const Tensor& b);

namespace detail {

inline const Tensor& deref(const Tensor* t) { return *t; }
inline const Tensor& deref(const Tensor& t) { return t; }

template <class Inputs>
bool needs_autograd(const Inputs& inputs) {
  const bool grad = GradMode::is_enabled();
  for (const auto& p : inputs) {
    const Tensor& t = deref(p);
    if (t.defined() && ((grad && t.requires_grad()) || has_tangent(t))) return true;
  }
  return false;
}

// The rule's result in the output's shape and dtype. A rule may return an input's tangent
// itself or an expanded view of it.
Tensor broadcast_tangent(const Tensor& tangent, const Tensor& out);  // elementwise.cpp

// The output's own tangent: a view op's tangent is the same view of the input's tangent, but any
// other op's output must not share memory with an input's tangent, or an in-place op on the
// output (which updates its tangent in place) would change the input's tangent too.
Tensor own_tangent(const Tensor& tangent, const Tensor& out, const std::vector<Tensor>& input_tangents);

// Computes the output's tangent with the op's rule and attaches it (and to the op's node, for
// saved outputs re-attached in backward).
template <class Inputs, class Jvp>
Tensor attach_tangent(Tensor out, const Inputs& inputs, const Jvp& jvp) {
  std::vector<Tensor> tangents;
  tangents.reserve(inputs.size());
  for (const auto& p : inputs) tangents.push_back(has_tangent(deref(p)) ? deref(p).fw_grad() : Tensor());
  Tensor tangent;
  {
    // The rule reads primals that carry tangents themselves: those must not propagate into it.
    ForwardADSuspend suspend;
    tangent = jvp(tangents);
    if (tangent.defined()) tangent = own_tangent(broadcast_tangent(tangent, out), out, tangents);
  }
  if (!tangent.defined()) return out;
  ForwardAD::set_tangent(out, tangent);
  if (out.grad_fn()) {
    out.grad_fn()->out_tangent = tangent;
    out.grad_fn()->out_tangent_level = ForwardAD::current_level();
  }
  return out;
}

template <class Inputs, class Fn, class Jvp>
Tensor record(const char* op, Tensor out, const Inputs& inputs, Fn&& fn, const Jvp& jvp) {
  const bool grad = GradMode::is_enabled();
  bool needs_grad = false, forward = false;
  for (const auto& p : inputs) {
    const Tensor& t = deref(p);
    needs_grad = needs_grad || (grad && t.defined() && t.requires_grad());
    forward = forward || has_tangent(t);
  }
  if (needs_grad) {
    using NodeT = LambdaNode<std::decay_t<Fn>>;
    auto node = std::allocate_shared<NodeT>(SmallAllocator<NodeT>(), op, std::forward<Fn>(fn));
    if (!out.shape().empty()) node->grad_shape = out.shape();  // (a 0-d output's is empty already: no call)
    node->grad_dtype = out.dtype();
    node->next.reserve(inputs.size());
    unsigned below = 0;
    for (const auto& p : inputs) {
      std::shared_ptr<Node> e = gradient_edge(deref(p));
      if (e) below += e->tree_size;
      node->next.push_back(std::move(e));
    }
    node->set_tree_size(below);
    out.impl()->requires_grad = true;
    out.impl()->grad_fn = std::move(node);
  }
  if (!forward) return out;
  if constexpr (std::is_same_v<Jvp, NoJvp>) {
    throw NotImplemented(msg(op, ": forward-mode AD (jvp) is not implemented for this op"));
  } else {
    return attach_tangent(out, inputs, jvp);
  }
}

}  // namespace detail

// True when the op must record anything: grad mode is on and an input requires grad, or an input
// carries a tangent. Ops return their bare result early otherwise.
inline bool needs_autograd(std::initializer_list<const Tensor*> inputs) { return detail::needs_autograd(inputs); }
inline bool needs_autograd(const std::vector<Tensor>& inputs) { return detail::needs_autograd(inputs); }

// Marks `out` as produced by `op` from `inputs`: backward `fn` and tangent rule `jvp` (see above;
// no rule: a tangent on an input raises NotImplemented).
// `fn` is any callable InputGrads(const Tensor& grad, Node& self) (or returning a
// std::vector<Tensor>), a lambda or a BackwardFn; it is stored in the node itself.
template <class Fn, class Jvp = NoJvp>
Tensor record(const char* op, Tensor out, std::initializer_list<const Tensor*> inputs, Fn fn,
              const Jvp& jvp = nullptr) {
  return detail::record(op, std::move(out), inputs, std::move(fn), jvp);
}
template <class Fn, class Jvp = NoJvp>
Tensor record(const char* op, Tensor out, const std::vector<Tensor>& inputs, Fn fn, const Jvp& jvp = nullptr) {
  return detail::record(op, std::move(out), inputs, std::move(fn), jvp);
}

}  // namespace gg
