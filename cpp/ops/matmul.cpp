// matmul with NumPy semantics: 1-D operands are promoted and the added axis removed; N-D
// operands broadcast their batch axes. Transposed views reach the GEMM as transpose flags, so
// the backward's A^T·G and G·B^T never copy.
// linear (x·Wᵀ + b) is one op, not matmul + transpose + add: the bias rows are the GEMM's C
// (beta = 1), and the weight's gradient comes out as gᵀ·x, already (out, in) and contiguous,
// so the optimizer reads it without a copy and the graph has one node per layer.
#include "core/error.h"
#include "kernels/gemm/gemm.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

struct Operand {
  bool trans;
  int64_t ld;
};

// How a (rows, cols) matrix with these strides is read by the GEMM, if it can be without a copy.
std::optional<Operand> gemm_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
  if (cs == 1 || cols == 1) {
    const int64_t ld = rows == 1 ? cols : rs;
    if (ld >= std::max<int64_t>(cols, 1)) return Operand{false, ld};
  }
  if (rs == 1 || rows == 1) {
    const int64_t ld = cols == 1 ? rows : cs;
    if (ld >= std::max<int64_t>(rows, 1)) return Operand{true, ld};
  }
  return std::nullopt;
}

// How the GEMM reads the matrix in t's last two axes (or its transpose): in place when the
// strides allow, else from a contiguous copy.
std::pair<Tensor, Operand> gemm_operand(const Tensor& t, bool transposed) {
  auto layout = [transposed](const Tensor& m) {
    const int64_t n = m.dim();
    int64_t r = m.shape()[n - 2], c = m.shape()[n - 1], rs = m.strides()[n - 2], cs = m.strides()[n - 1];
    if (transposed) std::swap(r, c), std::swap(rs, cs);
    return gemm_layout(r, c, rs, cs);
  };
  if (auto l = layout(t)) return {t, *l};
  Tensor c = t.copy_data(t.dtype());
  return {c, *layout(c)};
}

// Both operands at least 2-D and of the same float dtype.
Tensor matmul_nd(const Tensor& a0, const Tensor& b0) {
  const int64_t M = a0.shape()[a0.dim() - 2], K = a0.shape()[a0.dim() - 1];
  const int64_t K2 = b0.shape()[b0.dim() - 2], N = b0.shape()[b0.dim() - 1];
  if (K != K2)
    throw ValueError(msg("matmul: cannot multiply ", shape_str(a0.shape()), " by ", shape_str(b0.shape()),
                         ": inner sizes ", K, " and ", K2, " differ"));
  const Shape ba(a0.shape().begin(), a0.shape().end() - 2), bb(b0.shape().begin(), b0.shape().end() - 2);
  const Shape batch = broadcast_shapes(ba, bb, "matmul");
  Shape out_shape = batch;
  out_shape.push_back(M);
  out_shape.push_back(N);
  check_shape(out_shape, itemsize(a0.dtype()), "matmul");
  Tensor out = Tensor::empty(out_shape, a0.dtype());

  const auto [a, la] = gemm_operand(a0, false);
  const auto [b, lb] = gemm_operand(b0, false);
  const Shape sa = broadcast_strides(ba, Shape(a.strides().begin(), a.strides().end() - 2), batch);
  const Shape sb = broadcast_strides(bb, Shape(b.strides().begin(), b.strides().end() - 2), batch);
  const int64_t nbatch = numel_of(batch);
  dispatch_float(a.dtype(), "matmul", [&](auto tag) {
    using T = typename decltype(tag)::type;
    Shape idx(batch.size(), 0);
    for (int64_t p = 0; p < nbatch; ++p) {
      int64_t oa = 0, ob = 0;
      for (size_t d = 0; d < batch.size(); ++d) {
        oa += idx[d] * sa[d];
        ob += idx[d] * sb[d];
      }
      T* c = out.data<T>() + p * M * N;
      if (K == 0)
        std::fill(c, c + M * N, T(0));
      else
        kernels::gemm(la.trans, lb.trans, M, N, K, T(1), a.data<T>() + oa, la.ld, b.data<T>() + ob, lb.ld, T(0), c, N);
      for (size_t d = batch.size(); d-- > 0;) {
        if (++idx[d] < batch[d]) break;
        idx[d] = 0;
      }
    }
  });
  if (!needs_autograd({&a0, &b0})) return out;
  SavedTensor sva(a0, false), svb(b0, false);
  return record("matmul", out, {&a0, &b0}, [sva, svb, ha = a0.shape(), hb = b0.shape()](const Tensor& g, Node& self) {
    std::vector<Tensor> r(2);
    if (self.needs_grad(0)) r[0] = sum_to(matmul(g, transpose(svb.unpack(&self), -1, -2)), ha);
    if (self.needs_grad(1)) r[1] = sum_to(matmul(transpose(sva.unpack(&self), -1, -2), g), hb);
    return r;
  }, [a0, b0](const Tangents& t) {  // ta·b + a·tb
    return tangent_sum(t[0].defined() ? matmul(t[0], b0) : Tensor(), t[1].defined() ? matmul(a0, t[1]) : Tensor());
  });
}

