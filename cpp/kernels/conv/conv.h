// Convolution kernels on raw contiguous NCHW-style pointers, for 1 to 3 spatial dims (fewer dims
// are given as leading spatial sizes of 1). Three primitives, each other's adjoints, serve
// convolution, transposed convolution and every derivative of both:
//   forward          y[n, k, o]   = b[k] + sum_{c in k's group, r} w[k, c, r] * x[n, c, o*s + r*d - p]
//   backward_input   gx[n, c, i]  = sum_{k, o, r : o*s + r*d - p = i} w[k, c, r] * gy[n, k, o]
//   backward_weight  gw[k, c, r]  = sum_{n, o} gy[n, k, o] * x[n, c, o*s + r*d - p]
// Positions outside the input read as zero (zero padding of `pad` in front; the output sizes
// given decide how far the windows reach at the back). Each output is written, not accumulated.
//
// The general path is im2col + our GEMM, per sample, group and (forward, weight gradient) block of
// output positions sized for L2; 1x1 convolutions with stride 1 and no padding skip im2col (the
// input is the GEMM's operand), and depthwise 2-D convolutions (groups = channels = out channels)
// run direct SIMD loops per plane (depthwise.h). Threads split (sample, block) units (forward),
// samples (input gradient), a fixed number of chunks of units (weight gradient, summed in chunk
// order), or for depthwise (sample, channel) planes and channels (its weight gradient), so results
// do not depend on the thread count.
#pragma once
#include <cstdint>

namespace gg::kernels {

struct ConvGeom {
  int64_t N = 0, C = 0, K = 0, groups = 1;  // batch, input channels, output channels
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1}, pad[3] = {0, 0, 0}, dil[3] = {1, 1, 1};

  int64_t in_size() const { return in[0] * in[1] * in[2]; }
  int64_t out_size() const { return out[0] * out[1] * out[2]; }
  int64_t k_size() const { return k[0] * k[1] * k[2]; }
};

// y (N, K, out), from x (N, C, in) and w (K, C / groups, k); bias (K,) or null.
template <class T>
void conv_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y);
// gx (N, C, in) from gy (N, K, out) and w.
template <class T>
void conv_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx);
// gw (K, C / groups, k) from x and gy; with gb (K,) not null also the bias gradient
// gb[k] = sum_{n, o} gy[n, k, o], summed while each block of gy is in cache for the GEMM.
template <class T>
void conv_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw, T* gb = nullptr);

// The instruction set of the convolution kernels' own loops (depthwise, im2col and col2im; the GEMM
// under them reports as gemm_kernel_name()): "avx512", "avx2" or "generic".
const char* conv_kernel_isa();

}  // namespace gg::kernels
