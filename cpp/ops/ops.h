// The one list of differentiable ops. Each op validates its inputs (errors name the op and the
// shapes/dtypes), computes its result with a kernel and, when an input needs a gradient,
// records a node whose backward is written with these same ops (so create_graph=True gives
// higher-order gradients).
#pragma once
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace gg {

using Axes = std::vector<int64_t>;

// ---- unary elementwise (unary_ops.cpp; the parameterless ones are the table unary_ops.def) ----
#define GG_UNARY(name, ...) Tensor name(const Tensor& x);
#include "ops/unary_ops.def"
#undef GG_UNARY
Tensor pow(const Tensor& x, double p);
Tensor rpow(const Tensor& x, double base);  // base ** x
Tensor leaky_relu(const Tensor& x, double slope);
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);
Tensor _polygamma(const Tensor& x, int64_t n);  // ψ⁽ⁿ⁾(x); graphgrad.polygamma(n, input) is PyTorch's order
Tensor clamp(const Tensor& x, std::optional<double> lo, std::optional<double> hi);

// ---- binary elementwise (binary_ops.cpp) ----
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, double b);
Tensor sub(const Tensor& a, double b);
Tensor rsub(const Tensor& a, double b);  // b - a
Tensor mul(const Tensor& a, double b);
Tensor div(const Tensor& a, double b);
Tensor rdiv(const Tensor& a, double b);  // b / a
// grad * (y > 0) in one pass: relu's backward, itself differentiable in grad.
Tensor threshold_backward(const Tensor& grad, const Tensor& y);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
Tensor to_dtype(const Tensor& x, DType dtype);

enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };
Tensor compare(const Tensor& a, const Tensor& b, Cmp op);  // bool result, no gradient
Tensor compare(const Tensor& a, double b, Cmp op);
Tensor logical_not(const Tensor& x);

// ---- reductions (reductions.cpp); empty axes = all ----
Tensor sum(const Tensor& x, const Axes& axes = {}, bool keepdim = false);
Tensor mean(const Tensor& x, const Axes& axes = {}, bool keepdim = false);
Tensor amax(const Tensor& x, const Axes& axes = {}, bool keepdim = false);
Tensor amin(const Tensor& x, const Axes& axes = {}, bool keepdim = false);
// Values and int64 indices of the max/min along one axis (gradient flows to the indices).
std::pair<Tensor, Tensor> max_dim(const Tensor& x, int64_t axis, bool keepdim = false);
std::pair<Tensor, Tensor> min_dim(const Tensor& x, int64_t axis, bool keepdim = false);
Tensor argmax(const Tensor& x, std::optional<int64_t> axis = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& x, std::optional<int64_t> axis = std::nullopt, bool keepdim = false);
// Sums a broadcast gradient back to `shape`.
Tensor sum_to(const Tensor& x, const Shape& shape);

// ---- shapes and views (shape_ops.cpp) ----
Tensor reshape(const Tensor& x, Shape shape);  // a view when possible; one -1 allowed
Tensor view(const Tensor& x, Shape shape);     // a view or a ValueError
Tensor transpose(const Tensor& x, int64_t d0, int64_t d1);
Tensor transpose_2d(const Tensor& x);    // PyTorch's t: the transpose of a <= 2-D tensor
Tensor reverse_axes(const Tensor& x);   // every axis reversed: NumPy's and PyTorch's x.T
Tensor permute(const Tensor& x, const Axes& dims);
Tensor unsqueeze(const Tensor& x, int64_t axis);
Tensor squeeze(const Tensor& x, std::optional<int64_t> axis = std::nullopt);
Tensor expand(const Tensor& x, Shape shape);  // -1 keeps a size
Tensor flatten(const Tensor& x, int64_t start = 0, int64_t end = -1);
Tensor contiguous(const Tensor& x);
Tensor clone(const Tensor& x);
Tensor cat(const std::vector<Tensor>& xs, int64_t axis);
Tensor stack(const std::vector<Tensor>& xs, int64_t axis);

