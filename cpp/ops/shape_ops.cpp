// Shape ops and views. A view shares storage; its backward maps the gradient back to the
// input's shape with ops, so every one of these is differentiable to any order.
#include <numeric>

#include "core/error.h"
#include "core/strided_copy.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/shape_views.h"

namespace gg {

namespace {

// A view of x with the given layout, relative to x's storage. `jvp` takes the same view of the
// tangent (so the tangent of a view is a view of the tangent).
template <class Jvp>
Tensor make_view(const char* op, const Tensor& x, Shape shape, Shape strides, int64_t offset, BackwardFn bw,
                 const Jvp& jvp) {
  Tensor out = x.alias(std::move(shape), std::move(strides), offset);
  out.impl()->is_view = true;
  if (!needs_autograd({&x})) return out;
  return record(op, out, {&x}, std::move(bw), jvp);
}

BackwardFn reshape_back(Shape s) {
  return [s](const Tensor& g, Node&) { return std::vector<Tensor>{reshape(g, s)}; };
}

Shape infer_shape(const char* op, Shape shape, int64_t numel, const Shape& from) {
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (infer >= 0) throw ValueError(msg(op, ": only one dimension can be -1, got ", shape_str(shape)));
      infer = static_cast<int64_t>(i);
    } else if (shape[i] < 0) {
      throw ValueError(msg(op, ": invalid dimension ", shape[i], " in ", shape_str(shape)));
    } else {
      known = checked_mul(known, shape[i], op);
    }
  }
  if (infer >= 0) {
    if (known == 0 || numel % known != 0)
      throw ValueError(msg(op, ": cannot reshape ", shape_str(from), " into ", shape_str(shape)));
    shape[infer] = numel / known;
  } else if (known != numel) {
    throw ValueError(msg(op, ": cannot reshape ", shape_str(from), " (", numel, " elements) into ", shape_str(shape)));
  }
  return shape;
}

}  // namespace

Tensor reshape(const Tensor& x, Shape shape) {
  shape = infer_shape("reshape", std::move(shape), x.numel(), x.shape());
  if (shape == x.shape()) return x;
  check_shape(shape, itemsize(x.dtype()), "reshape");  // an empty tensor's new shape may still be too big
  const Tensor c = contiguous(x);
  return make_view("reshape", c, shape, contiguous_strides(shape), c.offset(), reshape_back(x.shape()),
                   [shape](const Tangents& t) { return reshape(t[0], shape); });
}

Tensor view(const Tensor& x, Shape shape) {
  if (!x.is_contiguous())
    throw ValueError(msg("view: the tensor of shape ", shape_str(x.shape()),
                         " is not contiguous; use reshape() or contiguous() first"));
  return reshape(x, std::move(shape));
}

Tensor permute(const Tensor& x, const Axes& dims) {
  const int64_t n = x.dim();
  if (static_cast<int64_t>(dims.size()) != n)
    throw ValueError(msg("permute: got ", dims.size(), " dimensions for a tensor of shape ", shape_str(x.shape())));
  Axes d(n), inv(n);
  std::vector<bool> seen(n, false);
  Shape shape(n), strides(n);
  for (int64_t i = 0; i < n; ++i) {
    d[i] = wrap_axis(dims[i], n, "permute");
    if (seen[d[i]]) throw ValueError(msg("permute: dimension ", dims[i], " repeats"));
    seen[d[i]] = true;
    inv[d[i]] = i;
    shape[i] = x.shape()[d[i]];
    strides[i] = x.strides()[d[i]];
  }
  return make_view(
      "permute", x, shape, strides, x.offset(),
      [inv](const Tensor& g, Node&) { return std::vector<Tensor>{permute(g, inv)}; },
      [d](const Tangents& t) { return permute(t[0], d); });
}

Tensor transpose(const Tensor& x, int64_t d0, int64_t d1) {
  const int64_t a = wrap_axis(d0, x.dim(), "transpose"), b = wrap_axis(d1, x.dim(), "transpose");
  if (a == b || x.dim() < 2) return x;
  Axes p(x.dim());
  std::iota(p.begin(), p.end(), 0);
  std::swap(p[a], p[b]);
  return permute(x, p);
}