// x (M, K), w (N, K), b (N,) or undefined, all of one float dtype.
Tensor linear_2d(const Tensor& x, const Tensor& w, const Tensor& b) {
  const int64_t M = x.shape()[0], K = x.shape()[1], N = w.shape()[0];
  Tensor out = Tensor::empty({M, N}, x.dtype());
  const auto [a, la] = gemm_operand(x, false);
  const auto [wt, lw] = gemm_operand(w, true);
  const Tensor bias = b.defined() ? b.contiguous_data() : b;
  dispatch_float(x.dtype(), "linear", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* c = out.data<T>();
    if (bias.defined())
      for (int64_t i = 0; i < M; ++i) std::copy_n(bias.data<T>(), N, c + i * N);
    else if (K == 0)
      std::fill(c, c + M * N, T(0));
    if (K > 0)
      kernels::gemm(la.trans, lw.trans, M, N, K, T(1), a.data<T>(), la.ld, wt.data<T>(), lw.ld,
                    T(bias.defined() ? 1 : 0), c, N);
  });
  std::vector<Tensor> inputs{x, w};
  if (b.defined()) inputs.push_back(b);
  if (!needs_autograd(inputs)) return out;
  SavedTensor sx(x, false), sw(w, false);
  return record("linear", out, inputs, [sx, sw](const Tensor& g, Node& self) {
    std::vector<Tensor> r(self.next.size());
    if (self.needs_grad(0)) r[0] = matmul(g, sw.unpack(&self));
    if (self.needs_grad(1)) r[1] = matmul(transpose(g, 0, 1), sx.unpack(&self));  // (N, K), contiguous
    if (r.size() > 2 && self.needs_grad(2)) r[2] = sum(g, {0});
    return r;
  }, [x, w](const Tangents& t) {  // tx·wᵀ + x·twᵀ + tb
    const Tensor r = tangent_sum(t[0].defined() ? matmul(t[0], transpose(w, 0, 1)) : Tensor(),
                                 t[1].defined() ? matmul(x, transpose(t[1], 0, 1)) : Tensor());
    return t.size() > 2 ? tangent_sum(r, t[2]) : r;
  });
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  if (a.dim() == 0 || b.dim() == 0)
    throw ValueError(msg("matmul: both operands need at least one dimension, got ", shape_str(a.shape()), " and ",
                         shape_str(b.shape())));
  if (!is_floating(a.dtype()) || !is_floating(b.dtype()))
    throw TypeError(msg("matmul: expected float tensors, got ", dtype_name(a.dtype()), " and ", dtype_name(b.dtype())));
  const DType d = promote(a.dtype(), b.dtype());
  if (compute_dtype(d) != d)  // float16/bfloat16: multiplied (and accumulated) in float32, rounded once
    return to_dtype(matmul(to_dtype(a, DType::Float32), to_dtype(b, DType::Float32)), d);
  const Tensor A = to_dtype(a, d), B = to_dtype(b, d);
  if (A.dim() == 1 && B.dim() == 1) {
    if (A.shape()[0] != B.shape()[0])
      throw ValueError(msg("matmul: cannot multiply ", shape_str(a.shape()), " by ", shape_str(b.shape()),
                           ": inner sizes ", A.shape()[0], " and ", B.shape()[0], " differ"));
    return reshape(matmul_nd(unsqueeze(A, 0), unsqueeze(B, 1)), {});
  }
  if (A.dim() == 1) return squeeze(matmul_nd(unsqueeze(A, 0), B), -2);
  if (B.dim() == 1) return squeeze(matmul_nd(A, unsqueeze(B, 1)), -1);
  return matmul_nd(A, B);
}

