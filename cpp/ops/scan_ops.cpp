// Scans: one kernel family (kernels/scan.h) and derivatives written with scans, so that they
// differentiate again. cumsum's adjoint is the reverse cumsum; cumprod's divides by the input only
// before its first zero and treats that zero apart (exact with zeros, as PyTorch); logcumsumexp's
// are decay scans, whose exponents are all <= 0 (no overflow); cummax/cummin select with gather.
#include "ops/scan_ops.h"

#include <limits>

#include "core/error.h"
#include "kernels/scan.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/scatter_ops.h"

namespace gg {

namespace {

using kernels::Scan;

// (outer, R, inner) of shape around axis d (a 0-d tensor is one element).
void split_at(const Shape& s, int64_t d, int64_t& outer, int64_t& R, int64_t& inner) {
  outer = inner = R = 1;
  if (s.empty()) return;
  for (int64_t i = 0; i < d; ++i) outer *= s[i];
  R = s[d];
  for (size_t i = d + 1; i < s.size(); ++i) inner *= s[i];
}

// The scan of x along d, no graph.
Tensor scan_raw(const Tensor& x0, int64_t d, Scan op, bool reverse) {
  const Tensor x = x0.contiguous_data();
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  int64_t outer, R, inner;
  split_at(x.shape(), d, outer, R, inner);
  dispatch_all(x.dtype(), "scan", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::scan_axis<T>(x.data<T>(), y.data<T>(), outer, R, inner, op, reverse);
  });
  return y;
}

// The sum of x along d up to each position (reverse: from each position to the end).
Tensor cumsum_dir(const Tensor& x, int64_t d, bool reverse) {
  Tensor y = scan_raw(x, d, Scan::Sum, reverse);
  if (!needs_autograd({&x})) return y;
  return record("cumsum", y, {&x}, [d, reverse](const Tensor& g, Node&) {
    return std::vector<Tensor>{cumsum_dir(g, d, !reverse)};
  }, [d, reverse](const Tangents& t) { return cumsum_dir(t[0], d, reverse); });
}

// y[i] = sum over k <= i of exp(w[k] - w[i]) b[k] (reverse: k >= i, exp(w[i] - w[k])); the two
// directions are each other's adjoint in b.
Tensor decay_scan(const Tensor& w0, const Tensor& b0, int64_t d, bool reverse) {
  const Tensor w = w0.contiguous_data(), b = b0.contiguous_data();
  Tensor y = Tensor::empty(w.shape(), w.dtype());
  int64_t outer, R, inner;
  split_at(w.shape(), d, outer, R, inner);
  dispatch_float(w.dtype(), "logcumsumexp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::decay_scan_axis<T>(w.data<T>(), b.data<T>(), y.data<T>(), outer, R, inner, reverse);
  });
  if (!needs_autograd({&w0, &b0})) return y;
  const double sign = reverse ? -1.0 : 1.0;
  SavedTensor sw(w0, false), sb(b0, false), sy(y, true);
  auto jvp = [=](const Tangents& t) {
    Tensor out = t[1].defined() ? decay_scan(w0, t[1], d, reverse) : Tensor();
    if (t[0].defined())
      out = tangent_sum(out, mul(sub(decay_scan(w0, mul(t[0], b0), d, reverse), mul(t[0], y)), sign));
    return out;
  };
  return record("logcumsumexp_backward", y, {&w0, &b0}, [=](const Tensor& h, Node& node) {
    const Tensor w = sw.unpack(&node), b = sb.unpack(&node), out = sy.unpack(&node);
    const Tensor adj = decay_scan(w, h, d, !reverse);
    return std::vector<Tensor>{mul(sub(mul(b, adj), mul(h, out)), sign), adj};
  }, jvp);
}

int64_t scan_axis_of(const Tensor& x, int64_t dim, const char* op) { return x.dim() == 0 ? 0 : wrap_axis(dim, x.dim(), op); }

Tensor cast_for(const Tensor& x, std::optional<DType> dtype) {
  const DType dt = dtype ? *dtype : is_floating(x.dtype()) ? x.dtype() : DType::Int64;
  return x.dtype() == dt ? x : to_dtype(x, dt);
}