Tensor unsqueeze(const Tensor& x, int64_t axis) {
  const int64_t a = wrap_axis(axis, x.dim() + 1, "unsqueeze");
  Shape s = x.shape(), st = x.strides();
  s.insert(s.begin() + a, 1);
  st.insert(st.begin() + a, a < x.dim() ? x.strides()[a] * x.shape()[a] : 1);
  return make_view("unsqueeze", x, s, st, x.offset(), reshape_back(x.shape()),
                   [a](const Tangents& t) { return unsqueeze(t[0], a); });
}

Tensor squeeze(const Tensor& x, std::optional<int64_t> axis) {
  Shape s, st;
  const int64_t a = axis ? wrap_axis(*axis, x.dim(), "squeeze") : -1;
  for (int64_t i = 0; i < x.dim(); ++i) {
    const bool drop = x.shape()[i] == 1 && (a < 0 || i == a);
    if (!drop) {
      s.push_back(x.shape()[i]);
      st.push_back(x.strides()[i]);
    }
  }
  if (s.size() == x.shape().size()) return x;
  return make_view("squeeze", x, s, st, x.offset(), reshape_back(x.shape()),
                   [axis](const Tangents& t) { return squeeze(t[0], axis); });
}

Tensor expand(const Tensor& x, Shape shape) {
  if (shape.size() < x.shape().size())
    throw ValueError(msg("expand: cannot expand shape ", shape_str(x.shape()), " to fewer dimensions ", shape_str(shape)));
  const size_t lead = shape.size() - x.shape().size();
  Shape st(shape.size(), 0);
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i < lead) {
      if (shape[i] < 0)
        throw ValueError(msg("expand: the size ", shape[i], " of a new leading dimension must be non-negative in ",
                             shape_str(shape)));
      continue;
    }
    const int64_t have = x.shape()[i - lead];
    if (shape[i] == -1) shape[i] = have;
    if (shape[i] < 0)
      throw ValueError(msg("expand: invalid size ", shape[i], " in ", shape_str(shape), " (only -1 keeps a size)"));
    if (have == shape[i]) {
      st[i] = x.strides()[i - lead];
    } else if (have != 1) {
      throw ValueError(msg("expand: cannot expand shape ", shape_str(x.shape()), " to ", shape_str(shape)));
    }
  }
  if (shape == x.shape()) return x;
  check_shape(shape, itemsize(x.dtype()), "expand");
  return make_view(
      "expand", x, shape, st, x.offset(),
      [xs = x.shape()](const Tensor& g, Node&) { return std::vector<Tensor>{sum_to(g, xs)}; },
      [shape](const Tangents& t) { return expand(t[0], shape); });
}

Tensor flatten(const Tensor& x, int64_t start, int64_t end) {
  if (x.dim() == 0) return reshape(x, {1});
  const int64_t s = wrap_axis(start, x.dim(), "flatten"), e = wrap_axis(end, x.dim(), "flatten");
  if (s > e) throw ValueError(msg("flatten: start_dim ", start, " comes after end_dim ", end));
  Shape shape(x.shape().begin(), x.shape().begin() + s);
  int64_t m = 1;
  for (int64_t i = s; i <= e; ++i) m = checked_mul(m, x.shape()[i], "flatten");
  shape.push_back(m);
  shape.insert(shape.end(), x.shape().begin() + e + 1, x.shape().end());
  return reshape(x, shape);
}

Tensor clone(const Tensor& x) {
  Tensor out = x.copy_data(x.dtype());
  if (!needs_autograd({&x})) return out;
  return record(
      "clone", out, {&x}, [](const Tensor& g, Node&) { return std::vector<Tensor>{g}; },
      [](const Tangents& t) { return clone(t[0]); });
}

Tensor contiguous(const Tensor& x) { return x.is_contiguous() ? x : clone(x); }

