// Neural-network ops (see nn.h): validation, fused kernels, and backward nodes. A fused
// backward kernel runs when the backward is not itself recorded; under create_graph=True the
// backward is composed of ops so that it can be differentiated again.
#include "ops/nn.h"

#include <cmath>
#include <string>
#include <vector>

#include "autograd/forward_ad.h"
#include "autograd/grad_mode.h"
#include "core/error.h"
#include "core/generator.h"
#include "kernels/batchnorm.h"
#include "kernels/dropout.h"
#include "kernels/softmax.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

// (outer, D, inner) sizes of a shape around axis a.
struct Lines {
  int64_t outer = 1, D = 1, inner = 1;
};
Lines lines_around(const Shape& s, int64_t a) {
  Lines l;
  for (int64_t i = 0; i < static_cast<int64_t>(s.size()); ++i) {
    if (i < a) l.outer *= s[i];
    else if (i == a) l.D = s[i];
    else l.inner *= s[i];
  }
  return l;
}

Tensor same_dtype(const Tensor& g, DType dt) { return g.dtype() == dt ? g : to_dtype(g, dt); }

// ---- softmax family ----

Tensor softmax_grad(const Tensor& g0, const Tensor& y, int64_t a, bool log) {
  const Tensor g = same_dtype(g0, y.dtype());
  // Composed of ops when the backward is recorded or carries tangents (forward-over-reverse).
  if (GradMode::is_enabled() || has_tangent(g) || has_tangent(y)) {
    if (log) return sub(g, mul(exp(y), sum(g, {a}, true)));
    return mul(y, sub(g, sum(mul(g, y), {a}, true)));
  }
  const Tensor gc = g.contiguous_data(), yc = y.contiguous_data();
  Tensor gx = Tensor::empty(y.shape(), y.dtype());
  const Lines l = lines_around(y.shape(), a);
  dispatch_float(y.dtype(), "softmax_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::softmax_backward<T>(yc.data<T>(), gc.data<T>(), gx.data<T>(), l.outer, l.D, l.inner, log);
  });
  return gx;
}

// g e^{x - y} (g, y: keepdim shape along a), the gradient of logsumexp: by the fused kernel
// unless the backward is recorded or carries tangents.
Tensor logsumexp_grad(const Tensor& g0, const Tensor& x, const Tensor& y, int64_t a) {
  const Tensor g = same_dtype(g0, x.dtype());
  if (GradMode::is_enabled() || has_tangent(g) || has_tangent(x) || has_tangent(y) || g.shape() != y.shape())
    return mul(g, exp(sub(x, y)));
  const Tensor xc = x.contiguous_data(), yc = y.contiguous_data(), gc = g.contiguous_data();
  Tensor gx = Tensor::empty(x.shape(), x.dtype());
  const Lines l = lines_around(x.shape(), a);
  dispatch_float(x.dtype(), "logsumexp_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::logsumexp_backward<T>(xc.data<T>(), yc.data<T>(), gc.data<T>(), gx.data<T>(), l.outer, l.D, l.inner);
  });
  return gx;
}

Tensor softmax_op(const Tensor& x0, int64_t dim, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  const int64_t a = x0.dim() == 0 ? (wrap_axis(dim, 1, op), 0) : wrap_axis(dim, x0.dim(), op);
  const Tensor x = x0.contiguous_data();
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  const Lines l = lines_around(x.shape(), a);
  dispatch_float(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::softmax_forward<T>(x.data<T>(), out.data<T>(), l.outer, l.D, l.inner, log);
  });
  if (!needs_autograd({&x0})) return out;
  SavedTensor so(out, true);
  return record(op, out, {&x0}, [so, a, log](const Tensor& g, Node& self) {
    return std::vector<Tensor>{softmax_grad(g, so.unpack(&self), a, log)};
  }, [out, a, log](const Tangents& t) {  // softmax: y·(t − Σ y·t); log_softmax: t − Σ softmax·t
    const Tensor tx = same_dtype(t[0], out.dtype());
    if (log) return sub(tx, sum(mul(exp(out), tx), {a}, true));
    return mul(out, sub(tx, sum(mul(out, tx), {a}, true)));
  });
}

// ---- losses over class labels ----

