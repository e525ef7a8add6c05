// gather, scatter, scatter_add, scatter_reduce: one strided kernel pair (kernels/scatter.h) and
// gradients written with these same ops (gather's backward is a scatter_add, whose backward is a
// gather), so every order of derivative and the tangents come from the pair.
#include "ops/scatter_ops.h"

#include <limits>

#include "core/error.h"
#include "kernels/scatter.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

using kernels::Reduce;

// Validates index (and src) for op and returns the wrapped dim: index int64 with self's number of
// dimensions, no larger than self off dim and than src anywhere, entries in [0, self.size(dim)).
int64_t check_index(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src) {
  const int64_t d = wrap_axis(dim, self.dim(), op);
  if (index.dtype() != DType::Int64)
    throw TypeError(msg(op, ": index must be an int64 tensor, got ", dtype_name(index.dtype())));
  if (src && src->dtype() != self.dtype())
    throw TypeError(msg(op, ": src (", dtype_name(src->dtype()), ") must have self's dtype (", dtype_name(self.dtype()), ")"));
  const auto misfit = [&](const char* what, const Shape& s) {
    return ValueError(msg(op, ": index of shape ", shape_str(index.shape()), " does not fit ", what, " of shape ",
                          shape_str(s), " along dim ", d));
  };
  if (index.dim() != self.dim()) throw misfit("input", self.shape());
  if (src && src->dim() != index.dim()) throw misfit("src", src->shape());
  for (int64_t k = 0; k < index.dim(); ++k) {
    if (k != d && index.shape()[k] > self.shape()[k]) throw misfit("input", self.shape());
    if (src && index.shape()[k] > src->shape()[k]) throw misfit("src", src->shape());
  }
  const int64_t size = self.dim() == 0 ? 1 : self.shape()[d];
  const Tensor ic = index.contiguous_data();
  const int64_t* p = ic.data<int64_t>();
  for (int64_t i = 0, n = ic.numel(); i < n; ++i)
    if (p[i] < 0 || p[i] >= size)
      throw IndexError(msg(op, ": index ", p[i], " is out of bounds for dimension ", d, " with size ", size));
  return d;
}

// A 0-d tensor as a 1-element vector (the kernels index an axis); other tensors unchanged.
Tensor lift(const Tensor& t) { return t.dim() == 0 ? reshape(t, {1}) : t; }

// The leading `shape` block of t: the part of src that a scatter reads.
Tensor region(const Tensor& t, const Shape& shape) {
  if (t.shape() == shape) return t;
  std::vector<IndexItem> items(shape.size());
  for (size_t k = 0; k < shape.size(); ++k) {
    items[k].kind = IndexItem::Slice;
    items[k].start = 0;
    items[k].stop = shape[k];
  }
  return index(t, items);
}

// g (index's shape) in the leading block of zeros of `shape`: the adjoint of region.
Tensor unregion(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  return view_backward(g, shape, 0, contiguous_strides(shape));
}

Tensor or_zeros(const Tensor& t, const Shape& shape, DType dt) { return t.defined() ? t : Tensor::zeros(shape, dt); }

// out (a fresh contiguous tensor) combined in place with src at index along d.
void scatter_into(Tensor& out, int64_t d, const Tensor& index, const Tensor& src, Reduce op) {
  dispatch_all(out.dtype(), "scatter", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::scatter_axis<T>(out.data<T>(), out.strides(), d, index.data<int64_t>(), index.strides(), src.data<T>(),
                             src.strides(), index.shape(), op);
  });
}

Tensor filled(const Shape& shape, double v, DType dt) { return expand(Tensor::scalar(v, dt), shape); }

// The identity of a reduction in dtype dt (what include_self=False starts a touched entry from).
double identity(Reduce op, DType dt) {
  const bool f = is_floating(dt);
  if (op == Reduce::Prod) return 1;
  if (op == Reduce::Max) return f ? -std::numeric_limits<double>::infinity() : double(std::numeric_limits<int64_t>::lowest());
  if (op == Reduce::Min) return f ? std::numeric_limits<double>::infinity() : double(std::numeric_limits<int64_t>::max());
  return 0;
}

}  // namespace

Tensor gather(const Tensor& x0, int64_t dim, const Tensor& index0) {
  if (compute_dtype(x0.dtype()) != x0.dtype()) return as_dtype(gather(in_compute(x0), dim, index0), x0.dtype());
  const Tensor x = lift(x0), index = lift(index0);
  const int64_t d = check_index("gather", x, dim, index, nullptr);
  const Tensor ic = index.contiguous_data();
  Tensor out = Tensor::empty(ic.shape(), x.dtype());
  dispatch_all(x.dtype(), "gather", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::gather_axis<T>(x.data<T>(), x.strides(), d, ic.data<int64_t>(), ic.strides(), out.data<T>(), ic.shape());
  });
  if (index0.dim() == 0) out = reshape(out, {});
  if (!needs_autograd({&x0})) return out;
  const Shape xs = x0.shape();
  return record("gather", out, {&x0}, [xs, d, index0](const Tensor& g, Node&) {
    return std::vector<Tensor>{scatter_add(Tensor::zeros(xs, g.dtype()), d, index0, g)};
  }, [d, index0](const Tangents& t) { return gather(t[0], d, index0); });
}

