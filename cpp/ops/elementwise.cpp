// Elementwise ops: forward through kernels/elementwise.h, backward through these same ops.
#include <cmath>

#include "core/error.h"
#include "kernels/elementwise.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/unary.h"

namespace gg {

namespace {

std::vector<Tensor> none(size_t n) { return std::vector<Tensor>(n); }

// Casts to `dt` when needed (differentiable between float dtypes).
Tensor as(const Tensor& x, DType dt) { return x.dtype() == dt ? x : to_dtype(x, dt); }

// out = f(a, b) with NumPy broadcasting, computed in dtype `dt`, stored as `out_dt`.
template <class F>
Tensor binary(const char* op, const Tensor& a0, const Tensor& b0, DType dt, DType out_dt, F f) {
  const Shape shape = broadcast_shapes(a0.shape(), b0.shape(), op);
  const Tensor a = a0.dtype() == dt ? a0 : a0.copy_data(dt);
  const Tensor b = b0.dtype() == dt ? b0 : b0.copy_data(dt);
  Tensor out = Tensor::empty(shape, out_dt);
  dispatch_all(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    dispatch_all(out_dt, [&](auto otag) {
      using O = typename decltype(otag)::type;
      kernels::map2(out.data<O>(), shape, a.data<T>(), broadcast_strides(a.shape(), a.strides(), shape), b.data<T>(),
                    broadcast_strides(b.shape(), b.strides(), shape),
                    [f](T x, T y) { return static_cast<O>(f(x, y)); });
    });
  });
  return out;
}

DType arith_dtype(const char* op, const Tensor& a, const Tensor& b) {
  const DType d = promote(a.dtype(), b.dtype());
  if (d == DType::Bool) throw TypeError(msg(op, ": arithmetic on two bool tensors is not supported"));
  return d;
}

}  // namespace

Tensor tangent_sum(const Tensor& a, const Tensor& b) {
  return !a.defined() ? b : (!b.defined() ? a : add(a, b));
}

Tensor detail::broadcast_tangent(const Tensor& tangent, const Tensor& out) {
  const Tensor t = tangent.shape() == out.shape() ? tangent : expand(tangent, out.shape());
  return t.dtype() == out.dtype() ? t : to_dtype(t, out.dtype());
}

Tensor detail::own_tangent(const Tensor& tangent, const Tensor& out, const std::vector<Tensor>& input_tangents) {
  if (out.impl()->is_view) return tangent;
  for (const Tensor& t : input_tangents)
    if (t.defined() && t.storage() == tangent.storage()) return clone(tangent);
  return tangent;
}

Tensor scalar_like(const Tensor& x, double v) { return Tensor::scalar(v, is_floating(x.dtype()) ? x.dtype() : DType::Float32); }
Tensor zeros_like(const Tensor& x) { return Tensor::zeros(x.shape(), x.dtype()); }
Tensor ones_like(const Tensor& x) { return Tensor::full(x.shape(), 1.0, x.dtype()); }

Tensor to_dtype(const Tensor& x, DType dt) {
  if (x.dtype() == dt) return x;
  Tensor out = x.copy_data(dt);
  if (!is_floating(dt) || !needs_autograd({&x})) return out;
  const DType src = x.dtype();
  return record(
      "to", out, {&x}, [src](const Tensor& g, Node&) { return std::vector<Tensor>{to_dtype(g, src)}; },
      [dt](const Tangents& t) { return to_dtype(t[0], dt); });
}