Tensor cumprod_along(const Tensor& x, int64_t d);

// cumprod's derivative pieces at x: z the first zero of each line (bool), before = positions before
// it, x_safe = x with zeros as 1, x1 = x with the first zero as 1 and y1 = cumprod(x1).
struct ProdParts {
  Tensor first, before, x_safe, y1;
  bool zeros = false;
};
ProdParts prod_parts(const Tensor& x, int64_t d) {
  ProdParts p;
  const Tensor zero = compare(x.detach(), 0.0, Cmp::Eq);
  const Tensor one = scalar_like(x, 1.0);
  p.x_safe = where(zero, one, x);
  const Tensor zi = to_dtype(zero, DType::Int64);
  p.zeros = sum(zi).item() > 0;
  if (!p.zeros) return p;
  const Tensor c = scan_raw(zi, d, Scan::Sum, false);  // zeros up to each position
  p.before = compare(c, 0.0, Cmp::Eq);
  p.first = where(zero, compare(c, 1.0, Cmp::Eq), zero);
  p.y1 = cumprod_along(where(p.first, one, x), d);
  return p;
}

// The gradient of sum(g * cumprod(x)) (y = cumprod(x)), exact with zeros: before a line's first
// zero z it is the reverse cumsum of g * y over x; at z, that of g * y1 (y1 = cumprod with x[z] as
// 1); after z, x[z] times the same gradient of y1 for g after z, which handles the next zero. The
// last term is zero in value but not in its derivative: second derivatives stay exact too.
Tensor cumprod_grad(const Tensor& x, const Tensor& y, const Tensor& g, int64_t d) {
  const ProdParts p = prod_parts(x, d);
  const Tensor before = div(cumsum_dir(mul(g, y), d, true), p.x_safe);
  if (!p.zeros) return before;
  const Tensor zero = scalar_like(g, 0.0);
  const Tensor at_zero = cumsum_dir(mul(g, p.y1), d, true);
  const Tensor xz = sum(where(p.first, x, scalar_like(x, 0.0)), {d}, true);
  const Tensor x1 = where(p.first, scalar_like(x, 1.0), x);
  const Tensor after = mul(xz, cumprod_grad(x1, p.y1, where(p.before, zero, g), d));
  return where(p.before, before, where(p.first, at_zero, after));
}

Tensor cumprod_along(const Tensor& x, int64_t d) {
  Tensor y = scan_raw(x, d, Scan::Prod, false);
  if (!needs_autograd({&x})) return y;
  SavedTensor sx(x, false), sy(y, true);
  auto jvp = [x, y, d](const Tangents& t) {
    const ProdParts p = prod_parts(x, d);
    Tensor out = mul(y, cumsum_dir(div(t[0], p.x_safe), d, false));
    if (!p.zeros) return out;
    const Tensor tz = sum(where(p.first, t[0], scalar_like(t[0], 0.0)), {d}, true);
    return where(p.before, out, mul(tz, p.y1));
  };
  return record("cumprod", y, {&x}, [sx, sy, d](const Tensor& g, Node& node) {
    return std::vector<Tensor>{cumprod_grad(sx.unpack(&node), sy.unpack(&node), g, d)};
  }, jvp);
}

template <bool Greater>
std::pair<Tensor, Tensor> cum_extreme(const Tensor& x, int64_t dim, const char* op) {
  const int64_t d = scan_axis_of(x, dim, op);
  const Tensor xc = x.contiguous_data();
  Tensor v = Tensor::empty(xc.shape(), xc.dtype()), idx = Tensor::empty(xc.shape(), DType::Int64);
  int64_t outer, R, inner;
  split_at(xc.shape(), d, outer, R, inner);
  dispatch_all(xc.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::cum_extreme_axis<T>(xc.data<T>(), v.data<T>(), idx.data<int64_t>(), outer, R, inner, Greater);
  });
  if (!needs_autograd({&x})) return {v, idx};
  return {gather(x, d, idx), idx};  // the values again, with the gradient to the selected positions
}

}  // namespace

// Storage dtypes scan in their compute dtype; floats come back in theirs, integers stay int64 (PyTorch).
Tensor in_result_dtype(const Tensor& y, DType d) { return is_floating(d) ? as_dtype(y, d) : y; }

