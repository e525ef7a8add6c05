// Pooling kernels on contiguous (planes, H, W) blocks (1-D pooling: H = 1). Each spatial axis is
// described by its windows, so one kernel serves plain, dilated, padded, ceil-mode and adaptive
// pooling. Threads split the planes: results do not depend on the thread count.
#pragma once
#include <cstdint>
#include <vector>

namespace gg::kernels {

// One spatial axis: output o reads inputs first[o] + j * step for j < count[o], all inside
// [0, in) (the op has clipped the window to the input); average pooling divides by div[o]
// (multiplied over the axes unless a divisor override is given).
struct PoolAxis {
  int64_t in = 1, out = 1, step = 1;
  std::vector<int64_t> first, count;
  std::vector<double> div;
};

// y = the window maxima, idx = their flat positions h * W + w in the plane (NaN wins, as in
// PyTorch; an empty window gives -inf and index -1).
template <class T>
void max_pool_forward(int64_t planes, const PoolAxis& h, const PoolAxis& w, const T* x, T* y, int64_t* idx);
// y = window sums / divisor (divisor_override > 0 replaces div_h[o] * div_w[o]).
template <class T>
void avg_pool_forward(int64_t planes, const PoolAxis& h, const PoolAxis& w, double divisor_override, const T* x, T* y);
// gx = avg_pool_forward's adjoint applied to gy (written, not accumulated).
template <class T>
void avg_pool_backward(int64_t planes, const PoolAxis& h, const PoolAxis& w, double divisor_override, const T* gy,
                       T* gx);

// y[p, o] = x[p, idx[p, o]] for planes p of in_plane inputs and out_plane outputs (idx < 0: 0).
template <class T>
void gather_planes(int64_t planes, int64_t in_plane, int64_t out_plane, const T* x, const int64_t* idx, T* y);
// Its adjoint: gx[p, :] = 0, then gx[p, idx[p, o]] += g[p, o] (max-pool backward, max_unpool).
template <class T>
void scatter_planes(int64_t planes, int64_t in_plane, int64_t out_plane, const T* g, const int64_t* idx, T* gx);

}  // namespace gg::kernels