Tensor linear(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b_or_none) {
  const Tensor b = b_or_none.value_or(Tensor());
  const bool has_b = b.defined();
  if (x.dim() == 0 || w.dim() == 0 || w.dim() > 2)
    throw ValueError(msg("linear: expected input with at least one dimension and a 1-D or 2-D weight, got input ",
                         shape_str(x.shape()), " and weight ", shape_str(w.shape())));
  if (!is_floating(x.dtype()) || !is_floating(w.dtype()) || (has_b && !is_floating(b.dtype())))
    throw TypeError(msg("linear: expected float tensors, got input ", dtype_name(x.dtype()), ", weight ",
                        dtype_name(w.dtype()), has_b ? std::string(", bias ") + dtype_name(b.dtype()) : ""));
  const int64_t K = x.shape().back(), N = w.dim() == 2 ? w.shape()[0] : 1;
  if (w.shape().back() != K)
    throw ValueError(msg("linear: input ", shape_str(x.shape()), " has ", K, " features but weight ",
                         shape_str(w.shape()), " expects ", w.shape().back()));
  if (has_b && !(b.dim() == 0 || (b.dim() == 1 && b.shape()[0] == N)))
    throw ValueError(msg("linear: bias ", shape_str(b.shape()), " does not match the ", N, " outputs of weight ",
                         shape_str(w.shape())));
  if (w.dim() == 1) {  // PyTorch's 1-D weight: one output, its axis dropped
    const Tensor y = matmul(x, w);
    return has_b ? add(y, b) : y;
  }
  DType d = promote(x.dtype(), w.dtype());
  if (has_b) d = promote(d, b.dtype());
  if (compute_dtype(d) != d) {  // as matmul: float16/bfloat16 computed in float32
    const auto f32 = [](const Tensor& t) { return t.defined() ? to_dtype(t, DType::Float32) : t; };
    return to_dtype(linear(f32(x), f32(w), f32(b)), d);
  }
  const Tensor X = to_dtype(x, d), W = to_dtype(w, d);
  const Tensor B = !has_b ? b : expand(to_dtype(b, d), {N});
  if (X.dim() == 2) return linear_2d(X, W, B);
  Shape lead(X.shape().begin(), X.shape().end() - 1);
  const Tensor y = linear_2d(reshape(X, {numel_of(lead), K}), W, B);
  lead.push_back(N);
  return reshape(y, lead);
}

// nn.functional.linear: PyTorch's rule, a float32 input into float64 parameters (or the reverse)
// is a TypeError, not a silent promotion to the slower dtype (other dtypes get linear's own
// checks). Checked here, a layer call costs one C++ call instead of three `.dtype` reads in Python.
Tensor linear_same_dtype(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b) {
  const auto f32_f64 = [](DType d) { return d == DType::Float32 || d == DType::Float64; };
  const DType d = w.dtype();
  if ((x.dtype() != d || (b && b->dtype() != d)) && f32_f64(x.dtype()) && f32_f64(d) && (!b || f32_f64(b->dtype())))
    throw TypeError(msg("linear: input and parameters must have the same dtype, got input graphgrad.",
                        dtype_name(x.dtype()), ", weight graphgrad.", dtype_name(d),
                        b ? std::string(", bias graphgrad.") + dtype_name(b->dtype()) : "",
                        "; convert the input (x.to(graphgrad.", dtype_name(d), ")) or the module (module.to(graphgrad.",
                        dtype_name(x.dtype()), "))"));
  return linear(x, w, b);
}

// ---- registration ----
using namespace registry;

GG_REGISTER_OP({"matmul", &matmul, {{"input"}, {"other"}},
                "Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.", kBoth,
                {"x @ y", "real", kDiff}, {"mm"}, false, true});
GG_REGISTER_OP({"linear", &linear, {{"input"}, {"weight"}, {"bias", NoneDefault{}}},
                "input @ weight.T + bias in one op: the bias rows are the GEMM's C, the weight gradient is contiguous.",
                kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_linear", &linear_same_dtype, {{"input"}, {"weight"}, {"bias", NoneDefault{}}},
                "nn.functional.linear: input @ weight.T + bias, weight (out_features, in_features), in one op; input and "
                "parameters share one dtype (float32 with float64 is a TypeError, as in PyTorch).", kFunction, {}, {}, false, true});

}  // namespace gg