Tensor cumsum(const Tensor& x, int64_t dim, std::optional<DType> dtype) {
  const Tensor xc = cast_for(x, dtype);
  return in_result_dtype(cumsum_dir(in_compute(xc), scan_axis_of(x, dim, "cumsum"), false), xc.dtype());
}

Tensor cumprod(const Tensor& x, int64_t dim, std::optional<DType> dtype) {
  const Tensor xc = cast_for(x, dtype);
  return in_result_dtype(cumprod_along(in_compute(xc), scan_axis_of(x, dim, "cumprod")), xc.dtype());
}

template <bool Greater>
std::pair<Tensor, Tensor> cum_extreme_any(const Tensor& x, int64_t dim, const char* op) {
  auto [v, i] = cum_extreme<Greater>(in_compute(x), dim, op);
  return {as_dtype(v, x.dtype()), i};
}

std::pair<Tensor, Tensor> cummax(const Tensor& x, int64_t dim) { return cum_extreme_any<true>(x, dim, "cummax"); }
std::pair<Tensor, Tensor> cummin(const Tensor& x, int64_t dim) { return cum_extreme_any<false>(x, dim, "cummin"); }

Tensor logcumsumexp(const Tensor& x, int64_t dim) {
  if (!is_floating(x.dtype()))
    throw TypeError(msg("logcumsumexp: expected a float tensor, got ", dtype_name(x.dtype())));
  if (compute_dtype(x.dtype()) != x.dtype()) return as_dtype(logcumsumexp(in_compute(x), dim), x.dtype());
  const int64_t d = scan_axis_of(x, dim, "logcumsumexp");
  Tensor y = scan_raw(x, d, Scan::LogSumExp, false);
  if (!needs_autograd({&x})) return y;
  // d y[i] / d x[k] = exp(x[k] - y[i]) for k <= i.
  const auto weight = [](const Tensor& x, const Tensor& y) {
    const Tensor ninf = compare(x.detach(), -std::numeric_limits<double>::infinity(), Cmp::Eq);
    return where(ninf, scalar_like(x, 0.0), exp(sub(x, y)));
  };
  SavedTensor sx(x, false), sy(y, true);
  return record("logcumsumexp", y, {&x}, [sx, sy, d, weight](const Tensor& g, Node& node) {
    const Tensor x = sx.unpack(&node), y = sy.unpack(&node);
    return std::vector<Tensor>{mul(weight(x, y), decay_scan(y, g, d, true))};
  }, [x, y, d, weight](const Tangents& t) { return decay_scan(y, mul(weight(x, y), t[0]), d, false); });
}

// ---- registration ----
using namespace registry;

GG_REGISTER_OP({"cumsum", &cumsum, {{"input"}, {"dim"}, {"dtype", NoneDefault{}, true}},
                "The running sum along dim; integer and bool inputs give int64 unless dtype says otherwise.", kBoth,
                {"np.cumsum(x, axis=-1).reshape(x.shape)", "real", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"cumprod", &cumprod, {{"input"}, {"dim"}, {"dtype", NoneDefault{}, true}},
                "The running product along dim; the gradient is exact where the input has zeros.", kBoth,
                {"np.cumprod(x, axis=-1).reshape(x.shape)", "real", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"cummax", &cummax, {{"input"}, {"dim"}},
                "(values, indices): the running maximum along dim and where it was last reached (a NaN, once met, "
                "stays the maximum).", kBoth,
                {"np.maximum.accumulate(x, axis=-1)", "distinct", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"cummin", &cummin, {{"input"}, {"dim"}},
                "(values, indices): the running minimum along dim and where it was last reached (a NaN, once met, "
                "stays the minimum).", kBoth,
                {"np.minimum.accumulate(x, axis=-1)", "distinct", kDiff | kIntegers, "{'dim': -1}"}});
GG_REGISTER_OP({"logcumsumexp", &logcumsumexp, {{"input"}, {"dim"}},
                "log(cumsum(exp(input))) along dim, computed without overflow (and its derivatives too).", kBoth,
                {"np.logaddexp.accumulate(x, axis=-1)", "real", kDiff, "{'dim': -1}"}});

}  // namespace gg