// Layout of (input, labels) for a classification loss: classes along dim 1 of (N, C, d...) or
// dim 0 of (C,); labels int64 with the input's shape minus the class dim, each in [0, C).
struct LossLayout {
  int64_t cdim = 0;
  Lines l;
  int64_t ignore_index = -100;
  int64_t count = 0;  // labels not ignored: the divisor of reduction=Mean
};
LossLayout loss_layout(const Tensor& input, const Tensor& labels, int64_t ignore_index, const char* op) {
  if (!is_floating(input.dtype()))
    throw TypeError(msg(op, ": input must be float32 or float64, got ", dtype_name(input.dtype())));
  if (labels.dtype() != DType::Int64)
    throw TypeError(msg(op, ": labels must be int64 class indices, got ", dtype_name(labels.dtype())));
  if (input.dim() == 0) throw ValueError(msg(op, ": input must have a class dimension, got a 0-d tensor"));
  LossLayout r;
  r.cdim = input.dim() == 1 ? 0 : 1;
  Shape expected = input.shape();
  expected.erase(expected.begin() + r.cdim);
  if (labels.shape() != expected)
    throw ValueError(msg(op, ": labels of shape ", shape_str(labels.shape()), " do not match input of shape ",
                         shape_str(input.shape()), " (expected labels of shape ", shape_str(expected), ")"));
  r.l = lines_around(input.shape(), r.cdim);
  r.ignore_index = ignore_index;
  const Tensor lc = labels.contiguous_data();
  const int64_t* lab = lc.data<int64_t>();
  for (int64_t i = 0; i < lc.numel(); ++i) {
    if (lab[i] == ignore_index) continue;
    if (lab[i] < 0 || lab[i] >= r.l.D)
      throw IndexError(msg(op, ": label ", lab[i], " at flat position ", i, " is out of range for ", r.l.D,
                           " classes (expected 0 <= label < ", r.l.D, ", or ignore_index ", ignore_index, ")"));
    ++r.count;
  }
  return r;
}

// Boolean tensor of the input's shape, true at each line's label (all false on ignored lines).
Tensor label_mask(const Tensor& labels, const Shape& shape, const LossLayout& lay) {
  Tensor m = Tensor::zeros(shape, DType::Bool);
  const Tensor lc = labels.contiguous_data();
  const int64_t* lab = lc.data<int64_t>();
  bool* p = m.data<bool>();
  const Lines& l = lay.l;
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t i = 0; i < l.inner; ++i) {
      const int64_t y = lab[o * l.inner + i];
      if (y != lay.ignore_index) p[(o * l.D + y) * l.inner + i] = true;
    }
  return m;
}

// Mean divides by the labels not ignored, as in PyTorch (all ignored: 0 / 0 = nan).
Tensor reduce_loss(const Tensor& per_item, Reduction r, const LossLayout& lay) {
  switch (r) {
    case Reduction::Mean: return div(sum(per_item), static_cast<double>(lay.count));
    case Reduction::Sum: return sum(per_item);
    default: return per_item;
  }
}

// v with the entries of ignored labels zeroed (v has the labels' shape).
Tensor drop_ignored(const Tensor& v, const Tensor& labels, const LossLayout& lay) {
  if (lay.count == labels.numel()) return v;
  return mul(v, to_dtype(compare(labels, static_cast<double>(lay.ignore_index), Cmp::Ne), v.dtype()));
}

Tensor cross_entropy_grad(const Tensor& x, const Tensor& lse, const Tensor& labels, const Tensor& g0,
                          const LossLayout& lay) {
  const Tensor g = same_dtype(g0, x.dtype());
  // Composed of ops when the backward is recorded or carries tangents (forward-over-reverse).
  if (GradMode::is_enabled() || has_tangent(g) || has_tangent(x)) {
    const Tensor onehot = to_dtype(label_mask(labels, x.shape(), lay), x.dtype());
    return mul(sub(softmax(x, lay.cdim), onehot), unsqueeze(drop_ignored(g, labels, lay), lay.cdim));
  }
  const Tensor xc = x.contiguous_data(), gc = g.contiguous_data(), lc = labels.contiguous_data();
  Tensor gx = Tensor::empty(x.shape(), x.dtype());
  dispatch_float(x.dtype(), "cross_entropy_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::cross_entropy_backward<T>(xc.data<T>(), lse.data<T>(), lc.data<int64_t>(), gc.data<T>(), gx.data<T>(),
                                       lay.l.outer, lay.l.D, lay.l.inner, lay.ignore_index);
  });
  return gx;
}

