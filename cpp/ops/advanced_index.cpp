// Advanced indexing (NumPy's and PyTorch's rules) from basic indexing and one gather op:
//   1. boolean masks become the integer coordinates of their true elements;
//   2. x is indexed with every tensor entry replaced by a full slice (a view: basic indexing);
//   3. the indexed axes of that view are moved to the front and flattened into rows, and the
//      index tensors (broadcast together to shape B) into one row number each;
//   4. `index_rows` gathers those rows: result B + the other axes, where B then moves to the first
//      indexed axis if the indexed axes were adjacent (NumPy's placement rule).
// Only `index_rows` is new to autograd (its backward scatter-adds rows); the rest are existing
// differentiable ops, so gradients, double backward and tangents come with them.
// index_put_ (x[...] = v) follows the same plan and writes through the view.
#include <cstring>

#include "core/error.h"
#include "core/overlap.h"
#include "core/parallel.h"
#include "ops/ops.h"
#include "ops/record.h"

namespace gg {

namespace {

struct Plan {
  std::vector<IndexItem> basic;  // tensor entries replaced by full slices
  Axes axes;                     // the indexed axes of the basic view, ascending
  Tensor rows;                   // int64, shape B: row number into the flattened indexed axes
  bool adjacent = true;
};

// Coordinates of the true elements of a bool tensor, one int64 vector per axis (row-major order).
std::vector<Tensor> nonzero(const Tensor& mask) {
  const Tensor m = mask.contiguous_data();
  const bool* p = m.data<bool>();
  const int64_t n = m.numel(), nd = m.dim();
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) count += p[i];
  std::vector<Tensor> coords;
  std::vector<int64_t*> out;
  for (int64_t d = 0; d < nd; ++d) {
    coords.push_back(Tensor::empty({count}, DType::Int64));
    out.push_back(coords.back().data<int64_t>());
  }
  const Shape& s = m.shape();
  Shape idx(nd, 0);
  for (int64_t i = 0, k = 0; i < n; ++i) {
    if (p[i]) {
      for (int64_t d = 0; d < nd; ++d) out[d][k] = idx[d];
      ++k;
    }
    for (int64_t d = nd; d-- > 0;) {
      if (++idx[d] < s[d]) break;
      idx[d] = 0;
    }
  }
  return coords;
}

int64_t axes_taken(const IndexItem& it) {
  if (it.kind == IndexItem::Int || it.kind == IndexItem::Slice) return 1;
  if (it.kind == IndexItem::Array) return it.array.dtype() == DType::Bool ? it.array.dim() : 1;
  return 0;
}

Plan plan(const Shape& shape, const std::vector<IndexItem>& items) {
  const int64_t nd = static_cast<int64_t>(shape.size());
  int64_t taken = 0;
  for (auto& it : items) taken += axes_taken(it);
  if (taken > nd)
    throw IndexError(msg("index: too many indices for a tensor of shape ", shape_str(shape), ": ", taken, " given"));
  Plan p;
  std::vector<Tensor> indices;  // one per indexed axis, before broadcasting
  Shape sizes;                  // the sizes of those axes
  int64_t d = 0, out_axis = 0;  // axis of x, axis of the basic view
  IndexItem full;
  full.kind = IndexItem::Slice;
  for (auto& it : items) {
    if (it.kind != IndexItem::Array) {
      p.basic.push_back(it);
      if (it.kind == IndexItem::Ellipsis) {
        d += nd - taken;
        out_axis += nd - taken;
      } else {
        d += axes_taken(it);
        out_axis += it.kind != IndexItem::Int;
      }
      continue;
    }
    const Tensor& a = it.array;
    std::vector<Tensor> per_axis;
    if (a.dtype() == DType::Bool) {
      if (a.dim() == 0)
        throw IndexError("index: a 0-d boolean index is not supported; use a mask with the indexed axes' shape");
      const Shape want(shape.begin() + d, shape.begin() + d + a.dim());
      if (a.shape() != want)
        throw IndexError(msg("index: the boolean mask of shape ", shape_str(a.shape()), " does not match the indexed ",
                             "shape ", shape_str(want), " of a tensor of shape ", shape_str(shape), " at axis ", d));
      per_axis = nonzero(a);
    } else if (is_integer(a.dtype())) {
      per_axis = {a.dtype() == DType::Int64 ? a : a.copy_data(DType::Int64)};
    } else {
      throw IndexError(msg("index: tensors used as indices must be integers or bool, got ", dtype_name(a.dtype())));
    }
    for (auto& t : per_axis) {
      if (!p.axes.empty() && p.axes.back() != out_axis - 1) p.adjacent = false;
      p.axes.push_back(out_axis++);
      indices.push_back(t);
      sizes.push_back(shape[d++]);
      p.basic.push_back(full);
    }
  }
  Shape B;
  for (auto& t : indices) {
    try {
      B = broadcast_shapes(B, t.shape(), "index");
    } catch (const ValueError&) {
      std::string shapes;
      for (auto& u : indices) shapes += (shapes.empty() ? "" : ", ") + shape_str(u.shape());
      throw IndexError("index: shape mismatch: the index tensors of shapes " + shapes + " cannot be broadcast together");
    }
  }
  // Row number = the indices, wrapped and bounds-checked, in row-major order over the indexed axes.
  p.rows = Tensor::zeros(B, DType::Int64);
  int64_t* r = p.rows.data<int64_t>();
  const int64_t n = p.rows.numel();
  for (size_t j = 0; j < indices.size(); ++j) {
    const Tensor ij = expand(indices[j], B).contiguous_data();
    const int64_t* q = ij.data<int64_t>();
    const int64_t size = sizes[j];
    for (int64_t i = 0; i < n; ++i) {
      int64_t v = q[i];
      if (v < -size || v >= size)
        throw IndexError(msg("index: index ", v, " is out of bounds for axis ", p.axes[j], " with size ", size));
      r[i] = r[i] * size + (v < 0 ? v + size : v);
    }
  }
  return p;
}

// The view's indexed axes first, then the others.
Axes front_permutation(const Plan& p, int64_t nd) {
  Axes perm = p.axes;
  for (int64_t a = 0; a < nd; ++a)
    if (std::find(p.axes.begin(), p.axes.end(), a) == p.axes.end()) perm.push_back(a);
  return perm;
}

Tensor index_rows_add(const Tensor& g, const Tensor& rows, int64_t P);

// (P, R) -> (rows.numel(), R): row i of the result is row rows[i] of t.
Tensor index_rows(const Tensor& t, const Tensor& rows) {
  const int64_t n = rows.numel(), R = t.shape()[1];
  Tensor out = Tensor::empty({n, R}, t.dtype());
  const int64_t* r = rows.data<int64_t>();
  const size_t bytes = static_cast<size_t>(R) * itemsize(t.dtype());
  const Tensor tc = t.contiguous_data();
  const char* src = static_cast<const char*>(tc.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  parallel_for(n, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) std::memcpy(dst + i * bytes, src + r[i] * bytes, bytes);
  });
  if (!needs_autograd({&t})) return out;
  const int64_t P = t.shape()[0];
  return record("index", out, {&t}, [rows, P](const Tensor& g, Node&) {
    return std::vector<Tensor>{index_rows_add(g, rows, P)};
  }, [rows](const Tangents& tg) { return index_rows(tg[0], rows); });
}

