// matmul with NumPy semantics: 1-D operands are promoted and the added axis removed; N-D
// operands broadcast their batch axes. Transposed views reach the GEMM as transpose flags, so
// the backward's A^T·G and G·B^T never copy.
#include "core/error.h"
#include "kernels/gemm/gemm.h"
#include "ops/ops.h"
#include "ops/record.h"

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
  Tensor out = Tensor::empty(out_shape, a0.dtype());

  auto prep = [](const Tensor& t, int64_t r, int64_t c) {
    const int64_t n = t.dim();
    auto l = gemm_layout(r, c, t.strides()[n - 2], t.strides()[n - 1]);
    return l ? std::make_pair(t, *l) : std::make_pair(t.copy_data(t.dtype()), *gemm_layout(r, c, c, 1));
  };
  const auto [a, la] = prep(a0, M, K);
  const auto [b, lb] = prep(b0, K, N);
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
    const Tensor l = t[0].defined() ? matmul(t[0], b0) : Tensor();
    const Tensor r = t[1].defined() ? matmul(a0, t[1]) : Tensor();
    return !l.defined() ? r : (!r.defined() ? l : add(l, r));
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

}  // namespace gg