// Cross-entropy with class weights and/or label smoothing, composed of ops (PyTorch's
// definition; differentiable to any order, also in weight). Per item, with w = 1 when no weight:
//   (1 - eps) * w[y] * (-log p[y]) + eps / C * sum_c w[c] * (-log p[c]),   0 where y is ignored;
// 'mean' divides the sum by sum_i w[y_i] over the items not ignored (their count when unweighted).
Tensor cross_entropy_weighted_smoothed(const Tensor& logits, const Tensor& labels, Reduction reduction,
                                       const LossLayout& lay, const Tensor& weight, double eps) {
  const int64_t cdim = lay.cdim;
  const Tensor logp = log_softmax(logits, cdim);
  Shape wshape(static_cast<size_t>(logits.dim()), 1);
  wshape[static_cast<size_t>(cdim)] = lay.l.D;
  const Tensor wb = weight.defined() ? reshape(weight, wshape) : Tensor();
  const Tensor wlogp = wb.defined() ? mul(logp, wb) : logp;
  const Tensor picked = label_mask(labels, logits.shape(), lay);  // false on ignored items
  const Tensor zero = scalar_like(logp, 0.0);
  Tensor item = neg(sum(where(picked, wlogp, zero), {cdim}));
  if (eps > 0.0) {
    const Tensor smooth = drop_ignored(neg(sum(wlogp, {cdim})), labels, lay);
    item = add(mul(item, 1.0 - eps), mul(smooth, eps / static_cast<double>(lay.l.D)));
  }
  if (reduction == Reduction::Mean && wb.defined())
    return div(sum(item), sum(where(picked, expand(wb, logits.shape()), zero)));
  return reduce_loss(item, reduction, lay);
}

// ---- batch norm ----

void check_channel_param(const Tensor& t, const char* name, int64_t C, DType dt) {
  if (!t.defined()) return;
  if (t.dtype() != dt)
    throw TypeError(msg("batch_norm: ", name, " is ", dtype_name(t.dtype()), " but the input is ", dtype_name(dt)));
  if (t.shape() != Shape{C})
    throw ValueError(msg("batch_norm: ", name, " of shape ", shape_str(t.shape()), " does not match ", C,
                         " channels (expected shape (", C, ",))"));
}

struct BatchNormCtx {
  int64_t N, C, L;
  bool training;
  double eps;
  Tensor mean, invstd;  // (C,): the statistics the forward normalised with
};

// (1, C, 1, ...): a per-channel (C,) vector reshaped to broadcast against an input of `dim` dims.
Shape channel_shape(int64_t dim, int64_t C) {
  Shape s(static_cast<size_t>(dim), 1);
  s[1] = C;
  return s;
}

// Every axis but the channel axis 1: the axes the statistics reduce over.
Axes non_channel_axes(int64_t dim) {
  Axes a{0};
  for (int64_t i = 2; i < dim; ++i) a.push_back(i);
  return a;
}

// Composed backward (recordable): the training statistics are recomputed from x with ops, so
// that the second derivative sees their dependence on x.
std::vector<Tensor> batch_norm_grad_composed(const Tensor& g, const Tensor& x, const Tensor& w, const BatchNormCtx& c,
                                             Node& self) {
  const Shape pshape = channel_shape(x.dim(), c.C);
  const Axes axes = non_channel_axes(x.dim());
  Tensor xhat, inv;
  if (c.training) {
    const Tensor xc = sub(x, mean(x, axes, true));
    inv = pow(add(mean(mul(xc, xc), axes, true), c.eps), -0.5);
    xhat = mul(xc, inv);
  } else {
    inv = reshape(c.invstd, pshape);
    xhat = mul(sub(x, reshape(c.mean, pshape)), inv);
  }
  std::vector<Tensor> r(3);
  const Tensor gh = w.defined() ? mul(g, reshape(w, pshape)) : g;
  if (self.needs_grad(0)) {
    r[0] = c.training ? mul(inv, sub(sub(gh, mean(gh, axes, true)), mul(xhat, mean(mul(gh, xhat), axes, true))))
                      : mul(gh, inv);
  }
  if (self.needs_grad(1)) r[1] = sum(mul(g, xhat), axes);
  if (self.needs_grad(2)) r[2] = sum(g, axes);
  return r;
}

