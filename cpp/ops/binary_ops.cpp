// Elementwise ops: forward through kernels/map.h, backward through these same ops.
#include <cmath>
#include <type_traits>

#include "core/error.h"
#include "core/parallel.h"
#include "core/tls.h"
#include "core/wrap.h"
#include "kernels/map.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/result_type.h"

namespace gg {

namespace {

InputGrads none(size_t n) { return InputGrads(n); }

// {a, b} without an initializer_list, whose elements are copied once more (two reference counts
// per gradient: a third of a scalar add's backward).
InputGrads grads(Tensor a, Tensor b) {
  InputGrads r;
  r.push_back(std::move(a));
  r.push_back(std::move(b));
  return r;
}

// Casts to `dt` when needed (differentiable between float dtypes).
Tensor as(const Tensor& x, DType dt) { return x.dtype() == dt ? x : to_dtype(x, dt); }

// `x` in the dtype its kernels compute `dt` in (core/dtype.h's compute_dtype).
Tensor in_compute(const Tensor& x, DType dt) {
  const DType ct = compute_dtype(dt);
  return x.dtype() == ct ? x : x.copy_data(ct);
}

// The common small case: operands already in the compute dtype, each dense in the other's layout
// or a 0-d value, and too few elements to split across threads. Returns the output's shape and
// sets each operand's step (1 dense, 0 one repeated value), or null for the general path.
[[gnu::noinline]] const Shape* dense_pair_shaped(const Tensor& a, const Tensor& b, int64_t steps[3]);
inline const Shape* dense_pair(const Tensor& a, const Tensor& b, DType ct, int64_t steps[3]) {
  if (a.dtype() != ct || b.dtype() != ct) return nullptr;
  if (a.dim() == 0 && b.dim() == 0) {  // two scalars (the lecture's case): nothing to check
    steps[0] = steps[1] = steps[2] = 1;
    return &a.shape();
  }
  return dense_pair_shaped(a, b, steps);
}
// dense_pair with a dimension or more: apart, so that the scalar case inlines (a call and its
// saved registers were a tenth of a scalar op's forward).
const Shape* dense_pair_shaped(const Tensor& a, const Tensor& b, int64_t steps[3]) {
  const Tensor* o = a.dim() >= b.dim() ? &a : &b;
  const int64_t n = o->numel();
  if (n >= kGrainElementwise || !o->is_contiguous()) return nullptr;
  const Tensor* other = o == &a ? &b : &a;
  if (other->dim() != 0 && (other->shape() != o->shape() || !other->is_contiguous())) return nullptr;
  steps[0] = 1;
  steps[1] = a.dim() == 0 && n != 1 ? 0 : 1;
  steps[2] = b.dim() == 0 && n != 1 ? 0 : 1;
  return &o->shape();
}

// binary's operands with a dimension or more, or to cast or broadcast: apart from the 0-d case,
// which then saves fewer registers.
template <bool ToBool, class F>
[[gnu::noinline]] Tensor binary_shaped(const char* op, const Tensor& a0, const Tensor& b0, DType dt,
                                       const Shape* dense, const int64_t steps[3], F f) {
  const DType ct = compute_dtype(dt);
  Shape broadcast;
  Tensor ac, bc;
  if (!dense) {
    broadcast = broadcast_shapes(a0.shape(), b0.shape(), op);
    ac = in_compute(a0, dt);
    bc = in_compute(b0, dt);
  }
  const Shape& shape = dense ? *dense : broadcast;
  const Tensor &a = dense ? a0 : ac, &b = dense ? b0 : bc;
  Tensor out = Tensor::empty(shape, ToBool ? DType::Bool : ct);
  dispatch_all(ct, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using O = std::conditional_t<ToBool, bool, T>;
    const auto g = [f](T x, T y) { return static_cast<O>(f(x, y)); };
    if (dense) {  // one run of map2's own inner loop, without its broadcasting and layout bookkeeping
      char* const p[] = {static_cast<char*>(out.raw_data()), static_cast<char*>(a.raw_data()),
                         static_cast<char*>(b.raw_data())};
      kernels::detail::pick<kernels::detail::Run2<O, T, T, decltype(g)>, O, T>()(&g, p, steps, out.numel());
    } else {
      kernels::map2(out.data<O>(), shape, a.data<T>(), broadcast_strides(a.shape(), a.strides(), shape), b.data<T>(),
                    broadcast_strides(b.shape(), b.strides(), shape), g);
    }
  });
  if (ToBool || ct == dt) return out;  // (not `?:`, which would copy out)
  return out.copy_data(dt);
}

// out = f(a, b) with NumPy broadcasting, of dtype `dt` (or bool, for comparisons: one output type
// per instantiation keeps this file quick to compile). Computed in compute_dtype(dt) and narrowed
// on store: small integers wrap, float16/bfloat16 round, as PyTorch's arithmetic in those types.
template <bool ToBool, class F>
Tensor binary(const char* op, const Tensor& a0, const Tensor& b0, DType dt, F f) {
  const DType ct = compute_dtype(dt);
  int64_t steps[3];
  const Shape* dense = dense_pair(a0, b0, ct, steps);
  if (!dense || !dense->empty() || !(ToBool || ct == dt)) return binary_shaped<ToBool>(op, a0, b0, dt, dense, steps, f);
  // Two 0-d operands in the output's dtype (every scalar expression's): the loop's dispatch cost
  // more than the op.
  Tensor out = Tensor::empty(*dense, ToBool ? DType::Bool : ct);
  dispatch_all(ct, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using O = std::conditional_t<ToBool, bool, T>;
    *out.data<O>() = static_cast<O>(f(*a0.data<T>(), *b0.data<T>()));
  });
  return out;
}

