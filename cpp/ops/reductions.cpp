// Reductions: sum, mean, max/min (all elements or given axes, keepdim), arg-reductions, sum_to.
#include <algorithm>

#include "core/error.h"
#include "kernels/axis_reduce.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/reductions.h"
#include "ops/registry.h"

namespace gg {

namespace {

// Sorted, unique, wrapped axes; empty means every axis.
Axes normalize_axes(const Axes& axes, int64_t ndim, const char* op) {
  Axes out;
  if (axes.empty()) {
    for (int64_t i = 0; i < ndim; ++i) out.push_back(i);
    return out;
  }
  for (auto a : axes) {
    const int64_t w = wrap_axis(a, ndim, op);
    if (ndim == 0) continue;  // axis 0 / -1 of a 0-d tensor: nothing to reduce
    if (std::find(out.begin(), out.end(), w) != out.end())
      throw ValueError(msg(op, ": axis ", a, " appears more than once"));
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Shape kept_shape(const Shape& s, const Axes& axes) {
  Shape k = s;
  for (auto a : axes) k[a] = 1;
  return k;
}

Shape reduced_shape(const Shape& s, const Axes& axes, bool keepdim) {
  if (keepdim) return kept_shape(s, axes);
  Shape r;
  for (int64_t i = 0; i < static_cast<int64_t>(s.size()); ++i)
    if (std::find(axes.begin(), axes.end(), i) == axes.end()) r.push_back(s[i]);
  return r;
}

// (outer, R, inner) sizes of a contiguous tensor around axis a.
void split(const Shape& s, int64_t a, int64_t& outer, int64_t& R, int64_t& inner) {
  outer = 1;
  inner = 1;
  for (int64_t i = 0; i < a; ++i) outer *= s[i];
  R = s[a];
  for (int64_t i = a + 1; i < static_cast<int64_t>(s.size()); ++i) inner *= s[i];
}

// Sums axes one at a time (last first) with keepdim; adjacent reduced axes are merged first.
// Bools and integers sum in int64 (PyTorch's result dtype); float16/bfloat16 are cast by sum().
// square (float32/float64 only): the first pass sums x², giving Σ x² in one pass over x.
Tensor sum_kernel(const Tensor& x0, const Axes& axes, bool square = false) {
  if (!is_floating(x0.dtype()) && x0.dtype() != DType::Int64) return sum_kernel(x0.copy_data(DType::Int64), axes);
  return dispatch_all(x0.dtype(), "sum", [&](auto tag) -> Tensor {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, bool>) {
      return Tensor();  // unreachable: converted above
    } else {
      auto reduce = [&](const T* in, T* out, int64_t outer, int64_t R, int64_t inner) {
        if constexpr (kernels::kSimdReduced<T>) kernels::reduce_sum(in, out, outer, R, inner, square);
        else kernels::sum_axis(in, out, outer, R, inner);
        square = false;
      };
      Tensor x = x0.contiguous_data();
      if (axes.size() == x.shape().size() && x.numel() > 0) {  // everything: one flat pass
        Tensor out = Tensor::empty(kept_shape(x.shape(), axes), x.dtype());
        reduce(x.data<T>(), out.data<T>(), 1, x.numel(), 1);
        return out;
      }
      for (auto it = axes.rbegin(); it != axes.rend(); ++it) {
        Shape ks = x.shape();
        ks[*it] = 1;
        Tensor out = Tensor::zeros(ks, x.dtype());
        int64_t outer, R, inner;
        split(x.shape(), *it, outer, R, inner);
        reduce(x.data<T>(), out.data<T>(), outer, R, inner);
        x = out;
      }
      return x;
    }
  });
}

template <bool Greater>
std::pair<Tensor, Tensor> extreme_kernel(const Tensor& x0, int64_t a, bool want_idx, const char* op) {
  if (x0.shape().empty()) return {x0.contiguous_data(), Tensor::zeros({}, DType::Int64)};
  if (x0.shape()[a] == 0)
    throw ValueError(msg(op, ": cannot reduce over an axis of size zero (shape ", shape_str(x0.shape()), ", axis ", a, ")"));
  // Storage dtypes select in their compute dtype; the selected values convert back exactly.
  const DType ct = compute_dtype(x0.dtype());
  Tensor x = ct == x0.dtype() ? x0.contiguous_data() : x0.copy_data(ct);
  Shape ks = x.shape();
  ks[a] = 1;
  Tensor vals = Tensor::empty(ks, ct);
  Tensor idx = want_idx ? Tensor::empty(ks, DType::Int64) : Tensor();
  int64_t outer, R, inner;
  split(x.shape(), a, outer, R, inner);
  dispatch_all(ct, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::extreme_axis<T, Greater>(x.data<T>(), vals.data<T>(), want_idx ? idx.data<int64_t>() : nullptr, outer, R, inner);
  });
  return {ct == x0.dtype() ? vals : vals.copy_data(x0.dtype()), idx};
}

template <bool Greater>
Tensor extreme_all_axes(const Tensor& x, const Axes& ax, bool keepdim, const char* op) {
  // An empty tensor reduces over its non-empty axes (PyTorch: amax of (0, 3) over dim 1 is (0,)).
  for (int64_t a : ax)
    if (x.shape()[a] == 0)
      throw ValueError(msg(op, ": cannot reduce an empty tensor of shape ", shape_str(x.shape()), " over its size-0 axis ", a));
  if (x.numel() == 0 && ax.empty()) throw ValueError(msg(op, ": cannot reduce an empty tensor of shape ", shape_str(x.shape())));
  Tensor v = x;
  for (auto it = ax.rbegin(); it != ax.rend(); ++it) v = extreme_kernel<Greater>(v, *it, false, op).first;
  Tensor out = v.alias(reduced_shape(x.shape(), ax, keepdim), contiguous_strides(reduced_shape(x.shape(), ax, keepdim)), v.offset());
  if (!needs_autograd({&x})) return out;
  // The gradient is shared equally among tied extremes (PyTorch's rule for amax/amin).
  // Both modes share the tied extremes' weights mask / count.
  const Shape ks = kept_shape(x.shape(), ax);
  auto weights = [ks, ax](const Tensor& xv, const Tensor& ov) {
    const Tensor mask = to_dtype(compare(xv, reshape(ov, ks), Cmp::Eq), xv.dtype());
    return div(mask, sum(mask, ax, true));
  };
  SavedTensor sx(x, false), so(out, true);
  return record(op, out, {&x}, [sx, so, ks, weights](const Tensor& g, Node& self) {
    return std::vector<Tensor>{mul(reshape(g, ks), weights(sx.unpack(&self), so.unpack(&self)))};
  }, [x, out, ax, keepdim, weights](const Tangents& t) { return sum(mul(t[0], weights(x, out)), ax, keepdim); });
}

template <bool Greater>
std::pair<Tensor, Tensor> extreme_dim(const Tensor& x, int64_t axis, bool keepdim, const char* op) {
  const int64_t a = wrap_axis(axis, x.dim(), op);
  auto [vals, idx] = extreme_kernel<Greater>(x, a, true, op);
  if (!keepdim && x.dim() > 0) {
    vals = squeeze(vals, a);
    idx = squeeze(idx, a);
  }
  if (!needs_autograd({&x})) return {vals, idx};
  // Gradient goes to the selected positions: a one-hot mask built by comparing positions.
  const Shape xs = x.shape();
  Tensor kidx = keepdim || x.dim() == 0 ? idx : unsqueeze(idx, a);
  auto onehot = [xs, kidx, a]() {
    Shape ps(xs.size(), 1);
    ps[a] = xs[a];
    Tensor pos = Tensor::empty(ps, DType::Int64);
    for (int64_t i = 0; i < xs[a]; ++i) pos.data<int64_t>()[i] = i;
    return compare(pos, kidx, Cmp::Eq);
  };
  vals = record(op, vals, {&x}, [xs, a, keepdim, onehot](const Tensor& g, Node&) {
    if (xs.empty()) return std::vector<Tensor>{g};
    const Tensor gk = keepdim ? g : unsqueeze(g, a);
    return std::vector<Tensor>{where(onehot(), gk, scalar_like(g, 0.0))};
  }, [xs, a, keepdim, onehot](const Tangents& t) {
    if (xs.empty()) return t[0];
    return sum(where(onehot(), t[0], scalar_like(t[0], 0.0)), {a}, keepdim);
  });
  return {vals, idx};
}

}  // namespace

Tensor sum(const Tensor& x, const Axes& axes, bool keepdim) {
  if (is_half(x.dtype())) return in_float32(x, [&](const Tensor& f) { return sum(f, axes, keepdim); });
  const Axes ax = normalize_axes(axes, x.dim(), "sum");
  Tensor k = sum_kernel(x, ax);
  const Shape rs = reduced_shape(x.shape(), ax, keepdim);
  Tensor out = k.alias(rs, contiguous_strides(rs), k.offset());
  if (!needs_autograd({&x})) return out;
  const Shape xs = x.shape(), ks = kept_shape(x.shape(), ax);
  return record("sum", out, {&x}, [xs, ks](const Tensor& g, Node&) {
    return std::vector<Tensor>{expand(reshape(g, ks), xs)};
  }, [ax, keepdim](const Tangents& t) { return sum(t[0], ax, keepdim); });
}

Tensor sum_squares(const Tensor& x, const Axes& axes) {
  if (x.dtype() != DType::Float32 && x.dtype() != DType::Float64) {
    const Tensor d = x.detach();
    return sum(mul(d, d), axes, true);
  }
  return sum_kernel(x, normalize_axes(axes, x.dim(), "sum_squares"), true);
}

Tensor mean(const Tensor& x, const Axes& axes, bool keepdim) {
  if (!is_floating(x.dtype())) throw TypeError(msg("mean: expected a float tensor, got ", dtype_name(x.dtype())));
  const Axes ax = normalize_axes(axes, x.dim(), "mean");
  int64_t count = 1;
  for (auto a : ax) count *= x.shape()[a];
  return div(sum(x, ax, keepdim), static_cast<double>(count));
}

Tensor amax(const Tensor& x, const Axes& axes, bool keepdim) {
  return extreme_all_axes<true>(x, normalize_axes(axes, x.dim(), "max"), keepdim, "max");
}
Tensor amin(const Tensor& x, const Axes& axes, bool keepdim) {
  return extreme_all_axes<false>(x, normalize_axes(axes, x.dim(), "min"), keepdim, "min");
}
std::pair<Tensor, Tensor> max_dim(const Tensor& x, int64_t axis, bool keepdim) {
  return extreme_dim<true>(x, axis, keepdim, "max");
}
std::pair<Tensor, Tensor> min_dim(const Tensor& x, int64_t axis, bool keepdim) {
  return extreme_dim<false>(x, axis, keepdim, "min");
}

Tensor argmax(const Tensor& x, std::optional<int64_t> axis, bool keepdim) {
  if (!axis) return max_dim(reshape(x.detach(), {-1}), 0, false).second;
  return max_dim(x.detach(), *axis, keepdim).second;
}
Tensor argmin(const Tensor& x, std::optional<int64_t> axis, bool keepdim) {
  if (!axis) return min_dim(reshape(x.detach(), {-1}), 0, false).second;
  return min_dim(x.detach(), *axis, keepdim).second;
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  const int64_t lead = x.dim() - static_cast<int64_t>(shape.size());
  if (lead < 0) throw ValueError(msg("sum_to: cannot sum shape ", shape_str(x.shape()), " to ", shape_str(shape)));
  Axes axes;
  for (int64_t i = 0; i < x.dim(); ++i)
    if (i < lead || (shape[i - lead] == 1 && x.shape()[i] != 1)) axes.push_back(i);
  if (axes.empty()) return reshape(x, shape);
  return reshape(sum(x, axes, true), shape);
}

// ---- registration ----
using namespace registry;

namespace {

// PyTorch's dtype= of sum and mean: the input is cast to it first.
Tensor cast_to(const Tensor& x, std::optional<DType> dtype) { return dtype ? to_dtype(x, *dtype) : x; }
Tensor sum_as(const Tensor& x, const Axes& dim, bool keepdim, std::optional<DType> dtype) {
  return sum(cast_to(x, dtype), dim, keepdim);
}
Tensor mean_as(const Tensor& x, const Axes& dim, bool keepdim, std::optional<DType> dtype) {
  return mean(cast_to(x, dtype), dim, keepdim);
}

}  // namespace

GG_REGISTER_OP({"sum", &sum_as, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}, {"dtype", NoneDefault{}, true}},
                "The sum over dim (an int, a tuple, or None: every axis); bool and integer inputs give int64, dtype "
                "casts the input first.", kBoth,
                {"x.sum(axis=1)", "real", kDiff | kIntegers, "{'dim': 1}"}});
