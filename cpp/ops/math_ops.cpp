// More of PyTorch's math: elementwise functions whose derivative is a formula in x and the
// output (one helper records them all), rounding (no gradient, like sign), and reductions
// composed of existing ops (var, std, logsumexp, norm), which differentiate through them.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/unary.h"

namespace gg {

namespace {

// out[i] = f(x[i]) in x's float dtype; d(out)/dx = deriv(x, out), written with ops so that it
// records when differentiated again.
template <class F, class D>
Tensor unary_with(const char* op, const Tensor& x, F f, D deriv) {
  Tensor out = unary(op, x, f);
  if (!needs_autograd({&x})) return out;
  SavedTensor sx(x, false), so(out, true);
  return record(op, out, {&x}, [sx, so, deriv](const Tensor& g, Node& self) {
    return std::vector<Tensor>{mul(g, deriv(sx.unpack(&self), so.unpack(&self)))};
  }, [x, out, deriv](const Tangents& t) { return mul(t[0], deriv(x, out)); });
}

// Rounding: piecewise constant, so no gradient (the output does not require grad, as sign).
template <class F>
Tensor rounding(const char* op, const Tensor& x, F f) {
  return is_floating(x.dtype()) ? unary(op, x, f) : x;
}

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

Tensor sin(const Tensor& x0) {
  const Tensor x = floating(x0, "sin");
  return unary_with("sin", x, [](auto v) { return std::sin(v); }, [](const Tensor& x, const Tensor&) { return cos(x); });
}

Tensor cos(const Tensor& x0) {
  const Tensor x = floating(x0, "cos");
  return unary_with("cos", x, [](auto v) { return std::cos(v); },
                    [](const Tensor& x, const Tensor&) { return neg(sin(x)); });
}

Tensor log1p(const Tensor& x0) {
  const Tensor x = floating(x0, "log1p");
  return unary_with("log1p", x, [](auto v) { return std::log1p(v); },
                    [](const Tensor& x, const Tensor&) { return div(scalar_like(x, 1.0), add(x, 1.0)); });
}

Tensor expm1(const Tensor& x0) {
  const Tensor x = floating(x0, "expm1");
  return unary_with("expm1", x, [](auto v) { return std::expm1(v); },
                    [](const Tensor&, const Tensor& y) { return add(y, 1.0); });
}

Tensor erf(const Tensor& x0) {
  const Tensor x = floating(x0, "erf");
  return unary_with("erf", x, [](auto v) { return std::erf(v); }, [](const Tensor& x, const Tensor&) {
    return mul(exp(neg(mul(x, x))), 2.0 / std::sqrt(M_PI));  // 2/√π e^{-x²}
  });
}

Tensor reciprocal(const Tensor& x0) {
  const Tensor x = floating(x0, "reciprocal");
  return unary_with("reciprocal", x, [](auto v) { return decltype(v)(1) / v; },
                    [](const Tensor&, const Tensor& y) { return neg(mul(y, y)); });
}

Tensor rsqrt(const Tensor& x0) {
  const Tensor x = floating(x0, "rsqrt");
  return unary_with("rsqrt", x, [](auto v) { return decltype(v)(1) / std::sqrt(v); },
                    [](const Tensor&, const Tensor& y) { return mul(mul(y, mul(y, y)), -0.5); });
}

Tensor square(const Tensor& x) { return mul(x, x); }

Tensor softplus(const Tensor& x0, double beta, double threshold) {
  const Tensor x = floating(x0, "softplus");
  if (!(beta > 0)) throw ValueError(msg("softplus: beta must be positive, got ", beta));
  // (log(1 + e^{-|βx|}) + max(βx, 0)) / β never overflows; above the threshold it is x itself.
  return unary_with("softplus", x, [beta, threshold](auto v) {
    using T = decltype(v);
    const T bx = T(beta) * v;
    return bx > T(threshold) ? v : (std::log1p(std::exp(-std::abs(bx))) + std::max(bx, T(0))) / T(beta);
  }, [beta, threshold](const Tensor& x, const Tensor&) {
    const Tensor bx = mul(x, beta);
    return where(compare(bx, threshold, Cmp::Gt), scalar_like(x, 1.0), sigmoid(bx));
  });
}

Tensor floor(const Tensor& x) { return rounding("floor", x, [](auto v) { return std::floor(v); }); }
Tensor ceil(const Tensor& x) { return rounding("ceil", x, [](auto v) { return std::ceil(v); }); }
Tensor trunc(const Tensor& x) { return rounding("trunc", x, [](auto v) { return std::trunc(v); }); }
// Halves to even, as torch.round and NumPy's round.
Tensor round(const Tensor& x) { return rounding("round", x, [](auto v) { return std::nearbyint(v); }); }

Tensor var(const Tensor& x0, const Axes& axes, double correction, bool keepdim) {
  const Tensor x = floating(x0, "var");
  const Tensor d = sub(x, mean(x, axes, true));
  const double n = static_cast<double>(reduced_count(x, axes)) - correction;
  // PyTorch gives inf (or nan for 0/0) when n - correction <= 0, with a warning; so do we, silently.
  return div(sum(mul(d, d), axes, keepdim), n);
}

namespace {

// sqrt of a variance whose gradient is 0 where the std is 0, not g / 0 (PyTorch's std_backward):
// a constant input gets a zero gradient instead of NaN.
Tensor std_from_var(const Tensor& v) {
  Tensor out = unary("std", v, [](auto x) { return std::sqrt(x); });
  if (!needs_autograd({&v})) return out;
  auto deriv = [](const Tensor& g, const Tensor& y) {
    return where(compare(y, 0.0, Cmp::Eq), scalar_like(g, 0.0), div(g, mul(y, 2.0)));
  };
  SavedTensor so(out, true);
  return record("std", out, {&v}, [so, deriv](const Tensor& g, Node& self) {
    return std::vector<Tensor>{deriv(g, so.unpack(&self))};
  }, [out, deriv](const Tangents& t) { return deriv(t[0], out); });
}

}  // namespace

Tensor std_dev(const Tensor& x, const Axes& axes, double correction, bool keepdim) {
  return std_from_var(var(x, axes, correction, keepdim));
}

Tensor logsumexp(const Tensor& x0, const Axes& axes, bool keepdim) {
  const Tensor x = floating(x0, "logsumexp");
  if (x.numel() == 0) return log(sum(exp(x), axes, keepdim));
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
    const Tensor xd = x.detach();
    const Tensor nk = sqrt(sum(mul(xd, xd), all, true));  // keepdim, no graph
    const Tensor out = keepdim ? nk : sum(nk, all, false);
    if (!needs_autograd({&x})) return out;
    SavedTensor sx(x, false);
    const Tensor safe = where(compare(nk, 0.0, Cmp::Eq), scalar_like(nk, 1.0), nk);
    return record("norm", out, {&x}, [sx, safe, all, keepdim](const Tensor& g, Node& self) {
      Tensor gk = g;
      if (!keepdim)
        for (int64_t a : all) gk = unsqueeze(gk, a);
      return std::vector<Tensor>{mul(gk, div(sx.unpack(&self), safe))};
    }, [x, safe, all, keepdim](const Tangents& t) { return sum(mul(t[0], div(x, safe)), all, keepdim); });
  }
  return pow(sum(pow(abs(x), p), axes, keepdim), 1.0 / p);
}

}  // namespace gg
