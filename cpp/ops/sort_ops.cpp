// sort, argsort, topk, kthvalue, median: the positions come from a row kernel (kernels/sort.h) on a
// copy of the input with the axis last, one row per thread task; the values are gather(input, dim,
// positions), so their gradient (a scatter_add) and tangent come from gather.
#include "ops/sort_ops.h"

#include <limits>

#include "core/error.h"
#include "kernels/sort.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/registry.h"
#include "ops/scatter_ops.h"

namespace gg {

namespace {

// int64 positions (x's shape with m entries along d) from kernel(row data, out, rows, R), which
// writes m positions per row of x with axis d moved last.
template <class K>
Tensor positions(const Tensor& x, int64_t d, int64_t m, K&& kernel) {
  Axes perm;
  for (int64_t a = 0; a < x.dim(); ++a)
    if (a != d) perm.push_back(a);
  perm.push_back(d);
  const Tensor rows = in_compute(permute(x.detach(), perm)).contiguous_data();
  Shape s = rows.shape();
  const int64_t R = s.back();
  s.back() = m;
  Tensor idx = Tensor::empty(s, DType::Int64);
  const int64_t n = numel_of(s) / std::max<int64_t>(m, 1);
  if (numel_of(s) > 0) {
    dispatch_all(rows.dtype(), "sort", [&](auto tag) {
      using T = typename decltype(tag)::type;
      kernel(rows.data<T>(), idx.data<int64_t>(), n, R);
    });
  }
  Axes inverse(perm.size());
  for (size_t k = 0; k < perm.size(); ++k) inverse[perm[k]] = static_cast<int64_t>(k);
  return permute(idx, inverse);
}

// (x as at least 1-d, the wrapped axis): a 0-d tensor is a line of one.
std::pair<Tensor, int64_t> line(const Tensor& x, int64_t dim, const char* op) {
  const int64_t d = wrap_axis(dim, x.dim(), op);
  return {x.dim() == 0 ? reshape(x, {1}) : x, d};
}

// (values, positions) in x0's rank: gathered from x, squeezed along d unless keepdim.
std::pair<Tensor, Tensor> select(const Tensor& x0, const Tensor& x, int64_t d, Tensor idx, bool squeeze_d) {
  Tensor v = gather(x, d, idx);
  if (x0.dim() == 0) return {reshape(v, {}), reshape(idx, {})};
  if (squeeze_d) return {squeeze(v, d), squeeze(idx, d)};
  return {v, idx};
}

int64_t size_along(const Tensor& x, int64_t d, const char* op) {
  if (x.shape()[d] == 0)
    throw ValueError(msg(op, ": cannot select from an axis of size zero (shape ", shape_str(x.shape()), ", dim ", d, ")"));
  return x.shape()[d];
}

std::pair<Tensor, Tensor> kth_along(const Tensor& x0, int64_t k, int64_t dim, bool keepdim, bool median) {
  const char* op = median ? "median" : "kthvalue";
  auto [x, d] = line(x0, dim, op);
  const int64_t R = size_along(x, d, op);
  if (median) k = (R - 1) / 2;
  else if (k < 0 || k >= R)
    throw ValueError(msg(op, ": k (", k + 1, ") is out of range for dimension ", d, " of size ", R));
  Tensor idx = positions(x, d, 1, [&](const auto* p, int64_t* o, int64_t rows, int64_t n) {
    kernels::kth_rows(p, o, rows, n, k, median);
  });
  return select(x0, x, d, idx, !keepdim);
}

}  // namespace

std::pair<Tensor, Tensor> sort(const Tensor& x0, int64_t dim, bool descending, bool) {
  auto [x, d] = line(x0, dim, "sort");
  Tensor idx = positions(x, d, x.shape()[d], [&](const auto* p, int64_t* o, int64_t rows, int64_t n) {
    kernels::sort_rows(p, o, rows, n, descending);
  });
  return select(x0, x, d, idx, false);
}

Tensor argsort(const Tensor& x, int64_t dim, bool descending, bool stable) {
  return sort(x.detach(), dim, descending, stable).second;
}

std::pair<Tensor, Tensor> topk(const Tensor& x0, int64_t k, int64_t dim, bool largest, bool) {
  auto [x, d] = line(x0, dim, "topk");
  const int64_t R = x.shape()[d];
  if (k < 0 || k > R) throw ValueError(msg("topk: k (", k, ") is out of range for dimension ", d, " of size ", R));
  Tensor idx = positions(x, d, k, [&](const auto* p, int64_t* o, int64_t rows, int64_t n) {
    kernels::topk_rows(p, o, rows, n, k, largest);
  });
  return select(x0, x, d, idx, false);
}

std::pair<Tensor, Tensor> kthvalue(const Tensor& x, int64_t k, int64_t dim, bool keepdim) {
  return kth_along(x, k - 1, dim, keepdim, false);
}

std::pair<Tensor, Tensor> median_dim(const Tensor& x, int64_t dim, bool keepdim) {
  return kth_along(x, 0, dim, keepdim, true);
}

Tensor median(const Tensor& x) {
  if (x.numel() == 0) {
    if (!is_floating(x.dtype())) throw ValueError(msg("median: cannot take the median of an empty ", dtype_name(x.dtype()), " tensor"));
    return Tensor::scalar(std::numeric_limits<double>::quiet_NaN(), x.dtype());
  }
  return reshape(kth_along(reshape(x, {-1}), 0, 0, false, true).first, {});
}

// ---- registration ----
using namespace registry;

GG_REGISTER_OP({"sort", &sort, {{"input"}, {"dim", int64_t{-1}}, {"descending", false}, {"stable", false, true}},
                "(values, indices) sorted along dim. NaN sorts as the largest value; ties keep their order (the "
                "sort is always stable).", kBoth,
                {"np.sort(x, axis=-1)", "distinct", kDiff | kIntegers}, {}, false, true});
GG_REGISTER_OP({"argsort", &argsort, {{"input"}, {"dim", int64_t{-1}}, {"descending", false}, {"stable", false, true}},
                "The int64 positions that sort input along dim (sort's indices).", kBoth,
                {"np.argsort(x, axis=-1, kind='stable').reshape(x.shape)", "real", kIntegers}, {}, false, true});
GG_REGISTER_OP({"topk", &topk, {{"input"}, {"k"}, {"dim", int64_t{-1}}, {"largest", true}, {"sorted", true}},
                "(values, indices) of the k largest (largest=False: smallest) entries along dim, in order.", kBoth,
                {"-np.sort(-x, axis=-1)[..., :1]", "distinct", kDiff | kIntegers, "{'k': 1}"}, {}, false, true});
GG_REGISTER_OP({"kthvalue", &kthvalue, {{"input"}, {"k"}, {"dim", int64_t{-1}}, {"keepdim", false}},
                "(values, indices) of the k-th smallest entry (k from 1) along dim.", kBoth,
                {"np.sort(x, axis=-1)[..., 0]", "distinct", kDiff | kIntegers, "{'k': 1}"}, {}, false, true});
GG_REGISTER_OP({"median", &median, {{"input"}},
                "The lower median of every element (NaN if any is NaN); with dim, (values, indices) along it.",
                kBoth, {}, {}, false, true});
GG_REGISTER_OP({"median", &median_dim, {{"input"}, {"dim"}, {"keepdim", false}},
                "(values, indices): the lower median along dim (NaN where a line holds a NaN).", kBoth,
                {"np.sort(x, axis=-1)[..., (x.shape[-1] - 1) // 2]", "distinct", kDiff | kIntegers, "{'dim': -1}"},
                {}, false, true});

}  // namespace gg