GG_REGISTER_OP({"mean", &mean_as, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}, {"dtype", NoneDefault{}, true}},
                "The mean over dim (an int, a tuple, or None: every axis) of a float input; dtype casts the input "
                "first (an integer input needs a float dtype).", kBoth,
                {"x.mean(axis=(0, 1))", "real", kDiff, "{'dim': (0, 1)}"}});
GG_REGISTER_OP({"amax", &amax, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "The maximum over dim; the gradient is shared evenly among tied maxima, as in PyTorch.", kBoth,
                {"x.max(axis=-1)", "distinct", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"amin", &amin, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "The minimum over dim; the gradient is shared evenly among tied minima, as in PyTorch.", kBoth,
                {"x.min(axis=0)", "distinct", kDiff | kIntegers, "{'dim': 0}"}});
// max/min: PyTorch's three forms, one overload each: every element; (values, indices) along dim
// (a graphgrad.return_types named tuple); the elementwise maximum/minimum with a tensor.
GG_REGISTER_OP({"max", +[](const Tensor& x) { return amax(x, {}, false); }, {{"input"}},
                "The maximum of every element; max(input, dim, keepdim=False) is (values, indices) along dim, "
                "max(input, other) the elementwise maximum."});
GG_REGISTER_OP({"max", &max_dim, {{"input"}, {"dim"}, {"keepdim", false}},
                "(values, indices): the maximum along dim and its position (the first among ties).", kBoth,
                {"x.max(axis=-1)", "distinct", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"max", &maximum, {{"input"}, {"other"}}, "The elementwise maximum of two tensors (broadcast)."});
GG_REGISTER_OP({"min", +[](const Tensor& x) { return amin(x, {}, false); }, {{"input"}},
                "The minimum of every element; min(input, dim, keepdim=False) is (values, indices) along dim, "
                "min(input, other) the elementwise minimum."});
GG_REGISTER_OP({"min", &min_dim, {{"input"}, {"dim"}, {"keepdim", false}},
                "(values, indices): the minimum along dim and its position (the first among ties).", kBoth,
                {"x.min(axis=0)", "distinct", kDiff | kIntegers, "{'dim': 0}"}});
GG_REGISTER_OP({"min", &minimum, {{"input"}, {"other"}}, "The elementwise minimum of two tensors (broadcast)."});
GG_REGISTER_OP({"argmax", &argmax, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "The int64 index of the maximum (first among ties), over the flattened tensor when dim is None.", kBoth,
                {"np.argmax(x)", "distinct", kIntegers}});
GG_REGISTER_OP({"argmin", &argmin, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "The int64 index of the minimum (first among ties), over the flattened tensor when dim is None.", kBoth,
                {"np.argmin(x)", "distinct", kIntegers}});
GG_REGISTER_OP({"sum_to", &sum_to, {{"input"}, {"shape"}},
                "Sums a broadcast tensor back to shape (the reverse of broadcasting: a gradient's reduction).",
                kFunction});

}  // namespace gg