Tensor add(const Tensor& a, const Tensor& b) {
  const DType d = arith_dtype("add", a, b);
  Tensor out = binary("add", a, b, d, d, [](auto x, auto y) { return x + y; });
  if (!needs_autograd({&a, &b})) return out;
  return record("add", out, {&a, &b}, [sa = a.shape(), sb = b.shape(), da = a.dtype(), db = b.dtype()](
                                          const Tensor& g, Node& self) {
    auto r = none(2);
    if (self.needs_grad(0)) r[0] = as(sum_to(g, sa), da);
    if (self.needs_grad(1)) r[1] = as(sum_to(g, sb), db);
    return r;
  }, [](const Tangents& t) { return tangent_sum(t[0], t[1]); });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  const DType d = arith_dtype("sub", a, b);
  Tensor out = binary("sub", a, b, d, d, [](auto x, auto y) { return x - y; });
  if (!needs_autograd({&a, &b})) return out;
  return record("sub", out, {&a, &b}, [sa = a.shape(), sb = b.shape(), da = a.dtype(), db = b.dtype()](
                                          const Tensor& g, Node& self) {
    auto r = none(2);
    if (self.needs_grad(0)) r[0] = as(sum_to(g, sa), da);
    if (self.needs_grad(1)) r[1] = as(neg(sum_to(g, sb)), db);
    return r;
  }, [](const Tangents& t) { return tangent_sum(t[0], t[1].defined() ? neg(t[1]) : Tensor()); });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  const DType d = arith_dtype("mul", a, b);
  Tensor out = binary("mul", a, b, d, d, [](auto x, auto y) { return x * y; });
  if (!needs_autograd({&a, &b})) return out;
  SavedTensor sa(a, false), sb(b, false);
  return record("mul", out, {&a, &b}, [sa, sb, da = a.dtype(), db = b.dtype(), ha = a.shape(), hb = b.shape()](
                                          const Tensor& g, Node& self) {
    auto r = none(2);
    if (self.needs_grad(0)) r[0] = as(sum_to(mul(g, sb.unpack(&self)), ha), da);
    if (self.needs_grad(1)) r[1] = as(sum_to(mul(g, sa.unpack(&self)), hb), db);
    return r;
  }, [a, b](const Tangents& t) {
    return tangent_sum(t[0].defined() ? mul(t[0], b) : Tensor(), t[1].defined() ? mul(a, t[1]) : Tensor());
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  DType d = arith_dtype("div", a, b);
  if (!is_floating(d)) d = DType::Float32;  // true division, as in NumPy and PyTorch
  Tensor out = binary("div", a, b, d, d, [](auto x, auto y) { return x / y; });
  if (!needs_autograd({&a, &b})) return out;
  SavedTensor sa(a, false), sb(b, false);
  return record("div", out, {&a, &b}, [sa, sb, da = a.dtype(), db = b.dtype(), ha = a.shape(), hb = b.shape()](
                                          const Tensor& g, Node& self) {
    auto r = none(2);
    const Tensor bv = sb.unpack(&self);
    if (self.needs_grad(0)) r[0] = as(sum_to(div(g, bv), ha), da);
    if (self.needs_grad(1)) r[1] = as(sum_to(neg(div(mul(g, sa.unpack(&self)), mul(bv, bv))), hb), db);
    return r;
  }, [b, out](const Tangents& t) {  // (ta - out·tb) / b
    return div(tangent_sum(t[0], t[1].defined() ? neg(mul(out, t[1])) : Tensor()), b);
  });
}

Tensor add(const Tensor& a, double b) { return add(a, scalar_like(a, b)); }
Tensor sub(const Tensor& a, double b) { return sub(a, scalar_like(a, b)); }
Tensor rsub(const Tensor& a, double b) { return sub(scalar_like(a, b), a); }
Tensor mul(const Tensor& a, double b) { return mul(a, scalar_like(a, b)); }
Tensor div(const Tensor& a, double b) { return div(a, scalar_like(a, b)); }
Tensor rdiv(const Tensor& a, double b) { return div(scalar_like(a, b), a); }

Tensor neg(const Tensor& x) {
  Tensor out = unary("neg", x, [](auto v) { return -v; });
  if (!needs_autograd({&x})) return out;
  return record(
      "neg", out, {&x}, [](const Tensor& g, Node&) { return std::vector<Tensor>{neg(g)}; },
      [](const Tangents& t) { return neg(t[0]); });
}

Tensor pow(const Tensor& x, double p) {
  Tensor out = p == 2.0 ? unary("pow", x, [](auto v) { return v * v; })
                        : unary("pow", x, [p](auto v) { return std::pow(v, static_cast<decltype(v)>(p)); });
  if (!needs_autograd({&x})) return out;
  // d(x^p)/dx, shared by both modes.
  auto deriv = [p](const Tensor& xv) { return p == 2.0 ? mul(xv, 2.0) : mul(pow(xv, p - 1.0), p); };
  SavedTensor sx(x, false);
  return record(
      "pow", out, {&x},
      [sx, deriv](const Tensor& g, Node& self) { return std::vector<Tensor>{mul(g, deriv(sx.unpack(&self)))}; },
      [x, deriv](const Tangents& t) { return mul(t[0], deriv(x)); });
}

Tensor rpow(const Tensor& x, double base) { return exp(mul(x, std::log(base))); }

Tensor exp(const Tensor& x) {
  Tensor out = unary_vmath("exp", x, kernels::vmath().unary.exp, [](auto v) { return std::exp(v); });
  if (!needs_autograd({&x})) return out;
  SavedTensor so(out, true);
  return record(
      "exp", out, {&x}, [so](const Tensor& g, Node& self) { return std::vector<Tensor>{mul(g, so.unpack(&self))}; },
      [out](const Tangents& t) { return mul(t[0], out); });
}

Tensor log(const Tensor& x) {
  Tensor out = unary_vmath("log", x, kernels::vmath().unary.log, [](auto v) { return std::log(v); });
  if (!needs_autograd({&x})) return out;
  SavedTensor sx(x, false);
  return record(
      "log", out, {&x}, [sx](const Tensor& g, Node& self) { return std::vector<Tensor>{div(g, sx.unpack(&self))}; },
      [x](const Tangents& t) { return div(t[0], x); });
}

Tensor sqrt(const Tensor& x) {
  Tensor out = unary("sqrt", x, [](auto v) { return std::sqrt(v); });
  if (!needs_autograd({&x})) return out;
  SavedTensor so(out, true);
  return record("sqrt", out, {&x}, [so](const Tensor& g, Node& self) {
    return std::vector<Tensor>{div(g, mul(so.unpack(&self), 2.0))};
  }, [out](const Tangents& t) { return div(t[0], mul(out, 2.0)); });
}

Tensor sign(const Tensor& x) {
  return unary("sign", x, [](auto v) { return static_cast<decltype(v)>((v > 0) - (v < 0)); });
}

Tensor abs(const Tensor& x) {
  Tensor out = unary("abs", x, [](auto v) { return std::abs(v); });
  if (!needs_autograd({&x})) return out;
  SavedTensor sx(x, false);
  return record(
      "abs", out, {&x}, [sx](const Tensor& g, Node& self) { return std::vector<Tensor>{mul(g, sign(sx.unpack(&self)))}; },
      [x](const Tangents& t) { return mul(t[0], sign(x)); });
}

Tensor tanh(const Tensor& x) {
  Tensor out = unary_vmath("tanh", x, kernels::vmath().unary.tanh, [](auto v) { return std::tanh(v); });
  if (!needs_autograd({&x})) return out;
  SavedTensor so(out, true);
  return record("tanh", out, {&x}, [so](const Tensor& g, Node& self) {
    const Tensor y = so.unpack(&self);
    return std::vector<Tensor>{mul(g, rsub(mul(y, y), 1.0))};
  }, [out](const Tangents& t) { return mul(t[0], rsub(mul(out, out), 1.0)); });
}

Tensor sigmoid(const Tensor& x) {
  // Two branches keep exp from overflowing for large |v|.
  Tensor out = unary_vmath("sigmoid", x, kernels::vmath().unary.sigmoid, [](auto v) {
    using T = decltype(v);
    if (v >= 0) return T(1) / (T(1) + std::exp(-v));
    const T e = std::exp(v);
    return e / (T(1) + e);
  });
  if (!needs_autograd({&x})) return out;
  SavedTensor so(out, true);
  return record("sigmoid", out, {&x}, [so](const Tensor& g, Node& self) {
    const Tensor y = so.unpack(&self);
    return std::vector<Tensor>{mul(g, mul(y, rsub(y, 1.0)))};
  }, [out](const Tangents& t) { return mul(t[0], mul(out, rsub(out, 1.0))); });
}

Tensor relu(const Tensor& x) {
  Tensor out = unary("relu", x, [](auto v) { return v > 0 ? v : decltype(v)(0); });
  if (!needs_autograd({&x})) return out;
  SavedTensor so(out, true);
  return record("relu", out, {&x}, [so](const Tensor& g, Node& self) {
    return std::vector<Tensor>{threshold_backward(g, so.unpack(&self))};
  }, [out](const Tangents& t) { return threshold_backward(t[0], out); });
}

Tensor threshold_backward(const Tensor& grad, const Tensor& y) {
  Tensor out = binary("threshold_backward", grad, y, grad.dtype(), grad.dtype(),
                      [](auto g, auto v) { return v > 0 ? g : decltype(g)(0); });
  if (!needs_autograd({&grad, &y})) return out;
  SavedTensor sy(y, false);
  // Piecewise constant in y: only grad's tangent contributes.
  return record("threshold_backward", out, {&grad, &y}, [sy](const Tensor& g, Node& self) {
    return std::vector<Tensor>{threshold_backward(g, sy.unpack(&self)), Tensor()};
  }, [y](const Tangents& t) { return t[0].defined() ? threshold_backward(t[0], y) : Tensor(); });
}

Tensor leaky_relu(const Tensor& x, double slope) {
  Tensor out = unary("leaky_relu", x, [slope](auto v) { return v > 0 ? v : static_cast<decltype(v)>(slope) * v; });
  if (!needs_autograd({&x})) return out;
  auto deriv = [slope](const Tensor& xv) {
    return where(compare(xv, 0.0, Cmp::Gt), scalar_like(xv, 1.0), scalar_like(xv, slope));
  };
  SavedTensor sx(x, false);
  return record(
      "leaky_relu", out, {&x},
      [sx, deriv](const Tensor& g, Node& self) { return std::vector<Tensor>{mul(g, deriv(sx.unpack(&self)))}; },
      [x, deriv](const Tangents& t) { return mul(t[0], deriv(x)); });
}

Tensor clamp(const Tensor& x, std::optional<double> lo, std::optional<double> hi) {
  if (lo && hi && *lo > *hi) throw ValueError(msg("clamp: min ", *lo, " is greater than max ", *hi));
  const double l = lo.value_or(-INFINITY), h = hi.value_or(INFINITY);
  Tensor out = unary("clamp", x, [l, h](auto v) {
    using T = decltype(v);
    return v < T(l) ? T(l) : (v > T(h) ? T(h) : v);  // NaN passes through
  });
  if (!needs_autograd({&x})) return out;
  // 1 where x lies inside [lo, hi] (where the result follows x), else 0.
  auto inside = [l, h](const Tensor& xv) {
    return binary("clamp", xv, xv, xv.dtype(), xv.dtype(), [l, h](auto v, auto) { return (v >= l && v <= h) ? 1 : 0; });
  };
  SavedTensor sx(x, false);
  return record(
      "clamp", out, {&x},
      [sx, inside](const Tensor& g, Node& self) { return std::vector<Tensor>{mul(g, inside(sx.unpack(&self)))}; },
      [x, inside](const Tangents& t) { return mul(t[0], inside(x)); });
}

Tensor maximum(const Tensor& a, const Tensor& b) { return where(compare(a, b, Cmp::Ge), a, b); }
Tensor minimum(const Tensor& a, const Tensor& b) { return where(compare(a, b, Cmp::Le), a, b); }

Tensor where(const Tensor& cond, const Tensor& a0, const Tensor& b0) {
  const DType d = promote(a0.dtype(), b0.dtype());
  const Tensor a = as(a0, d), b = as(b0, d);
  const Tensor c = cond.dtype() == DType::Bool ? cond : compare(cond, 0.0, Cmp::Ne);
  const Shape shape = broadcast_shapes(broadcast_shapes(c.shape(), a.shape(), "where"), b.shape(), "where");
  Tensor out = Tensor::empty(shape, d);
  dispatch_all(d, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map3(out.data<T>(), shape, c.data<bool>(), broadcast_strides(c.shape(), c.strides(), shape), a.data<T>(),
                  broadcast_strides(a.shape(), a.strides(), shape), b.data<T>(),
                  broadcast_strides(b.shape(), b.strides(), shape), [](bool k, T x, T y) { return k ? x : y; });
  });
  if (!needs_autograd({&a, &b})) return out;
  return record("where", out, {&a, &b}, [c, sa = a.shape(), sb = b.shape()](const Tensor& g, Node& self) {
    auto r = none(2);
    const Tensor z = scalar_like(g, 0.0);
    if (self.needs_grad(0)) r[0] = sum_to(where(c, g, z), sa);
    if (self.needs_grad(1)) r[1] = sum_to(where(c, z, g), sb);
    return r;
  }, [c](const Tangents& t) {
    const Tensor& any = t[0].defined() ? t[0] : t[1];
    const Tensor z = scalar_like(any, 0.0);
    return where(c, t[0].defined() ? t[0] : z, t[1].defined() ? t[1] : z);
  });
}

Tensor compare(const Tensor& a, const Tensor& b, Cmp op) {
  const DType d = promote(a.dtype(), b.dtype());
  switch (op) {
    case Cmp::Eq: return binary("eq", a, b, d, DType::Bool, [](auto x, auto y) { return x == y; });
    case Cmp::Ne: return binary("ne", a, b, d, DType::Bool, [](auto x, auto y) { return x != y; });
    case Cmp::Lt: return binary("lt", a, b, d, DType::Bool, [](auto x, auto y) { return x < y; });
    case Cmp::Le: return binary("le", a, b, d, DType::Bool, [](auto x, auto y) { return x <= y; });
    case Cmp::Gt: return binary("gt", a, b, d, DType::Bool, [](auto x, auto y) { return x > y; });
    default: return binary("ge", a, b, d, DType::Bool, [](auto x, auto y) { return x >= y; });
  }
}

Tensor compare(const Tensor& a, double b, Cmp op) {
  // A Python number compares in the tensor's dtype (a float for integer tensors with fractions).
  const bool frac = !is_floating(a.dtype()) && b != std::floor(b);
  return compare(a, Tensor::scalar(b, frac ? DType::Float64 : a.dtype()), op);
}

Tensor logical_not(const Tensor& x) { return compare(x, 0.0, Cmp::Eq); }

}  // namespace gg