// Indexing with NumPy's rules: each entry an integer, a slice, a new axis, an ellipsis, or a
// tensor of indices (int64, or bool: a mask over as many axes as it has). Without tensor entries
// the result is a view (basic indexing); with them, a copy (advanced indexing, advanced_index.cpp).
struct IndexItem {
  enum Kind { Int, Slice, NewAxis, Ellipsis, Array } kind = Int;
  int64_t index = 0;                                 // Int
  std::optional<int64_t> start, stop; int64_t step = 1;  // Slice
  Tensor array;                                      // Array
};
Tensor index(const Tensor& x, const std::vector<IndexItem>& items);
Tensor advanced_index(const Tensor& x, const std::vector<IndexItem>& items);
// x[items] = value, in place (value broadcast to x[items]'s shape and cast to x's dtype).
Tensor& index_put_(Tensor& x, const std::vector<IndexItem>& items, const Tensor& value);
// The gradient of a view: zeros of `base_shape` with `grad` written into the view at
// (offset, strides). Differentiable in grad.
Tensor view_backward(const Tensor& grad, const Shape& base_shape, int64_t offset, const Shape& strides);

// ---- reductions composed of reductions (composite_reductions.cpp) ----
// Variance over axes (all when empty) divided by (count - correction): 1 is the unbiased estimate.
Tensor var(const Tensor& x, const Axes& axes, double correction, bool keepdim);
Tensor std_dev(const Tensor& x, const Axes& axes, double correction, bool keepdim);
Tensor logsumexp(const Tensor& x, const Axes& axes, bool keepdim);
// The p-norm over axes (all when empty) of the flattened slices; p may be inf.
Tensor norm(const Tensor& x, double p, const Axes& axes, bool keepdim);

// ---- linear algebra (matmul.cpp) ----
Tensor matmul(const Tensor& a, const Tensor& b);
// x·wᵀ + b for x (..., in), w (out, in) (or 1-D, as PyTorch), b (out,), a scalar or none.
Tensor linear(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b = std::nullopt);

// ---- in place (inplace.cpp) ----
// Writes `result` (an op applied to self, computed out of place) into self's memory, bumps the
// version counter and, when the op is recorded, moves self to the end of the graph. An
// in-place op on a leaf that requires grad is an error outside no_grad.
Tensor& assign_inplace(const char* op, Tensor& self, const Tensor& result);
// What an in-place op reads self as: self itself, or (when recorded) a clone, so that the
// backward's saved copy of self's old value is not the memory about to be overwritten.
Tensor inplace_source(const Tensor& self);
// Copies src (broadcast, cast) into self: PyTorch's copy_.
Tensor& copy_(Tensor& self, const Tensor& src);
// Fills self with a value.
Tensor& fill_(Tensor& self, double value);

// ---- forward mode (dual.cpp); tangents live while a dual level is open (autograd/forward_ad.h) ----
// A view of `primal` carrying `tangent` (same shape and dtype).
Tensor make_dual(const Tensor& primal, const Tensor& tangent);
// A view of `t` without its tangent: the primal half of unpack_dual.
Tensor dual_primal(const Tensor& t);

// An alias of x whose backward returns hook(grad) (same shape and dtype) as x's gradient
// (grad_hook.cpp).
Tensor grad_hook(const Tensor& x, std::function<Tensor(const Tensor&)> hook);

// ---- creation helpers (no graph) ----
// A Python number as an operand of x (PyTorch's wrapped numbers: promotion by category only).
Tensor scalar_like(const Tensor& x, double v);      // a float: x's dtype if floating, else float32
Tensor int_scalar_like(const Tensor& x, int64_t v);  // an int: x's dtype (int64 for bool), exact
Tensor int64_scalar(int64_t v);                      // a 0-d int64 tensor holding v exactly
Tensor zeros_like(const Tensor& x);

}  // namespace gg
