// Reductions composed of existing ops (var, std, norm), which differentiate through them, and
// logsumexp (softmax's fused kernel for one axis or all, composed for several).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "ops/nn.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/reductions.h"
#include "ops/registry.h"
#include "ops/unary_ops.h"

namespace gg {

namespace {

Tensor floating(const Tensor& x, const char* op) {
  if (is_floating(x.dtype())) return x;
  if (x.dtype() == DType::Bool) throw TypeError(msg(op, ": expected a numeric tensor, got bool"));
  return to_dtype(x, DType::Float32);  // integers compute in float32, as PyTorch's default dtype
}

int64_t reduced_count(const Tensor& x, const Axes& axes) {
  if (axes.empty()) return x.numel();
  int64_t n = 1;
  for (int64_t a : axes) {
    const int64_t w = wrap_axis(a, x.dim(), "reduction");
    if (x.dim() > 0) n *= x.shape()[w];  // axis 0 / -1 of a 0-d tensor: one element
  }
  return n;
}

}  // namespace

Tensor var(const Tensor& x0, const Axes& axes, double correction, bool keepdim) {
  const Tensor x = floating(x0, "var");
  const Tensor d = sub(x, mean(x, axes, true));
  // PyTorch divides by max(count - correction, 0): inf (or nan for 0/0) when nothing is left, with
  // a warning; so do we, silently (a negative divisor would give a negative variance).
  const double n = std::max(static_cast<double>(reduced_count(x, axes)) - correction, 0.0);
  return div(sum(mul(d, d), axes, keepdim), n);
}

namespace {

// sqrt of a variance whose gradient is 0 where the std is 0, not g / 0 (PyTorch's std_backward):
// a constant input gets a zero gradient instead of NaN.
Tensor std_from_var(const Tensor& v) {
  return unary_op<registry::kDiff>("std", v, [](auto x) { return std::sqrt(x); }, nullptr, Saves::Y,
                                   [](const Tensor& g, const Tensor&, const Tensor& y) {
                                     return where(compare(y, 0.0, Cmp::Eq), scalar_like(g, 0.0), div(g, mul(y, 2.0)));
                                   });
}

}  // namespace

Tensor std_dev(const Tensor& x, const Axes& axes, double correction, bool keepdim) {
  return std_from_var(var(x, axes, correction, keepdim));
}

Tensor logsumexp(const Tensor& x0, const Axes& axes, bool keepdim) {
  const Tensor x = floating(x0, "logsumexp");
  if (x.numel() == 0) return log(sum(exp(x), axes, keepdim));
  // One axis, or all of them (flattened): the fused kernel (ops/nn.cpp).
  if ((x.dtype() == DType::Float32 || x.dtype() == DType::Float64) && axes.size() <= 1) {
    if (axes.empty() || x.dim() == 0) {
      if (!axes.empty()) wrap_axis(axes[0], 1, "logsumexp");
      const Tensor r = logsumexp_along(reshape(x, {x.numel()}), 0);
      return reshape(r, keepdim ? Shape(x.dim(), 1) : Shape{});
    }
    const int64_t a = wrap_axis(axes[0], x.dim(), "logsumexp");
    const Tensor r = logsumexp_along(x, a);
    return keepdim ? r : squeeze(r, a);
  }
  // Shifted by the (constant) maximum; an all -inf or +inf slice keeps its own value.
  Tensor m = amax(x.detach(), axes, true);
  m = where(compare(abs(m), std::numeric_limits<double>::infinity(), Cmp::Eq), scalar_like(m, 0.0), m);
  Tensor r = add(log(sum(exp(sub(x, m)), axes, true)), m);
  if (keepdim) return r;
  Axes all = axes;
  if (all.empty())
    for (int64_t a = 0; a < x.dim(); ++a) all.push_back(a);
  return sum(r, all, false);  // drops the size-1 axes, differentiably
}

Tensor norm(const Tensor& x0, double p, const Axes& axes, bool keepdim) {
  const Tensor x = floating(x0, "norm");
  if (std::isinf(p)) return p > 0 ? amax(abs(x), axes, keepdim) : amin(abs(x), axes, keepdim);
  if (p == 1) return sum(abs(x), axes, keepdim);
  if (!(p > 0)) throw ValueError(msg("norm: p must be positive (or inf), got ", p));
  if (p == 2) {
    // sqrt(Σ x²) would give 0·inf = nan as the gradient at 0; PyTorch's (and ours) is 0 there.
    Axes all;  // the reduced axes, wrapped and ascending
    if (axes.empty())
      for (int64_t a = 0; a < x.dim(); ++a) all.push_back(a);
    for (int64_t a : axes) all.push_back(wrap_axis(a, x.dim(), "norm"));
    std::sort(all.begin(), all.end());
    const Tensor nk = sqrt(sum_squares(x, all));  // keepdim, no graph
    const Tensor out = keepdim ? nk : sum(nk, all, false);
    if (!needs_autograd({&x})) return out;
    SavedTensor sx(x, false);
    // x / ||x|| (0 where the norm is 0), recomputed from x with ops so that it differentiates again.
    const auto unit = [all](const Tensor& xv) {
      const Tensor n = sqrt(sum(mul(xv, xv), all, true));
      return div(xv, where(compare(n, 0.0, Cmp::Eq), scalar_like(n, 1.0), n));
    };
    return record("norm", out, {&x}, [sx, unit, all, keepdim](const Tensor& g, Node& self) {
      Tensor gk = g;
      if (!keepdim)
        for (int64_t a : all) gk = unsqueeze(gk, a);
      return std::vector<Tensor>{mul(gk, unit(sx.unpack(&self)))};
    }, [x, unit, all, keepdim](const Tangents& t) { return sum(mul(t[0], unit(x)), all, keepdim); });
  }
  return pow(sum(pow(abs(x), p), axes, keepdim), 1.0 / p);
}

// ---- registration ----
using namespace registry;

namespace {

// PyTorch's Python forms: correction (1: unbiased), or the older unbiased=True/False.
Tensor var_of(const Tensor& x, const Axes& dim, bool keepdim, double correction, std::optional<bool> unbiased) {
  return var(x, dim, unbiased ? double(*unbiased) : correction, keepdim);
}
Tensor std_of(const Tensor& x, const Axes& dim, bool keepdim, double correction, std::optional<bool> unbiased) {
  return std_dev(x, dim, unbiased ? double(*unbiased) : correction, keepdim);
}

}  // namespace

GG_REGISTER_OP({"var", &var_of, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false},
                                 {"correction", 1.0, true}, {"unbiased", NoneDefault{}, true}},
                "The variance over dim, divided by max(count - correction, 0) (inf or nan when nothing is left).",
                kBoth, {"np.var(x, axis=1, ddof=1)", "real", kDiff, "{'dim': 1}"}});
GG_REGISTER_OP({"std", &std_of, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false},
                                 {"correction", 1.0, true}, {"unbiased", NoneDefault{}, true}},
                "The standard deviation over dim: the square root of var (same arguments).", kBoth,
                {"np.std(x, axis=1, ddof=1)", "real", kDiff, "{'dim': 1}"}});
GG_REGISTER_OP({"logsumexp", &logsumexp, {{"input"}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "log(sum(exp(input))) over dim, computed without overflow (shifted by the maximum).", kBoth,
                {"np.log(np.exp(x).sum(axis=1))", "real", kDiff, "{'dim': 1}"}});
GG_REGISTER_OP({"norm", &norm, {{"input"}, {"p", 2.0}, {"dim", NoneDefault{}, false, "axis"}, {"keepdim", false}},
                "The p-norm (p > 0 or inf) over dim, or of the flattened tensor; the 2-norm's gradient at 0 is 0.",
                kBoth, {"np.sqrt((x * x).sum())", "real"}});

}  // namespace gg
