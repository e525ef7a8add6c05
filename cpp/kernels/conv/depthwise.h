// Direct depthwise convolution (groups = C = K) for 1 or 2 spatial dims: SIMD loops along the
// output width per (sample, channel) plane, chosen per ISA (depthwise.cpp), no im2col (a GEMM
// with one output row per group would waste its micro-kernel).
#pragma once
#include "kernels/conv/conv.h"

namespace gg::kernels::detail {

inline bool is_depthwise(const ConvGeom& g) {
  return g.groups > 1 && g.groups == g.C && g.C == g.K && g.in[0] == 1 && g.k[0] == 1 && g.out[0] == 1;
}

template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y);
template <class T>
void depthwise_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx);
template <class T>
void depthwise_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw);

}  // namespace gg::kernels::detail