// Output tangent from the tangents of (x, weight, bias). With batch statistics,
// d x̂ = invstd · (dxc − x̂ · mean(x̂ · dxc)) where dxc = dx − mean(dx).
Tensor batch_norm_jvp(const Tangents& t, const Tensor& x, const Tensor& w, const BatchNormCtx& c) {
  const Shape pshape = channel_shape(x.dim(), c.C);
  const Axes axes = non_channel_axes(x.dim());
  const Tensor inv = reshape(c.invstd, pshape);
  const Tensor xhat = mul(sub(x, reshape(c.mean, pshape)), inv);
  Tensor out;
  if (t[0].defined()) {
    Tensor dxhat = mul(t[0], inv);
    if (c.training) {
      const Tensor dxc = sub(t[0], mean(t[0], axes, true));
      dxhat = mul(inv, sub(dxc, mul(xhat, mean(mul(xhat, dxc), axes, true))));
    }
    out = w.defined() ? mul(dxhat, reshape(w, pshape)) : dxhat;
  }
  if (t[1].defined()) out = tangent_sum(out, mul(xhat, reshape(t[1], pshape)));
  if (t[2].defined()) out = tangent_sum(out, reshape(t[2], pshape));
  return out;
}

std::vector<Tensor> batch_norm_grad_fused(const Tensor& g0, const Tensor& x0, const Tensor& w0,
                                          const BatchNormCtx& c, Node& self) {
  const Tensor g = g0.contiguous_data(), x = x0.contiguous_data();
  const Tensor w = w0.defined() ? w0.contiguous_data() : w0;
  const DType dt = x.dtype();
  std::vector<Tensor> r(3);
  for (int i = 0; i < 3; ++i)
    if (self.needs_grad(i)) r[i] = Tensor::empty(i == 0 ? x.shape() : Shape{c.C}, dt);
  dispatch_float(dt, "batch_norm_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    auto ptr = [](Tensor& t) { return t.defined() ? t.data<T>() : nullptr; };
    kernels::batchnorm_backward<T>(g.data<T>(), x.data<T>(), c.N, c.C, c.L, c.mean.data<T>(), c.invstd.data<T>(),
                                   w.defined() ? w.data<T>() : nullptr, c.training, ptr(r[0]), ptr(r[2]), ptr(r[1]));
  });
  return r;
}

// ---- dropout ----

// Applies the mask of (seed, offset): the forward on x, and (as its own backward) on gradients.
Tensor dropout_masked(const Tensor& x0, double p, uint64_t seed, uint64_t offset) {
  const Tensor x = x0.contiguous_data();
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  const uint32_t threshold = kernels::dropout_threshold(p);
  dispatch_float(x.dtype(), "dropout", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T scale = p < 1.0 ? static_cast<T>(1.0 / (1.0 - p)) : T(0);
    kernels::dropout_apply<T>(x.data<T>(), out.data<T>(), x.numel(), seed, offset, threshold, scale);
  });
  if (!needs_autograd({&x0})) return out;
  // Linear in x: the same mask applies to gradients and tangents.
  return record("dropout", out, {&x0}, [p, seed, offset](const Tensor& g, Node&) {
    return std::vector<Tensor>{dropout_masked(g, p, seed, offset)};
  }, [p, seed, offset](const Tangents& t) { return dropout_masked(t[0], p, seed, offset); });
}

}  // namespace

Reduction reduction_from_string(const std::string& r, const char* op) {
  if (r == "mean") return Reduction::Mean;
  if (r == "sum") return Reduction::Sum;
  if (r == "none") return Reduction::None;
  throw ValueError(msg(op, ": reduction must be 'none', 'mean' or 'sum', got '", r, "'"));
}