namespace {

// scatter (Assign) and scatter_add (Sum): linear in (self, src), so the tangent is the op itself.
// self's gradient is g without the overwritten entries (Assign) or g; src's is g gathered at index.
Tensor scatter_linear(const char* op, Reduce r, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  if (compute_dtype(self.dtype()) != self.dtype())
    return as_dtype(scatter_linear(op, r, in_compute(self), dim, index, in_compute(src)), self.dtype());
  const Tensor s = lift(self), i = lift(index).contiguous_data(), v = lift(src);
  const int64_t d = check_index(op, s, dim, i, &v);
  Tensor out = s.copy_data(s.dtype());
  scatter_into(out, d, i, v, r);
  out = reshape(out, self.shape());
  if (!needs_autograd({&self, &src})) return out;
  const Shape ss = self.shape(), vs = src.shape();
  const DType dt = self.dtype();
  return record(op, out, {&self, &src}, [r, d, index, vs](const Tensor& g, Node&) {
    return std::vector<Tensor>{r == Reduce::Assign ? scatter_value(g, d, index, 0.0) : g,
                               unregion(gather(g, d, index), vs)};
  }, [op, r, ss, vs, dt, d, index](const Tangents& t) {
    return scatter_linear(op, r, or_zeros(t[0], ss, dt), d, index, or_zeros(t[1], vs, dt));
  });
}

}  // namespace

Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_linear("scatter_add", Reduce::Sum, self, dim, index, src);
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::optional<std::string> reduce) {
  if (reduce) {
    if (*reduce == "add") return scatter_reduce(self, dim, index, src, "sum", true);
    if (*reduce == "multiply") return scatter_reduce(self, dim, index, src, "prod", true);
    throw ValueError(msg("scatter: reduce must be 'add' or 'multiply', got '", *reduce, "'"));
  }
  return scatter_linear("scatter", Reduce::Assign, self, dim, index, src);
}