Tensor cat(const std::vector<Tensor>& xs, int64_t axis) {
  if (xs.empty()) throw ValueError("cat: expected a non-empty list of tensors");
  const Tensor& f = xs[0];
  if (f.dim() == 0) throw ValueError("cat: zero-dimensional tensors cannot be concatenated; use stack");
  const int64_t a = wrap_axis(axis, f.dim(), "cat");
  Shape shape = f.shape();
  DType dt = f.dtype();
  shape[a] = 0;
  for (const Tensor& t : xs) {
    bool ok = t.dim() == f.dim();
    for (int64_t i = 0; ok && i < f.dim(); ++i) ok = i == a || t.shape()[i] == f.shape()[i];
    if (!ok)
      throw ValueError(msg("cat: tensors must have the same shape except in dimension ", a, ", got ",
                           shape_str(f.shape()), " and ", shape_str(t.shape())));
    shape[a] = checked_add(shape[a], t.shape()[a], "cat");
    dt = promote(dt, t.dtype());
  }
  check_shape(shape, itemsize(dt), "cat");
  Tensor out = Tensor::empty(shape, dt);
  std::vector<int64_t> starts;
  int64_t start = 0;
  for (const Tensor& t : xs) {
    starts.push_back(start);
    out.alias(t.shape(), out.strides(), start * out.strides()[a]).assign_data(t);
    start += t.shape()[a];
  }
  if (!needs_autograd(xs)) return out;
  std::vector<Shape> shapes;
  std::vector<DType> dts;
  for (const Tensor& t : xs) {
    shapes.push_back(t.shape());
    dts.push_back(t.dtype());
  }
  return record("cat", out, xs, [a, starts, shapes, dts](const Tensor& g, Node& self) {
    std::vector<Tensor> r(shapes.size());
    for (size_t i = 0; i < shapes.size(); ++i) {
      if (!self.needs_grad(i)) continue;
      std::vector<IndexItem> items(a + 1);
      for (int64_t d = 0; d < a; ++d) items[d].kind = IndexItem::Slice;
      items[a].kind = IndexItem::Slice;
      items[a].start = starts[i];
      items[a].stop = starts[i] + shapes[i][a];
      r[i] = to_dtype(index(g, items), dts[i]);
    }
    return r;
  }, [xs, a, dt](const Tangents& t) {  // the tangents side by side, zeros where an input has none
    std::vector<Tensor> parts;
    for (size_t i = 0; i < xs.size(); ++i) parts.push_back(t[i].defined() ? t[i] : Tensor::zeros(xs[i].shape(), dt));
    return cat(parts, a);
  });
}

Tensor stack(const std::vector<Tensor>& xs, int64_t axis) {
  if (xs.empty()) throw ValueError("stack: expected a non-empty list of tensors");
  const int64_t a = wrap_axis(axis, xs[0].dim() + 1, "stack");
  std::vector<Tensor> us;
  for (const Tensor& t : xs) {
    if (t.shape() != xs[0].shape())
      throw ValueError(msg("stack: all tensors must have the same shape, got ", shape_str(xs[0].shape()), " and ",
                           shape_str(t.shape())));
    us.push_back(unsqueeze(t, a));
  }
  return cat(us, a);
}

namespace {

struct Layout {
  Shape shape, strides;
  int64_t offset;
};

// Applies basic indexing to a layout; IndexError names the axis and size.
Layout apply_index(const Shape& shape, const Shape& strides, int64_t offset, const std::vector<IndexItem>& items) {
  int64_t consumed = 0, ellipses = 0;
  for (auto& it : items) {
    if (it.kind == IndexItem::Int || it.kind == IndexItem::Slice) ++consumed;
    if (it.kind == IndexItem::Ellipsis) ++ellipses;
  }
  const int64_t nd = static_cast<int64_t>(shape.size());
  if (ellipses > 1) throw IndexError("index: an index can only have a single ellipsis");
  if (consumed > nd)
    throw IndexError(msg("index: too many indices for a tensor of shape ", shape_str(shape), ": ", consumed, " given"));
  Layout out{{}, {}, offset};
  int64_t d = 0;
  for (auto& it : items) {
    switch (it.kind) {
      case IndexItem::NewAxis:
        out.shape.push_back(1);
        out.strides.push_back(0);
        break;
      case IndexItem::Ellipsis:
        for (int64_t k = 0; k < nd - consumed; ++k, ++d) {
          out.shape.push_back(shape[d]);
          out.strides.push_back(strides[d]);
        }
        break;
      case IndexItem::Int: {
        int64_t i = it.index;
        if (i < -shape[d] || i >= shape[d])
          throw IndexError(msg("index: index ", it.index, " is out of bounds for axis ", d, " with size ", shape[d]));
        if (i < 0) i += shape[d];
        out.offset += i * strides[d];
        ++d;
        break;
      }
      case IndexItem::Array:  // advanced_index replaces these by full slices before coming here
        throw IndexError("index: tensor indices need advanced indexing");
      case IndexItem::Slice: {
        const int64_t n = shape[d], step = it.step;
        if (step == 0) throw ValueError("index: slice step cannot be zero");
        // Python's slice.indices semantics.
        auto clampi = [&](std::optional<int64_t> v, int64_t dflt) {
          if (!v) return dflt;
          int64_t x = *v < 0 ? *v + n : *v;
          return step > 0 ? std::clamp<int64_t>(x, 0, n) : std::clamp<int64_t>(x, -1, n - 1);
        };
        const int64_t s = clampi(it.start, step > 0 ? 0 : n - 1), e = clampi(it.stop, step > 0 ? n : -1);
        // ceil((e - s) / step) without forming e - s + step - 1, which overflows for huge steps;
        // -step overflows for INT64_MIN, whose single element is at s.
        const int64_t span = step > 0 ? e - s : s - e;
        const int64_t len = span <= 0 ? 0 : (step == INT64_MIN ? 1 : (span - 1) / (step > 0 ? step : -step) + 1);
        if (len > 0) out.offset += s * strides[d];
        out.shape.push_back(len);
        // The stride of a single element is never used; more than one keep stride * step inside the axis.
        out.strides.push_back(len > 1 ? strides[d] * step : strides[d]);
        ++d;
        break;
      }
    }
  }
  for (; d < nd; ++d) {
    out.shape.push_back(shape[d]);
    out.strides.push_back(strides[d]);
  }
  return out;
}

// The diagonal view of a layout (shape, strides, offset): dim1 and dim2 removed, the diagonal
// (offset k above the main one) last, with stride strides[d1] + strides[d2].
Layout diagonal_layout(const Shape& shape, const Shape& strides, int64_t offset, int64_t d1, int64_t d2, int64_t k) {
  const int64_t n =
      std::max<int64_t>(0, k >= 0 ? std::min(shape[d1], shape[d2] - k) : std::min(shape[d1] + k, shape[d2]));
  Layout v;
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    if (i == d1 || i == d2) continue;
    v.shape.push_back(shape[i]);
    v.strides.push_back(strides[i]);
  }
  v.shape.push_back(n);
  v.strides.push_back(strides[d1] + strides[d2]);
  // An empty diagonal reads nothing: it keeps the base offset, which stays inside the storage.
  v.offset = offset + (n == 0 ? 0 : k >= 0 ? k * strides[d2] : -k * strides[d1]);
  return v;
}