Tensor logsumexp_along(const Tensor& x0, int64_t a) {
  const Tensor x = x0.contiguous_data();
  Shape shape = x.shape();
  shape[a] = 1;
  Tensor out = Tensor::empty(shape, x.dtype());
  const Lines l = lines_around(x.shape(), a);
  dispatch_float(x.dtype(), "logsumexp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::logsumexp_forward<T>(x.data<T>(), out.data<T>(), l.outer, l.D, l.inner);
  });
  if (!needs_autograd({&x0})) return out;
  SavedTensor sx(x0, false), so(out, true);
  return record("logsumexp", out, {&x0}, [sx, so, a](const Tensor& g, Node& self) {
    return std::vector<Tensor>{logsumexp_grad(g, sx.unpack(&self), so.unpack(&self), a)};
  }, [x0, out, a](const Tangents& t) {  // sum of softmax(x) t along a
    return sum(mul(exp(sub(x0, out)), same_dtype(t[0], out.dtype())), {a}, true);
  });
}

Tensor softmax(const Tensor& x, int64_t dim) {
  if (is_half(x.dtype())) return in_float32(x, [dim](const Tensor& f) { return softmax_op(f, dim, false); });
  return softmax_op(x, dim, false);
}
Tensor log_softmax(const Tensor& x, int64_t dim) {
  if (is_half(x.dtype())) return in_float32(x, [dim](const Tensor& f) { return softmax_op(f, dim, true); });
  return softmax_op(x, dim, true);
}

Tensor cross_entropy(const Tensor& logits, const Tensor& labels, const std::string& reduction_name, int64_t ignore_index,
                     const std::optional<Tensor>& weight_or_none, double label_smoothing) {
  const Reduction reduction = reduction_from_string(reduction_name, "cross_entropy");
  const Tensor weight = weight_or_none.value_or(Tensor());
  const LossLayout lay = loss_layout(logits, labels, ignore_index, "cross_entropy");
  if (!(label_smoothing >= 0.0 && label_smoothing <= 1.0))
    throw ValueError(msg("cross_entropy: label_smoothing must be between 0.0 and 1.0, got ", label_smoothing));
  if (weight.defined()) {
    if (weight.dtype() != logits.dtype())
      throw TypeError(msg("cross_entropy: weight is ", dtype_name(weight.dtype()), " but the input is ",
                          dtype_name(logits.dtype())));
    if (weight.shape() != Shape{lay.l.D})
      throw ValueError(msg("cross_entropy: weight of shape ", shape_str(weight.shape()), " does not match ", lay.l.D,
                           " classes (expected shape (", lay.l.D, ",))"));
  }
  if (weight.defined() || label_smoothing > 0.0)
    return cross_entropy_weighted_smoothed(logits, labels, reduction, lay, weight, label_smoothing);
  const Tensor x = logits.contiguous_data(), lc = labels.contiguous_data();
  Tensor loss = Tensor::empty(labels.shape(), x.dtype()), lse = Tensor::empty(labels.shape(), x.dtype());
  dispatch_float(x.dtype(), "cross_entropy", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::cross_entropy_forward<T>(x.data<T>(), lc.data<int64_t>(), loss.data<T>(), lse.data<T>(), lay.l.outer,
                                      lay.l.D, lay.l.inner, lay.ignore_index);
  });
  if (needs_autograd({&logits})) {
    SavedTensor sx(logits, false), sl(labels, false);
    loss = record("cross_entropy", loss, {&logits}, [sx, sl, lse, lay](const Tensor& g, Node& self) {
      return std::vector<Tensor>{cross_entropy_grad(sx.unpack(&self), lse, sl.unpack(&self), g, lay)};
    }, [logits, labels, lay](const Tangents& t) {  // Σ_classes (softmax(x) − onehot)·t, 0 where ignored
      const Tensor onehot = to_dtype(label_mask(labels, logits.shape(), lay), logits.dtype());
      const Tensor tx = same_dtype(t[0], logits.dtype());
      return drop_ignored(sum(mul(sub(softmax(logits, lay.cdim), onehot), tx), {lay.cdim}), labels, lay);
    });
  }
  return reduce_loss(loss, reduction, lay);
}