Tensor scatter_value(const Tensor& self, int64_t dim, const Tensor& index, double value, std::optional<std::string> reduce) {
  return scatter(self, dim, index, filled(index.shape(), value, self.dtype()), std::move(reduce));
}

Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, const std::string& reduce,
                      bool include_self) {
  const char* op = "scatter_reduce";
  if (compute_dtype(self.dtype()) != self.dtype())
    return as_dtype(scatter_reduce(in_compute(self), dim, index, in_compute(src), reduce, include_self), self.dtype());
  Reduce r;
  const bool mean = reduce == "mean";
  if (reduce == "sum" || mean) r = Reduce::Sum;
  else if (reduce == "prod") r = Reduce::Prod;
  else if (reduce == "amax") r = Reduce::Max;
  else if (reduce == "amin") r = Reduce::Min;
  else throw ValueError(msg(op, ": reduce must be one of 'sum', 'prod', 'mean', 'amax', 'amin', got '", reduce, "'"));
  const Tensor s = lift(self), i = lift(index).contiguous_data(), v = lift(src);
  const int64_t d = check_index(op, s, dim, i, &v);
  const DType dt = self.dtype();
  // Which entries receive src, and how many values each averages (mean).
  Tensor touched = Tensor::zeros(s.shape(), DType::Bool);
  scatter_into(touched, d, i, filled(i.shape(), 1, DType::Bool), Reduce::Assign);
  Tensor out = s.copy_data(dt);
  if (!include_self) scatter_into(out, d, i, filled(i.shape(), identity(r, dt), dt), Reduce::Assign);
  scatter_into(out, d, i, v, r);
  Tensor count;
  if (mean) {
    count = Tensor::full(s.shape(), include_self ? 1 : 0, DType::Int64);
    scatter_into(count, d, i, filled(i.shape(), 1, DType::Int64), Reduce::Sum);
    dispatch_all(dt, op, [&](auto tag) {
      using T = typename decltype(tag)::type;
      kernels::divide_by_count<T>(out.data<T>(), count.data<int64_t>(), out.numel());
    });
    count = reshape(to_dtype(count, dt), self.shape());
  }
  touched = reshape(touched, self.shape());
  out = reshape(out, self.shape());
  if (!needs_autograd({&self, &src})) return out;
  const Shape ss = self.shape(), is = index.shape();
  // d out / d self (self's shape) and d out / d src (index's shape): the backward multiplies g by
  // them, the tangent sums the tangents with them. prod's are differentiable expressions (in
  // self, src and out); the others are piecewise constant.
  auto weights = [=](const Tensor& x, const Tensor& y, const Tensor& o) -> std::pair<Tensor, Tensor> {
    const Tensor one = scalar_like(x, 1.0), zero = scalar_like(x, 0.0);
    const Tensor untouched = where(touched, zero, one);
    const Tensor yr = region(y, is);
    if (r == Reduce::Sum && !mean) return {include_self ? one : untouched, one};
    if (mean) {
      const Tensor inv = div(one, where(compare(count, 0.0, Cmp::Eq), one, count));
      return {include_self ? inv : untouched, gather(inv, d, index)};
    }
    if (r == Reduce::Max || r == Reduce::Min) {
      const Tensor od = o.detach();
      const Tensor src_hit = to_dtype(compare(yr.detach(), gather(od, d, index), Cmp::Eq), dt);
      // PyTorch counts self among the ties even when include_self=False (then self gets no share).
      const Tensor self_hit = to_dtype(compare(x.detach(), od, Cmp::Eq), dt);
      Tensor n = scatter_add(self_hit, d, index, src_hit);
      n = where(compare(n, 0.0, Cmp::Eq), one, n);
      return {where(touched, include_self ? div(self_hit, n) : zero, one), div(src_hit, gather(n, d, index))};
    }
    // prod: the product of the other contributions, exact with zeros among them.
    const Tensor zx = compare(x.detach(), 0.0, Cmp::Eq), zy = compare(yr.detach(), 0.0, Cmp::Eq);
    const Tensor zc = scatter_add(include_self ? to_dtype(zx, dt) : zeros_like(x), d, index, to_dtype(zy, dt));
    const Tensor x_nz = where(zx, one, x), y_nz = where(zy, one, yr);
    const Tensor prod_nz = scatter_reduce(include_self ? x_nz : expand(one, ss), d, index, y_nz, "prod", true);
    const auto others = [&](const Tensor& zv, const Tensor& v_nz, const Tensor& outp, const Tensor& zcp, const Tensor& pp) {
      return where(zv, where(compare(zcp, 1.0, Cmp::Eq), pp, zero), div(outp, v_nz));
    };
    const Tensor self_w = include_self ? others(zx, x_nz, o, zc, prod_nz) : zero;
    return {where(touched, self_w, one),
            others(zy, y_nz, gather(o, d, index), gather(zc, d, index), gather(prod_nz, d, index))};
  };
  const Shape vs = src.shape();
  SavedTensor sx(self, false), sy(src, false), so(out, true);
  auto jvp = [=](const Tangents& t) {
    auto [ws, wy] = weights(self, src, out);
    Tensor tan = t[0].defined() ? mul(t[0], ws) : Tensor::zeros(ss, dt);
    if (t[1].defined()) tan = scatter_add(tan, d, index, mul(region(t[1], is), wy));
    return tan;
  };
  return record(op, out, {&self, &src}, [=](const Tensor& g, Node& node) {
    auto [ws, wy] = weights(sx.unpack(&node), sy.unpack(&node), so.unpack(&node));
    return std::vector<Tensor>{mul(g, ws), unregion(mul(gather(g, d, index), wy), vs)};
  }, jvp);
}

// ---- registration ----
using namespace registry;

// Index-taking ops are tested in tests/test_scatter_ops.py (the table's inputs carry no indices).
GG_REGISTER_OP({"gather", &gather, {{"input"}, {"dim"}, {"index"}},
                "``out[i][j][k] = input[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim): index is int64 with "
                "input's number of dimensions and no larger than input off dim."});
GG_REGISTER_OP({"scatter", &scatter, {{"input"}, {"dim"}, {"index"}, {"src"}, {"reduce", NoneDefault{}, true}},
                "input with ``src[i][j][k]`` written at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim); "
                "reduce='add' or 'multiply' accumulates instead. The gradient reaches src's read entries and input's "
                "entries that are not overwritten."});
GG_REGISTER_OP({"scatter", &scatter_value, {{"input"}, {"dim"}, {"index"}, {"value"}, {"reduce", NoneDefault{}, true}},
                "input with value written at index along dim (reduce: 'add' or 'multiply' accumulates)."});
GG_REGISTER_OP({"scatter_add", &scatter_add, {{"input"}, {"dim"}, {"index"}, {"src"}},
                "input with ``src[i][j][k]`` added at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim)."});
GG_REGISTER_OP({"scatter_reduce", &scatter_reduce,
                {{"input"}, {"dim"}, {"index"}, {"src"}, {"reduce"}, {"include_self", true, true}},
                "input with src reduced into it at index along dim: reduce is 'sum', 'prod', 'mean', 'amax' or 'amin'; "
                "include_self=False leaves input's own value out wherever src arrives. Ties of amax/amin share the "
                "gradient evenly, as in PyTorch."});

}  // namespace gg