// as_strided view of a contiguous tensor; the inverse of view_backward.
Tensor strided_of(const Tensor& base, const Shape& shape, const Shape& strides, int64_t offset) {
  const Tensor c = contiguous(base);
  return make_view(
      "as_strided", c, shape, strides, c.offset() + offset,
      [bs = base.shape(), offset, strides](const Tensor& g, Node&) {
        return std::vector<Tensor>{view_backward(g, bs, offset, strides)};
      },
      [shape, strides, offset](const Tangents& t) { return strided_of(t[0], shape, strides, offset); });
}

}  // namespace

Tensor index(const Tensor& x, const std::vector<IndexItem>& items) {
  for (auto& it : items)
    if (it.kind == IndexItem::Array) return advanced_index(x, items);
  const Layout v = apply_index(x.shape(), x.strides(), x.offset(), items);
  return make_view(
      "index", x, v.shape, v.strides, v.offset,
      [bs = x.shape(), items](const Tensor& g, Node&) {
        // The same view of a dense tensor of x's shape: where the gradient goes.
        const Layout c = apply_index(bs, contiguous_strides(bs), 0, items);
        return std::vector<Tensor>{view_backward(g, bs, c.offset, c.strides)};
      },
      [items](const Tangents& t) { return index(t[0], items); });
}

Tensor view_backward(const Tensor& grad, const Shape& base_shape, int64_t offset, const Shape& strides) {
  Tensor out = Tensor::zeros(base_shape, grad.dtype());
  // Views with stride 0 (new axes, expand) map several positions to one: accumulate those.
  const bool overlapping = std::any_of(strides.begin(), strides.end(), [](int64_t s) { return s == 0; });
  if (overlapping) {
    Shape s2, st2;
    Tensor g = grad;
    Axes red;
    for (size_t i = 0; i < strides.size(); ++i) {
      if (strides[i] == 0) red.push_back(static_cast<int64_t>(i));
      else { s2.push_back(grad.shape()[i]); st2.push_back(strides[i]); }
    }
    g = sum(grad.detach(), red, false);
    out.alias(s2, st2, offset).assign_data(g);
  } else {
    out.alias(grad.shape(), strides, offset).assign_data(grad);
  }
  if (!needs_autograd({&grad})) return out;
  return record(
      "view_backward", out, {&grad},
      [shape = grad.shape(), strides, offset](const Tensor& g, Node&) {
        return std::vector<Tensor>{strided_of(g, shape, strides, offset)};
      },
      [base_shape, offset, strides](const Tangents& t) { return view_backward(t[0], base_shape, offset, strides); });
}