Tensor nll_loss(const Tensor& log_probs, const Tensor& labels, const std::string& reduction_name, int64_t ignore_index) {
  const Reduction reduction = reduction_from_string(reduction_name, "nll_loss");
  const LossLayout lay = loss_layout(log_probs, labels, ignore_index, "nll_loss");
  // Composed of ops (a select and a sum): already differentiable to any order, and -inf
  // log-probabilities of other classes never meet a 0 * inf.
  const Tensor picked = where(label_mask(labels, log_probs.shape(), lay), log_probs, scalar_like(log_probs, 0.0));
  return reduce_loss(neg(sum(picked, {lay.cdim})), reduction, lay);
}

Tensor batch_norm(const Tensor& x0, const std::optional<Tensor>& rm0, const std::optional<Tensor>& rv0,
                  const std::optional<Tensor>& w0, const std::optional<Tensor>& b0, bool training, double momentum,
                  double eps) {
  const Tensor running_mean = rm0.value_or(Tensor()), running_var = rv0.value_or(Tensor());
  const Tensor weight = w0.value_or(Tensor()), bias = b0.value_or(Tensor());
  if (x0.dim() < 2)
    throw ValueError(msg("batch_norm: expected input of shape (N, C, ...) with at least 2 dims, got shape ",
                         shape_str(x0.shape())));
  const DType dt = x0.dtype();
  dispatch_float(dt, "batch_norm", [](auto) {});  // a TypeError for non-float input, before anything else
  // (N, C, d1, d2, ...) is normalised as (N, C, L) with L = d1 * d2 * ...: the same kernel.
  int64_t L = 1;
  for (int64_t i = 2; i < x0.dim(); ++i) L *= x0.shape()[i];
  BatchNormCtx c{x0.shape()[0], x0.shape()[1], L, training, eps, {}, {}};
  check_channel_param(weight, "weight", c.C, dt);
  check_channel_param(bias, "bias", c.C, dt);
  check_channel_param(running_mean, "running_mean", c.C, dt);
  check_channel_param(running_var, "running_var", c.C, dt);
  if (running_mean.defined() != running_var.defined())
    throw ValueError("batch_norm: running_mean and running_var must be given together");
  for (const Tensor* r : {&running_mean, &running_var})
    if (r->defined() && !r->is_contiguous()) throw ValueError("batch_norm: running statistics must be contiguous");
  if (training && c.N * c.L <= 1)
    throw ValueError(msg("batch_norm: expected more than 1 value per channel when training, got input of shape ",
                         shape_str(x0.shape())));
  if (!training && !running_mean.defined())
    throw ValueError("batch_norm: eval mode needs running_mean and running_var (or pass training=True)");
  if (eps < 0) throw ValueError(msg("batch_norm: eps must be non-negative, got ", eps));

  const Tensor x = x0.contiguous_data();
  const Tensor w = weight.defined() ? weight.contiguous_data() : weight;
  const Tensor b = bias.defined() ? bias.contiguous_data() : bias;
  Tensor out = Tensor::empty(x.shape(), dt);
  c.mean = Tensor::empty({c.C}, dt);
  c.invstd = Tensor::empty({c.C}, dt);
  dispatch_float(dt, "batch_norm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const int64_t C = c.C;
    T *m = c.mean.data<T>(), *inv = c.invstd.data<T>();
    const T* wp = w.defined() ? w.data<T>() : nullptr;
    const T* bp = b.defined() ? b.data<T>() : nullptr;
    if (training) {
      std::vector<T> v(C);
      kernels::batchnorm_forward_train<T>(x.data<T>(), out.data<T>(), c.N, C, c.L, wp, bp, eps, m, v.data(), inv);
      if (running_mean.defined()) {
        T *rm = running_mean.data<T>(), *rv = running_var.data<T>();
        const double M = static_cast<double>(c.N * c.L), unbias = M / (M - 1);
        for (int64_t k = 0; k < C; ++k) {
          rm[k] = static_cast<T>((1 - momentum) * rm[k] + momentum * m[k]);
          rv[k] = static_cast<T>((1 - momentum) * rv[k] + momentum * unbias * v[k]);
        }
        running_mean.bump_version();
        running_var.bump_version();
      }
    } else {
      // Copies: backward needs the statistics of this call, whatever later updates do.
      const T *rm = running_mean.data<T>(), *rv = running_var.data<T>();
      for (int64_t k = 0; k < C; ++k) {
        m[k] = rm[k];
        inv[k] = static_cast<T>(1.0 / std::sqrt(static_cast<double>(rv[k]) + eps));
      }
      kernels::batchnorm_forward_eval<T>(x.data<T>(), out.data<T>(), c.N, C, c.L, m, inv, wp, bp);
    }
  });
  if (!needs_autograd({&x0, &weight, &bias})) return out;
  SavedTensor sx(x0, false);
  SavedTensor sw = weight.defined() ? SavedTensor(weight, false) : SavedTensor();
  return record("batch_norm", out, {&x0, &weight, &bias}, [sx, sw, c](const Tensor& g0, Node& self) {
    const Tensor x = sx.unpack(&self), w = sw.unpack(&self), g = same_dtype(g0, x.dtype());
    const bool composed = GradMode::is_enabled() || has_tangent(g) || has_tangent(x) || has_tangent(w);
    return composed ? batch_norm_grad_composed(g, x, w, c, self) : batch_norm_grad_fused(g, x, w, c, self);
  }, [x0, weight, c](const Tangents& t) { return batch_norm_jvp(t, x0, weight, c); });
}

