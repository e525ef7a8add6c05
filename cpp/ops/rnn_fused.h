// The fused forward and backward passes of one recurrent layer over validated geometry
// (rnn_geometry.h), on raw buffers: GEMMs (kernels/gemm) and the gate kernels (kernels/rnn.h),
// each step split into fixed chunks of hidden units, one fork-join per pass. Internal to ops/rnn*.cpp.
#pragma once
#include <algorithm>
#include <array>
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
// passes use (undefined when that is PyTorch's). Indexed by direction: no heap block per step of a cell.
struct Saved {
  std::array<Tensor, 2> gates, aux, w_ih, w_hh;
};

// Gradients, in the order of a direction's weights: w_ih, w_hh, b_ih, b_hh, w_hr.
struct Grads {
  Tensor dx, dh0, dc0;
  std::vector<std::vector<Tensor>> dw;
};

template <class T>
const T* ptr(const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; }

// Boundary c (0..k) of k ranges splitting [0, n), the inner ones the multiples of `align` nearest
// to an even split (half up: H = 200 in 4 LSTM chunks is 52, 48, 52, 48 units, so that two threads
// taking chunks in turn get 100 each). Some ranges are empty when n < k * align.
inline int64_t split_point(int64_t n, int64_t k, int64_t align, int64_t c) {
  return c >= k ? n : std::min(n, (c * n / k + align / 2) / align * align);
}

// res: the flat result [output (N, D*P), h_n (D, B, P), c_n (D, B, H)]. Contiguous operands.
template <class T>
void fused_forward(const Geometry& g, const T* x, const T* h0, const T* c0, const std::vector<DirWeights>& w,
                   T* res, Saved& saved, DType dt);
// fused_forward's pass for one step of one direction without projection whose gates keep
// PyTorch's order (a cell at a small batch), in one parallel job (rnn_step.cpp); w the direction's weights.
template <class T>
void step_forward(const Geometry& g, const T* x, const T* h0, const T* c0, const DirWeights& w, T* res, Saved& saved,
                  DType dt);
// gr: the gradient of the flat result. dx only when want_dx.
template <class T>
Grads fused_backward(const Geometry& g, const T* gr, const T* x, const T* h0, const T* c0,
                     const std::vector<DirWeights>& w, const T* res, const Saved& saved, DType dt, bool want_dx);

}  // namespace gg::rnn_detail