Tensor transpose_2d(const Tensor& x) {
  if (x.dim() > 2) throw ValueError(msg("t: expects a tensor with <= 2 dimensions, got shape ", shape_str(x.shape())));
  return x.dim() < 2 ? reshape(x, x.shape()) : transpose(x, 0, 1);
}

Tensor reverse_axes(const Tensor& x) {
  Axes p;
  for (int64_t i = x.dim(); i-- > 0;) p.push_back(i);
  return permute(x, p);
}

Tensor diagonal(const Tensor& x, int64_t offset, int64_t dim1, int64_t dim2) {
  if (x.dim() < 2)
    throw ValueError(msg("diagonal: expected a tensor of at least 2 dimensions, got shape ", shape_str(x.shape())));
  const int64_t d1 = wrap_axis(dim1, x.dim(), "diagonal"), d2 = wrap_axis(dim2, x.dim(), "diagonal");
  if (d1 == d2) throw ValueError(msg("diagonal: dim1 and dim2 are both ", d1, "; they must differ"));
  const Layout v = diagonal_layout(x.shape(), x.strides(), x.offset(), d1, d2, offset);
  return make_view(
      "diagonal", x, v.shape, v.strides, v.offset,
      [bs = x.shape(), d1, d2, offset](const Tensor& g, Node&) {
        const Layout c = diagonal_layout(bs, contiguous_strides(bs), 0, d1, d2, offset);
        return std::vector<Tensor>{view_backward(g, bs, c.offset, c.strides)};
      },
      [offset, d1, d2](const Tangents& t) { return diagonal(t[0], offset, d1, d2); });
}

Tensor flat_part(const Tensor& flat, const Shape& shape, int64_t at, const char* op) {
  const Shape strides = contiguous_strides(shape);
  return make_view(
      op, flat, shape, strides, flat.offset() + at,
      [base = flat.shape(), at, strides](const Tensor& g, Node&) {
        return std::vector<Tensor>{view_backward(g, base, at, strides)};
      },
      [shape, at](const Tangents& t) {
        IndexItem range;
        range.kind = IndexItem::Slice, range.start = at, range.stop = at + numel_of(shape);
        return reshape(index(t[0], {range}), shape);
      });
}

Tensor unfold(const Tensor& x, int64_t dimension, int64_t size, int64_t step) {
  if (x.dim() == 0) {  // PyTorch: a 0-d tensor is one entry, its result has no window axis
    wrap_axis(dimension, 0, "unfold");
    return index(unfold(reshape(x, {1}), 0, size, step), {IndexItem{}});
  }
  const int64_t d = wrap_axis(dimension, x.dim(), "unfold"), len = x.shape()[d];
  if (size < 0 || size > len)
    throw ValueError(msg("unfold: size ", size, " must be in [0, ", len, "] (dimension ", d, " of shape ",
                         shape_str(x.shape()), ")"));
  if (step <= 0) throw ValueError(msg("unfold: step must be positive, got ", step));
  // Windows along d (their count replaces d's size), each window's entries on a new last axis.
  const auto windows = [d, size, step](Shape shape, Shape strides) {
    shape[d] = (shape[d] - size) / step + 1;
    shape.push_back(size);
    strides.push_back(strides[d]);
    strides[d] *= step;
    return std::make_pair(shape, strides);
  };
  const auto [shape, strides] = windows(x.shape(), x.strides());
  return make_view(
      "unfold", x, shape, strides, x.offset(),
      [bs = x.shape(), d, size, step, windows](const Tensor& g, Node&) {
        const Shape cs = contiguous_strides(bs);
        const Shape st = windows(bs, cs).second;
        if (step >= size) return std::vector<Tensor>{view_backward(g, bs, 0, st)};
        // Overlapping windows: entry k of every window is one non-overlapping view; add them up.
        const Shape window_strides(st.begin(), st.end() - 1);
        Tensor out;
        for (int64_t k = 0; k < size; ++k) {
          IndexItem all, at;
          all.kind = IndexItem::Ellipsis;
          at.index = k;
          Tensor part = view_backward(index(g, {all, at}), bs, k * cs[d], window_strides);
          out = k == 0 ? part : add(out, part);
        }
        return std::vector<Tensor>{out};
      },
      [d, size, step](const Tangents& t) { return unfold(t[0], d, size, step); });
}

