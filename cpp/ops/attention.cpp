// Attention's operands are read in place when their last axis is contiguous (the heads of a
// (B, L, H, E) projection transposed to (B, H, L, E) are strided views): per batch-head offsets
// and a row stride go to the kernel instead of copies. A bool mask becomes an additive 0/-inf
// tensor of its own (unbroadcast) shape; broadcasting is strides.
#include "ops/attention.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "kernels/attention.h"
#include "ops/nn.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

constexpr const char* kOp = "scaled_dot_product_attention";

// t's last axis contiguous and its rows at least a row apart (the GEMM's leading dimension).
Tensor rows_readable(const Tensor& t) {
  const int64_t n = t.dim(), rows = t.shape()[n - 2], cols = t.shape()[n - 1];
  const bool ok = (t.strides()[n - 1] == 1 || cols == 1) && (rows == 1 || t.strides()[n - 2] >= cols);
  return ok ? t : t.contiguous_data();
}

// Offset of each batch-head's matrix in t (batch axes = all but the last two, broadcast to `batch`).
std::vector<int64_t> head_offsets(const Tensor& t, const Shape& batch) {
  const Shape tb(t.shape().begin(), t.shape().end() - 2), ts(t.strides().begin(), t.strides().end() - 2);
  const Shape st = broadcast_strides(tb, ts, batch);
  std::vector<int64_t> off(static_cast<size_t>(numel_of(batch)));
  Shape idx(batch.size(), 0);
  for (auto& o : off) {
    o = 0;
    for (size_t d = 0; d < batch.size(); ++d) o += idx[d] * st[d];
    for (size_t d = batch.size(); d-- > 0;) {
      if (++idx[d] < batch[d]) break;
      idx[d] = 0;
    }
  }
  return off;
}

// The scores' additive bias of a causal (L, S) mask, for the composite backward.
Tensor causal_bias(int64_t L, int64_t S, DType dt) {
  Tensor b = Tensor::zeros({L, S}, dt);
  dispatch_float(dt, kOp, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < L; ++i)
      for (int64_t j = i + 1; j < S; ++j) b.data<T>()[i * S + j] = -std::numeric_limits<T>::infinity();
  });
  return b;
}

