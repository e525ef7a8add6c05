// The fused forward and backward passes of one recurrent layer over validated geometry
// (rnn_geometry.h), on raw buffers: GEMMs (kernels/gemm) and the gate kernels (kernels/rnn.h),
// each step split into fixed chunks of hidden units, one fork-join per pass. Internal to ops/rnn*.cpp.
#pragma once
#include <vector>

#include "core/dtype.h"
#include "core/tensor.h"
#include "ops/rnn_geometry.h"

namespace gg::rnn_detail {

// One direction's weights in PyTorch's layout (undefined when absent).
struct DirWeights {
  Tensor w_ih, w_hh, b_ih, b_hh, w_hr;
};

// What the forward keeps for backward, per direction: the gate activations, the per-row aux
// values (LSTM: c, GRU: h·W_hnᵀ + b_hn), and w_ih, w_hh with their gate rows in the order the
// passes use (undefined when that is PyTorch's).
struct Saved {
  std::vector<Tensor> gates, aux, w_ih, w_hh;
};

// Gradients, in the order of a direction's weights: w_ih, w_hh, b_ih, b_hh, w_hr.
struct Grads {
  Tensor dx, dh0, dc0;
  std::vector<std::vector<Tensor>> dw;
};

template <class T>
const T* ptr(const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; }

// res: the flat result [output (N, D*P), h_n (D, B, P), c_n (D, B, H)]. Contiguous operands.
template <class T>
void fused_forward(const Geometry& g, const T* x, const T* h0, const T* c0, const std::vector<DirWeights>& w,
                   T* res, Saved& saved, DType dt);
// gr: the gradient of the flat result. dx only when want_dx.
template <class T>
Grads fused_backward(const Geometry& g, const T* gr, const T* x, const T* h0, const T* c0,
                     const std::vector<DirWeights>& w, const T* res, const Saved& saved, DType dt, bool want_dx);

}  // namespace gg::rnn_detail