// The adjoint of index_rows: zeros (P, R) with row i of g added to row rows[i]. Repeated rows
// accumulate in index order, so results do not depend on the thread count (threads split columns).
Tensor index_rows_add(const Tensor& g0, const Tensor& rows, int64_t P) {
  const Tensor g = g0.contiguous_data();
  const int64_t n = g.shape()[0], R = g.shape()[1];
  Tensor out = Tensor::zeros({P, R}, g.dtype());
  const int64_t* r = rows.data<int64_t>();
  dispatch_float(g.dtype(), "index_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* src = g.data<T>();
    T* dst = out.data<T>();
    parallel_for(R, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(n, 1)), [&](int64_t c0, int64_t c1) {
      for (int64_t i = 0; i < n; ++i)
        for (int64_t c = c0; c < c1; ++c) dst[r[i] * R + c] += src[i * R + c];
    });
  });
  if (!needs_autograd({&g0})) return out;
  return record("index_backward", out, {&g0}, [rows](const Tensor& gg, Node&) {
    return std::vector<Tensor>{index_rows(gg, rows)};
  }, [rows, P](const Tangents& tg) { return index_rows_add(tg[0], rows, P); });
}

// Moves B's axes (at the front of B + rest) to `at`, where NumPy puts them for adjacent indices.
Axes place_block(int64_t nb, int64_t nrest, int64_t at) {
  Axes perm;
  for (int64_t k = 0; k < at; ++k) perm.push_back(nb + k);
  for (int64_t k = 0; k < nb; ++k) perm.push_back(k);
  for (int64_t k = at; k < nrest; ++k) perm.push_back(nb + k);
  return perm;
}

}  // namespace

