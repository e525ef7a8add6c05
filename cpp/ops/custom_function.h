// Graph nodes whose backward is a function given at run time: user-defined autograd Functions
// (graphgrad.autograd.Function), Tensor.register_hook and Tensor.retain_grad.
#pragma once
#include <functional>
#include <vector>

#include "core/tensor.h"

namespace gg {

// The gradients of the inputs (undefined: none) from the gradient of the output.
using CustomBackward = std::function<std::vector<Tensor>(const Tensor& grad)>;

// `out` (computed from `inputs` without a graph) as the output of one node whose backward is
// `backward`. Returns `out` itself with the node attached when an input requires grad.
Tensor custom_function(const std::vector<Tensor>& inputs, const Tensor& out, CustomBackward backward);

// Routes the gradient of `t` through `hook` (which returns the gradient to pass on, or an undefined
// tensor to keep it). For a non-leaf, the uses of t recorded from now on: t's grad_fn becomes a
// node calling hook first. For a leaf, every use: the node goes before its gradient accumulator;
// the leaf keeps that node alive, so a hooked leaf lives until the process ends (as parameters
// do). Returns a function that turns the hook off.
std::function<void()> tensor_hook(const Tensor& t, std::function<Tensor(const Tensor&)> hook);

// Keeps the gradient reaching the non-leaf `t` (from uses recorded from now on) in t.grad.
void retain_grad(const Tensor& t);

}  // namespace gg