// Two bools add as logical or and multiply as logical and (PyTorch's); other arithmetic on them raises.
[[noreturn, gnu::noinline]] void throw_bool_arith(const char* op) {
  throw TypeError(msg(op, ": arithmetic on two bool tensors is not supported"));
}
inline DType arith_dtype(const char* op, const Tensor& a, const Tensor& b, bool bool_ok = false) {
  const DType d = result_type(a, b);
  if (d == DType::Bool && !bool_ok) throw_bool_arith(op);  // (out of line: no message built inline per op)
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

// Python numbers are PyTorch's "wrapped numbers": they join promotion by category only. A float
// takes a float tensor's dtype and makes integers float32 (the default dtype); an int takes the
// tensor's dtype (exactly, for int64; wrapping, for smaller integers), and bool's becomes int64.
Tensor scalar_like(const Tensor& x, double v) { return Tensor::scalar(v, is_floating(x.dtype()) ? x.dtype() : DType::Float32); }
Tensor int_scalar_like(const Tensor& x, int64_t v) {
  if (is_floating(x.dtype())) return Tensor::scalar(static_cast<double>(v), x.dtype());
  const Tensor s = int64_scalar(v);
  return x.dtype() == DType::Bool ? s : s.copy_data(x.dtype());
}
Tensor int64_scalar(int64_t v) {
  Tensor s = Tensor::empty({}, DType::Int64);
  *s.data<int64_t>() = v;
  return s;
}
Tensor zeros_like(const Tensor& x) { return Tensor::zeros(x.shape(), x.dtype()); }

Tensor to_dtype(const Tensor& x, DType dt) {
  if (x.dtype() == dt) return x;
  Tensor out = x.copy_data(dt);
  if (!is_floating(dt) || !needs_autograd({&x})) return out;
  const DType src = x.dtype();
  return record(
      "to", out, {&x}, [src](const Tensor& g, Node&) { return std::vector<Tensor>{to_dtype(g, src)}; },
      [dt](const Tangents& t) { return to_dtype(t[0], dt); });
}

// Binary backwards return gradients in the output's broadcast shape and dtype: the engine reduces
// and casts each to its input's (autograd/grad_arith.h's validate_grad).
Tensor add(const Tensor& a, const Tensor& b) {
  const DType d = arith_dtype("add", a, b, true);
  Tensor out = binary<false>("add", a, b, d, [](auto x, auto y) { return wrap_add(x, y); });
  if (!needs_autograd({&a, &b})) return out;
  return record("add", std::move(out), {&a, &b}, [](const Tensor& g, Node&) { return grads(g, g); },
                [](const Tangents& t) { return tangent_sum(t[0], t[1]); });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  if (a.dtype() == DType::Bool || b.dtype() == DType::Bool)  // PyTorch's rule, for any bool operand
    throw TypeError(msg("sub: subtraction with a bool operand (", dtype_name(a.dtype()), " - ", dtype_name(b.dtype()),
                        ") is not supported; to invert a mask use ~ or logical_not"));
  const DType d = arith_dtype("sub", a, b);
  Tensor out = binary<false>("sub", a, b, d, [](auto x, auto y) { return wrap_sub(x, y); });
  if (!needs_autograd({&a, &b})) return out;
  return record("sub", std::move(out), {&a, &b}, [](const Tensor& g, Node& self) {
    return grads(g, self.needs_grad(1) ? neg(g) : Tensor());
  }, [](const Tangents& t) { return tangent_sum(t[0], t[1].defined() ? neg(t[1]) : Tensor()); });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  const DType d = arith_dtype("mul", a, b, true);
  Tensor out = binary<false>("mul", a, b, d, [](auto x, auto y) { return wrap_mul(x, y); });
  if (!needs_autograd({&a, &b})) return out;
  // The jvp rule runs inside record, while a and b are alive: it takes them by reference (a copy
  // of each per call would be refcount traffic for the rare tangent).
  return record("mul", std::move(out), {&a, &b},
                [sa = SavedTensor(a, false), sb = SavedTensor(b, false)](const Tensor& g, Node& self) {
    auto r = none(2);
    if (self.needs_grad(0)) r[0] = mul(g, sb.unpack(&self));
    if (self.needs_grad(1)) r[1] = mul(g, sa.unpack(&self));
    return r;
  }, [&a, &b](const Tangents& t) {
    return tangent_sum(t[0].defined() ? mul(t[0], b) : Tensor(), t[1].defined() ? mul(a, t[1]) : Tensor());
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  DType d = arith_dtype("div", a, b);
  if (!is_floating(d)) d = DType::Float32;  // true division, as in NumPy and PyTorch
  Tensor out = binary<false>("div", a, b, d, [](auto x, auto y) { return x / y; });
  if (!needs_autograd({&a, &b})) return out;
  return record("div", out, {&a, &b}, [sa = SavedTensor(a, false), sb = SavedTensor(b, false)](const Tensor& g, Node& self) {
    auto r = none(2);
    const Tensor bv = sb.unpack(&self);
    if (self.needs_grad(0)) r[0] = div(g, bv);
    if (self.needs_grad(1)) r[1] = neg(div(mul(g, sa.unpack(&self)), mul(bv, bv)));
    return r;
  }, [b, out](const Tangents& t) {  // (ta - out·tb) / b
    return div(tangent_sum(t[0], t[1].defined() ? neg(mul(out, t[1])) : Tensor()), b);
  });
}

namespace {

// scalar_like(a, v) as the operand of an op on a float tensor that records nothing (a backward
// rule's `mul(x, 2.0)` without create_graph): the thread's own 0-d tensor of that dtype, set to
// v, instead of a new one per call. Nothing keeps the operand of an op that records nothing; one
// still in use (held elsewhere) is never overwritten.
Tensor number_like(const Tensor& a, double v) {
  const DType d = a.dtype();
  if ((d != DType::Float32 && d != DType::Float64) || needs_autograd({&a})) return scalar_like(a, v);
  static thread_local Tensor f32 GG_FAST_TLS = Tensor::scalar(0.0, DType::Float32);
  static thread_local Tensor f64 GG_FAST_TLS = Tensor::scalar(0.0, DType::Float64);
  const Tensor& s = d == DType::Float32 ? f32 : f64;
  if (s.impl_ptr().use_count() != 1) return scalar_like(a, v);
  if (d == DType::Float32) *s.data<float>() = static_cast<float>(v);
  else *s.data<double>() = v;
  return s;
}

}  // namespace

Tensor add(const Tensor& a, double b) { return add(a, number_like(a, b)); }
Tensor sub(const Tensor& a, double b) { return sub(a, number_like(a, b)); }
Tensor rsub(const Tensor& a, double b) { return sub(number_like(a, b), a); }
Tensor mul(const Tensor& a, double b) { return mul(a, number_like(a, b)); }
Tensor div(const Tensor& a, double b) { return div(a, number_like(a, b)); }
Tensor rdiv(const Tensor& a, double b) { return div(number_like(a, b), a); }

// (ops/binary_math.h; not included here: its where() overloads would make the registration of
// where below ambiguous)
Tensor mul_scaled(const Tensor& a, const Tensor& b, double s) {
  const DType d = a.dtype();
  if ((d != DType::Float32 && d != DType::Float64) || b.dtype() != d || needs_autograd({&a, &b}))
    return mul(a, mul(b, s));
  return binary<false>("mul", a, b, d, [s](auto x, auto y) { return x * (y * static_cast<decltype(y)>(s)); });
}

Tensor threshold_backward(const Tensor& grad, const Tensor& y) {
  Tensor out = binary<false>("threshold_backward", grad, y, grad.dtype(),
                             [](auto g, auto v) { return v <= 0 ? decltype(g)(0) : g; });  // PyTorch's: NaN passes g
  if (!needs_autograd({&grad, &y})) return out;
  SavedTensor sy(y, false);
  // Piecewise constant in y: only grad's tangent contributes.
  return record("threshold_backward", out, {&grad, &y}, [sy](const Tensor& g, Node& self) {
    return std::vector<Tensor>{threshold_backward(g, sy.unpack(&self)), Tensor()};
  }, [y](const Tangents& t) { return t[0].defined() ? threshold_backward(t[0], y) : Tensor(); });
}

namespace {

// NaN in either argument gives NaN (as in NumPy and PyTorch): a is taken where `take_a` (a >= b
// for maximum) or a is NaN, and b otherwise, which is b's NaN when b is. One pass, a select
// without branches (`|`, not `||`: a short-circuit is a jump per element, which the compiler
// leaves scalar, and on random data mispredicted half the time: 11 ms for 1M floats). The
// gradient is PyTorch's: halved between ties, and to both where either is NaN.
template <class Take>
Tensor extremum(const char* op, const Tensor& a, const Tensor& b, Cmp loses, Take take_a) {
  const DType d = result_type(a, b);
  const Tensor out = binary<false>(op, a, b, d, [take_a](auto x, auto y) { return (take_a(x, y) | (x != x)) ? x : y; });
  if (!needs_autograd({&a, &b})) return out;
  // The weight of a's gradient: 0.5 at ties, 0 where a loses, 1 elsewhere (b's: the same mirrored).
  const Tensor half = scalar_like(out, 0.5), zero = scalar_like(out, 0.0), one = scalar_like(out, 1.0);
  const Tensor tie = compare(a, b, Cmp::Eq);
  const Tensor wa = where(tie, half, where(compare(a, b, loses), zero, one));
  const Tensor wb = where(tie, half, where(compare(b, a, loses), zero, one));
  return record(op, out, {&a, &b}, [wa, wb](const Tensor& g, Node& self) {
    std::vector<Tensor> r(2);
    if (self.needs_grad(0)) r[0] = mul(g, wa);
    if (self.needs_grad(1)) r[1] = mul(g, wb);
    return r;
  }, [wa, wb](const Tangents& t) {
    return tangent_sum(t[0].defined() ? mul(t[0], wa) : Tensor(), t[1].defined() ? mul(t[1], wb) : Tensor());
  });
}

}  // namespace

Tensor maximum(const Tensor& a, const Tensor& b) {
  return extremum("maximum", a, b, Cmp::Lt, [](auto x, auto y) { return x >= y; });
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return extremum("minimum", a, b, Cmp::Gt, [](auto x, auto y) { return x <= y; });
}

Tensor where(const Tensor& cond, const Tensor& a0, const Tensor& b0) {
  const DType d = result_type(a0, b0);
  const Tensor a = as(a0, d), b = as(b0, d);
  const Tensor c = cond.dtype() == DType::Bool ? cond : compare(cond, 0.0, Cmp::Ne);
  const Shape shape = broadcast_shapes(broadcast_shapes(c.shape(), a.shape(), "where"), b.shape(), "where");
  const DType ct = compute_dtype(d);
  const Tensor ac = in_compute(a, d), bc = in_compute(b, d);
  Tensor out = Tensor::empty(shape, ct);
  dispatch_all(ct, "where", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map3(out.data<T>(), shape, c.data<bool>(), broadcast_strides(c.shape(), c.strides(), shape), ac.data<T>(),
                  broadcast_strides(ac.shape(), ac.strides(), shape), bc.data<T>(),
                  broadcast_strides(bc.shape(), bc.strides(), shape), [](bool k, T x, T y) { return k ? x : y; });
  });
  if (ct != d) out = out.copy_data(d);
  if (!needs_autograd({&a, &b})) return out;
  return record("where", out, {&a, &b}, [c](const Tensor& g, Node& self) {
    auto r = none(2);
    const Tensor z = scalar_like(g, 0.0);
    if (self.needs_grad(0)) r[0] = where(c, g, z);
    if (self.needs_grad(1)) r[1] = where(c, z, g);
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
    case Cmp::Eq: return binary<true>("eq", a, b, d, [](auto x, auto y) { return x == y; });
    case Cmp::Ne: return binary<true>("ne", a, b, d, [](auto x, auto y) { return x != y; });
    case Cmp::Lt: return binary<true>("lt", a, b, d, [](auto x, auto y) { return x < y; });
    case Cmp::Le: return binary<true>("le", a, b, d, [](auto x, auto y) { return x <= y; });
    case Cmp::Gt: return binary<true>("gt", a, b, d, [](auto x, auto y) { return x > y; });
    default: return binary<true>("ge", a, b, d, [](auto x, auto y) { return x >= y; });
  }
}

Tensor compare(const Tensor& a, double b, Cmp op) {
  // A Python number compares in the tensor's dtype (a float for integer tensors with fractions).
  // (integers and bools compare in int64: a narrow cast of b would wrap).
  const bool frac = b != std::floor(b);
  return compare(a, Tensor::scalar(b, is_floating(a.dtype()) ? a.dtype() : (frac ? DType::Float64 : DType::Int64)), op);
}

Tensor logical_not(const Tensor& x) { return compare(x, 0.0, Cmp::Eq); }


// ---- registration ----
using namespace registry;
using TT = Tensor (*)(const Tensor&, const Tensor&);

GG_REGISTER_OP({"mul", static_cast<TT>(&mul), {{"input"}, {"other"}}, "input * other, elementwise, with broadcasting.",
                kBoth, {"x * y", "real", kDiff | kIntegers}, {"multiply"}});
GG_REGISTER_OP({"maximum", &maximum, {{"input"}, {"other"}},
                "The larger of input and other, elementwise, with broadcasting.", kBoth,
                {"np.maximum(x, y)", "distinct", kDiff | kIntegers}});
GG_REGISTER_OP({"minimum", &minimum, {{"input"}, {"other"}},
                "The smaller of input and other, elementwise, with broadcasting.", kBoth,
                {"np.minimum(x, y)", "distinct", kDiff | kIntegers}});
GG_REGISTER_OP({"where", &where, {{"condition"}, {"input"}, {"other"}},
                "input where condition is true, other elsewhere (all three broadcast).", kFunction,
                {"", "real"}});  // tested in test_ops.py (the table's inputs are not bool)
GG_REGISTER_OP({"logical_not", &logical_not, {{"input"}}, "True where input is zero (a bool tensor).", kBoth,
                {"np.logical_not(x)", "real", kIntegers}});

}  // namespace gg