Tensor advanced_index(const Tensor& x, const std::vector<IndexItem>& items) {
  const Plan p = plan(x.shape(), items);
  const Tensor v = index(x, p.basic);
  const int64_t nd = v.dim(), na = static_cast<int64_t>(p.axes.size());
  const Tensor front = permute(v, front_permutation(p, nd));
  Shape rest(front.shape().begin() + na, front.shape().end());
  const int64_t P = numel_of(Shape(front.shape().begin(), front.shape().begin() + na));
  const Tensor gathered = index_rows(reshape(front, {P, numel_of(rest)}), p.rows);
  Shape out_shape = p.rows.shape();
  out_shape.insert(out_shape.end(), rest.begin(), rest.end());
  const Tensor out = reshape(gathered, out_shape);
  const int64_t nb = p.rows.dim();
  if (!p.adjacent || p.axes[0] == 0) return out;
  return permute(out, place_block(nb, static_cast<int64_t>(rest.size()), p.axes[0]));
}

Tensor& index_put_(Tensor& x, const std::vector<IndexItem>& items, const Tensor& value) {
  bool advanced = false;
  for (auto& it : items) advanced = advanced || it.kind == IndexItem::Array;
  if (!advanced) {
    Tensor view = index(x, items);
    copy_(view, value);
    return x;
  }
  if (GradMode::is_enabled() && (x.requires_grad() || value.requires_grad()))
    throw NotImplemented("index_put_: assignment through tensor indices is not differentiable here; build the "
                         "result with graphgrad.where(mask, value, x) instead, or assign under no_grad()");
  check_no_internal_overlap(x, "index_put_");
  const Plan p = plan(x.shape(), items);
  const Tensor v = index(x, p.basic).detach();  // a view of x's memory
  const int64_t nd = v.dim(), na = static_cast<int64_t>(p.axes.size()), nb = p.rows.dim();
  const Axes perm = front_permutation(p, nd);
  Shape rest_shape, rest_strides, adv_shape;
  for (int64_t k = 0; k < nd; ++k) {
    (k < na ? adv_shape : rest_shape).push_back(v.shape()[perm[k]]);
    if (k >= na) rest_strides.push_back(v.strides()[perm[k]]);
  }
  // The value in x[items]'s shape, brought to the gather's order (B first), contiguous.
  Shape target = p.rows.shape();
  target.insert(target.end(), rest_shape.begin(), rest_shape.end());
  Tensor val;
  if (p.adjacent && p.axes[0] > 0) {
    const Axes place = place_block(nb, static_cast<int64_t>(rest_shape.size()), p.axes[0]);
    Shape placed;
    for (int64_t a : place) placed.push_back(target[a]);
    Axes inverse(place.size());
    for (size_t k = 0; k < place.size(); ++k) inverse[place[k]] = static_cast<int64_t>(k);
    val = permute(expand(value.detach(), placed), inverse);
  } else {
    val = expand(value.detach(), target);
  }
  val = val.copy_data(x.dtype());  // always a copy: a value overlapping x is read before any write
  // Element offsets of the rest axes, and the offset of each indexed row, in x's storage.
  const int64_t R = numel_of(rest_shape), n = p.rows.numel();
  std::vector<int64_t> roff(R, 0);
  Shape ri(rest_shape.size(), 0);
  for (int64_t k = 0; k < R; ++k) {
    int64_t o = 0;
    for (size_t d = 0; d < ri.size(); ++d) o += ri[d] * rest_strides[d];
    roff[k] = o;
    for (size_t d = ri.size(); d-- > 0;) {
      if (++ri[d] < rest_shape[d]) break;
      ri[d] = 0;
    }
  }
  const size_t item = itemsize(x.dtype());
  char* base = static_cast<char*>(v.raw_data());
  const char* src = static_cast<const char*>(val.raw_data());
  const int64_t* rows = p.rows.data<int64_t>();
  for (int64_t i = 0; i < n; ++i) {  // in index order: with repeated indices the last write wins
    int64_t off = 0, rem = rows[i];
    for (int64_t j = na; j-- > 0;) {
      off += (rem % adv_shape[j]) * v.strides()[perm[j]];
      rem /= adv_shape[j];
    }
    for (int64_t k = 0; k < R; ++k) std::memcpy(base + (off + roff[k]) * item, src + (i * R + k) * item, item);
  }
  x.bump_version();
  return x;
}

}  // namespace gg