Tensor dropout(const Tensor& x, double p, bool training) {
  if (!(p >= 0.0 && p <= 1.0)) throw ValueError(msg("dropout: probability p must be in [0, 1], got ", p));
  dispatch_float(x.dtype(), "dropout", [](auto) {});  // a TypeError for non-float input, even in eval
  if (!training || p == 0.0) return x;
  auto& gen = Generator::global();
  const uint64_t offset = gen.reserve(kernels::dropout_counters(x.numel()));
  return dropout_masked(x, p, gen.seed.load(), offset);
}

// ---- registration ----
using namespace registry;

namespace {

// PyTorch's dtype= of softmax and log_softmax: the input is cast to it first.
Tensor softmax_as(const Tensor& x, int64_t dim, std::optional<DType> dtype) {
  return softmax(dtype ? to_dtype(x, *dtype) : x, dim);
}
Tensor log_softmax_as(const Tensor& x, int64_t dim, std::optional<DType> dtype) {
  return log_softmax(dtype ? to_dtype(x, *dtype) : x, dim);
}

}  // namespace

GG_REGISTER_OP({"softmax", &softmax_as, {{"input"}, {"dim"}, {"dtype", NoneDefault{}, true}},
                "e^x / sum(e^x) along dim, one fused kernel (shifted by the maximum, so it never overflows).", kBoth,
                {"np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)", "real", kDiff, "{'dim': -1}"}});
GG_REGISTER_OP({"log_softmax", &log_softmax_as, {{"input"}, {"dim"}, {"dtype", NoneDefault{}, true}},
                "x - log(sum(e^x)) along dim, one fused kernel (a shifted log-sum-exp).", kBoth,
                {"x - np.log(np.exp(x).sum(axis=-1, keepdims=True))", "real", kDiff, "{'dim': -1}"}});

// The fused losses, batch norm and dropout enter Python as private functions that
// graphgrad.nn.functional wraps with PyTorch's full signatures (tested in tests/test_nn.py).
GG_REGISTER_OP({"_cross_entropy", &cross_entropy,
                {{"input"}, {"target"}, {"reduction", "mean"}, {"ignore_index", int64_t{-100}}, {"weight", NoneDefault{}},
                 {"label_smoothing", 0.0}},
                "Cross-entropy of logits (N, C, ...) against int64 class labels (N, ...): one fused kernel each way "
                "without weight or label smoothing.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_nll_loss", &nll_loss, {{"input"}, {"target"}, {"reduction", "mean"}, {"ignore_index", int64_t{-100}}},
                "Negative log-likelihood of log-probabilities (N, C, ...) at int64 class labels (N, ...).", kFunction});
GG_REGISTER_OP({"_batch_norm", &batch_norm,
                {{"input"}, {"running_mean"}, {"running_var"}, {"weight"}, {"bias"}, {"training"}, {"momentum"}, {"eps"}},
                "Batch normalisation of (N, C, ...) per channel with optional affine weight and bias; training "
                "updates the running statistics in place.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_dropout", &dropout, {{"input"}, {"p"}, {"training"}},
                "Zeroes each element with probability p and scales the rest by 1 / (1 - p) when training.", kFunction,
                {}, {}, false, true});

}  // namespace gg