// The backward written with ops (used when it is itself recorded: create_graph=True).
std::vector<Tensor> composite_backward(const Tensor& g, const Tensor& q, const Tensor& k, const Tensor& v,
                                       const Tensor& mask, bool causal, double scale) {
  Tensor s = mul(matmul(q, transpose(k, -1, -2)), scale);
  if (mask.defined()) s = add(s, mask);
  if (causal) s = add(s, causal_bias(q.shape()[q.dim() - 2], k.shape()[k.dim() - 2], q.dtype()));
  const Tensor p = softmax(s, -1);
  const Tensor dp = matmul(g, transpose(v, -1, -2));
  const Tensor ds = mul(p, sub(dp, sum(mul(dp, p), {-1}, true)));
  return {mul(matmul(ds, k), scale), mul(matmul(transpose(ds, -1, -2), q), scale), matmul(transpose(p, -1, -2), g)};
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const std::optional<Tensor>& mask_or_none, bool is_causal,
                                    std::optional<double> scale) {
  const Tensor attn_mask = mask_or_none.value_or(Tensor());
  if (q.dim() < 2 || k.dim() != q.dim() || v.dim() != q.dim())
    throw ValueError(msg(kOp, ": expected query, key and value with the same number (>= 2) of dimensions, got ",
                         shape_str(q.shape()), ", ", shape_str(k.shape()), " and ", shape_str(v.shape())));
  if (!is_floating(q.dtype()) || k.dtype() != q.dtype() || v.dtype() != q.dtype())
    throw TypeError(msg(kOp, ": expected query, key and value of one float dtype, got ", dtype_name(q.dtype()), ", ",
                        dtype_name(k.dtype()), " and ", dtype_name(v.dtype())));
  const int64_t n = q.dim(), L = q.shape()[n - 2], E = q.shape()[n - 1], S = k.shape()[n - 2], Ev = v.shape()[n - 1];
  const Shape batch(q.shape().begin(), q.shape().end() - 2);
  if (Shape(k.shape().begin(), k.shape().end() - 2) != batch || Shape(v.shape().begin(), v.shape().end() - 2) != batch ||
      k.shape()[n - 1] != E || v.shape()[n - 2] != S)
    throw ValueError(msg(kOp, ": query ", shape_str(q.shape()), ", key ", shape_str(k.shape()), " and value ",
                         shape_str(v.shape()), " do not fit (..., L, E), (..., S, E), (..., S, Ev)"));
  if (E == 0) throw ValueError(msg(kOp, ": the embedding size of query and key is 0"));
  if (is_causal && attn_mask.defined())
    throw ValueError(msg(kOp, ": pass either attn_mask or is_causal, not both"));
  const double sc = scale ? *scale : 1.0 / std::sqrt(static_cast<double>(std::max<int64_t>(E, 1)));
  Shape full = batch;
  full.push_back(L);
  full.push_back(S);
  Tensor mask;
  if (attn_mask.defined()) {
    if (attn_mask.requires_grad() && GradMode::is_enabled())
      throw NotImplemented(msg(kOp, ": the fused kernel gives no gradient for a float attn_mask that requires grad"));
    bool fits = attn_mask.dim() <= n;
    for (int64_t i = 1; fits && i <= attn_mask.dim(); ++i) {
      const int64_t m = attn_mask.shape()[attn_mask.dim() - i];
      fits = m == 1 || m == full[n - i];
    }
    if (!fits)
      throw ValueError(msg(kOp, ": attn_mask ", shape_str(attn_mask.shape()), " does not broadcast to ",
                           shape_str(full)));
    GradModeGuard no_grad(false);
    if (attn_mask.dtype() == DType::Bool)
      mask = where(attn_mask, scalar_like(q, 0.0), scalar_like(q, -std::numeric_limits<double>::infinity()));
    else if (is_floating(attn_mask.dtype()))
      mask = to_dtype(attn_mask, q.dtype()).contiguous_data();
    else
      throw TypeError(msg(kOp, ": attn_mask must be bool or float, got ", dtype_name(attn_mask.dtype())));
    mask = expand(mask.detach(), full);
  }
  const Tensor Q = rows_readable(q), K = rows_readable(k), V = rows_readable(v);
  Shape out_shape = batch;
  out_shape.push_back(L);
  out_shape.push_back(Ev);
  Tensor out = Tensor::empty(out_shape, q.dtype());
  Tensor lse = Tensor::empty({numel_of(batch), L}, q.dtype());
  const bool grad = needs_autograd({&q, &k, &v});
  const int64_t ldp = q.dtype() == DType::Float64 ? kernels::attn_row_ld<double>(S) : kernels::attn_row_ld<float>(S);
  const Tensor probs = grad && kernels::attn_keeps_probs(L, S, E, Ev, ldp)
                           ? Tensor::empty({numel_of(batch), L, ldp}, q.dtype()) : Tensor();
  auto offs = std::make_shared<std::vector<std::vector<int64_t>>>();
  for (const Tensor* t : {&Q, &K, &V}) offs->push_back(head_offsets(*t, batch));
  if (mask.defined()) offs->push_back(head_offsets(mask, batch));
  // Arguments of the kernel for dtype T, reading the tensors captured here.
  auto args = [=](auto tag) {
    using T = typename decltype(tag)::type;
    const std::vector<std::vector<int64_t>>& o = *offs;
    kernels::AttnArgs<T> a{numel_of(batch), L, S, E, Ev, Q.data<T>(), K.data<T>(), V.data<T>(),
                           o[0].data(), o[1].data(), o[2].data(), Q.strides()[n - 2], K.strides()[n - 2],
                           V.strides()[n - 2], nullptr, nullptr, 0, 0, is_causal, static_cast<T>(sc)};
    if (mask.defined()) {
      a.mask = mask.data<T>();
      a.m_off = o[3].data();
      a.m_rs = mask.strides()[n - 2];
      a.m_cs = mask.strides()[n - 1];
    }
    return a;
  };
  if (numel_of(batch) > 0 && L > 0 && Ev > 0) {
    dispatch_float(q.dtype(), kOp, [&](auto tag) {
      using T = typename decltype(tag)::type;
      kernels::attention_forward(args(tag), out.data<T>(), lse.data<T>(), probs.defined() ? probs.data<T>() : nullptr);
    });
  } else {
    out = Tensor::zeros(out_shape, q.dtype());
  }
  if (!grad) return out;
  SavedTensor sq(q, false), sk(k, false), sv(v, false), so(out, true);
  return record(kOp, out, {&q, &k, &v}, [=](const Tensor& g, Node& self) {
    const Tensor qq = sq.unpack(&self), kk = sk.unpack(&self), vv = sv.unpack(&self), oo = so.unpack(&self);
    if (GradMode::is_enabled()) return composite_backward(g, qq, kk, vv, mask, is_causal, sc);
    const Tensor gc = g.contiguous_data();
    std::vector<Tensor> r{Tensor::empty(qq.shape(), qq.dtype()), Tensor::empty(kk.shape(), kk.dtype()),
                          Tensor::empty(vv.shape(), vv.dtype())};
    if (numel_of(batch) == 0 || L == 0 || S == 0 || Ev == 0) {
      for (auto& t : r) t = zeros_like(t);
      return r;
    }
    dispatch_float(qq.dtype(), kOp, [&](auto tag) {
      using T = typename decltype(tag)::type;
      kernels::attention_backward(args(tag), oo.data<T>(), gc.data<T>(), lse.data<T>(),
                                  probs.defined() ? probs.data<T>() : nullptr, r[0].data<T>(),
                                  r[1].data<T>(), r[2].data<T>());
    });
    return r;
  });
}

using namespace registry;

// The entry point of F.scaled_dot_product_attention without dropout (tests/test_attention.py).
GG_REGISTER_OP({"_scaled_dot_product_attention", &scaled_dot_product_attention,
                {{"query"}, {"key"}, {"value"}, {"attn_mask", NoneDefault{}}, {"is_causal", false}, {"scale", NoneDefault{}}},
                "Fused softmax(q k^T * scale + mask) v (no dropout), blocked with an online softmax.", kFunction, {}, {},
                false, true});

}  // namespace gg