// ---- registration ----
using namespace registry;

constexpr bool kVarargs = true;
GG_REGISTER_OP({"reshape", &reshape, {{"input"}, {"shape"}},
                "The same elements in a new shape (one size may be -1): a view when the strides allow, else a copy.",
                kBoth, {"x.reshape(-1)", "real", kDiff | kIntegers, "{'shape': (-1,)}"}, {}, kVarargs});
GG_REGISTER_OP({"view", &view, {{"input"}, {"shape"}},
                "A view with a new shape (one size may be -1); a ValueError when the strides do not allow one.",
                kMethod, {}, {}, kVarargs});
GG_REGISTER_OP({"expand", &expand, {{"input"}, {"size"}},
                "A view broadcast to a larger size (-1 keeps a size; new axes lead), without copying.", kMethod, {},
                {}, kVarargs});
GG_REGISTER_OP({"permute", &permute, {{"input"}, {"dims"}}, "A view with the axes reordered as dims.", kBoth,
                {"np.transpose(x, (1, 0))", "real", kDiff | kIntegers, "{'dims': (1, 0)}"}, {}, kVarargs});
GG_REGISTER_OP({"t", &transpose_2d, {{"input"}}, "The transpose of a matrix (a view; 0-D and 1-D tensors are returned as they are).",
                kBoth});
GG_REGISTER_OP({"transpose", &transpose, {{"input"}, {"dim0"}, {"dim1"}}, "A view with axes dim0 and dim1 swapped.",
                kBoth, {"np.swapaxes(x, 0, 1)", "real", kDiff | kIntegers, "{'dim0': 0, 'dim1': 1}"}, {"swapaxes"}});
GG_REGISTER_OP({"unsqueeze", &unsqueeze, {{"input"}, {"dim"}}, "A view with a new axis of size 1 at dim.", kBoth,
                {"np.expand_dims(x, 0)", "real", kDiff | kIntegers, "{'dim': 0}"}});
GG_REGISTER_OP({"squeeze", &squeeze, {{"input"}, {"dim", NoneDefault{}}},
                "A view without the size-1 axis dim (every size-1 axis when dim is None).", kBoth,
                {"np.squeeze(x)", "real", kDiff | kIntegers}});
GG_REGISTER_OP({"flatten", &flatten, {{"input"}, {"start_dim", int64_t{0}}, {"end_dim", int64_t{-1}}},
                "Axes start_dim..end_dim merged into one (a view when the strides allow).", kBoth,
                {"x.reshape(-1)", "real", kDiff | kIntegers}});
GG_REGISTER_OP({"contiguous", &contiguous, {{"input"}}, "The tensor itself if row-major contiguous, else a copy that is.",
                kBoth, {"x", "real", kDiff | kIntegers}});
GG_REGISTER_OP({"clone", &clone, {{"input"}}, "A contiguous copy (differentiable).", kBoth,
                {"x.copy()", "real", kDiff | kIntegers}});
GG_REGISTER_OP({"cat", &cat, {{"tensors"}, {"dim", int64_t{0}, false, "axis"}},
                "The tensors joined along an existing axis dim (sizes must match elsewhere).", kFunction, {},
                {"concatenate", "concat"}});
GG_REGISTER_OP({"stack", &stack, {{"tensors"}, {"dim", int64_t{0}, false, "axis"}},
                "The tensors (all of one shape) joined along a new axis dim.", kFunction});

GG_REGISTER_OP({"diagonal", &diagonal, {{"input"}, {"offset", int64_t{0}}, {"dim1", int64_t{0}}, {"dim2", int64_t{1}}},
                "The view of the diagonal (offset above the main one; below when negative) of the matrices over "
                "dim1 and dim2, as a new last axis.",
                kBoth, {"np.diagonal(x, 1, 0, 1)", "real", kDiff | kIntegers, "{'offset': 1}"}});
GG_REGISTER_OP({"unfold", &unfold, {{"input"}, {"dimension"}, {"size"}, {"step"}},
                "The view of every window of size entries along dimension, step apart: the window count replaces "
                "that axis and a new last axis of size holds each window.",
                kMethod, {"np.lib.stride_tricks.sliding_window_view(x, 2, axis=1)", "real", kDiff | kIntegers,
                          "{'dimension': 1, 'size': 2, 'step': 1}"}});

}  // namespace gg
