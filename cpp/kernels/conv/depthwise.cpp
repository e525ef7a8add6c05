// Depthwise kernels (depthwise.h). Each visits, per output row oh and kernel tap (kh, kw), the
// contiguous run of outputs whose input lies inside the plane: stride-1 runs vectorize.
#include "kernels/conv/depthwise.h"

#include <algorithm>

#include "core/parallel.h"
#include "kernels/conv/im2col.h"

namespace gg::kernels::detail {

namespace {

// f(oh, base, kh * kW + kw, lo, hi) for each output row oh and each tap whose input row is inside
// the plane: output ow of the run [lo, hi) reads input base + ow * stride (as in im2col).
template <class F>
void for_each_tap(const ConvGeom& g, F&& f) {
  const int64_t H = g.in[1], W = g.in[2], oH = g.out[1], oW = g.out[2];
  for (int64_t oh = 0; oh < oH; ++oh)
    for (int64_t kh = 0; kh < g.k[1]; ++kh) {
      const int64_t ih = oh * g.stride[1] + kh * g.dil[1] - g.pad[1];
      if (ih < 0 || ih >= H) continue;
      for (int64_t kw = 0; kw < g.k[2]; ++kw) {
        const int64_t off = kw * g.dil[2] - g.pad[2];
        int64_t lo, hi;
        valid_range(off, g.stride[2], W, oW, lo, hi);
        if (lo < hi) f(oh, ih * W + off, kh * g.k[2] + kw, lo, hi);
      }
    }
}

// Planes (n, c) per task: enough work per thread for small images.
int64_t plane_grain(const ConvGeom& g) { return std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, g.out_size() * g.k_size())); }

}  // namespace

template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), oW = g.out[2], s = g.stride[2], KS = g.k_size();
  parallel_for(g.N * C, plane_grain(g), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int64_t c = p % C;
      const T* xp = x + p * IS;
      const T* wc = w + c * KS;
      T* yp = y + p * OS;
      std::fill(yp, yp + OS, bias ? bias[c] : T(0));
      for_each_tap(g, [&](int64_t oh, int64_t base, int64_t r, int64_t lo, int64_t hi) {
        const T v = wc[r];
        T* yr = yp + oh * oW;
        if (s == 1)
          for (int64_t ow = lo; ow < hi; ++ow) yr[ow] += v * xp[base + ow];
        else
          for (int64_t ow = lo; ow < hi; ++ow) yr[ow] += v * xp[base + ow * s];
      });
    }
  });
}

template <class T>
void depthwise_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), oW = g.out[2], s = g.stride[2], KS = g.k_size();
  parallel_for(g.N * C, plane_grain(g), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const T* gp = gy + p * OS;
      const T* wc = w + (p % C) * KS;
      T* xp = gx + p * IS;
      std::fill(xp, xp + IS, T(0));
      for_each_tap(g, [&](int64_t oh, int64_t base, int64_t r, int64_t lo, int64_t hi) {
        const T v = wc[r];
        const T* gr = gp + oh * oW;
        if (s == 1)
          for (int64_t ow = lo; ow < hi; ++ow) xp[base + ow] += v * gr[ow];
        else
          for (int64_t ow = lo; ow < hi; ++ow) xp[base + ow * s] += v * gr[ow];
      });
    }
  });
}

template <class T>
void depthwise_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), oW = g.out[2], s = g.stride[2], KS = g.k_size();
  // Channels split across threads; each channel sums its samples in order.
  parallel_for(C, std::max<int64_t>(1, plane_grain(g) / std::max<int64_t>(1, g.N)), [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      T* wc = gw + c * KS;
      std::fill(wc, wc + KS, T(0));
      for (int64_t n = 0; n < g.N; ++n) {
        const T* xp = x + (n * C + c) * IS;
        const T* gp = gy + (n * C + c) * OS;
        for_each_tap(g, [&](int64_t oh, int64_t base, int64_t r, int64_t lo, int64_t hi) {
          const T* gr = gp + oh * oW;
          T acc = 0;
          if (s == 1) {
#pragma omp simd reduction(+ : acc)
            for (int64_t ow = lo; ow < hi; ++ow) acc += gr[ow] * xp[base + ow];
          } else {
            for (int64_t ow = lo; ow < hi; ++ow) acc += gr[ow] * xp[base + ow * s];
          }
          wc[r] += acc;
        });
      }
    }
  });
}

#define GG_DEPTHWISE(T)                                                                             \
  template void depthwise_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);           \
  template void depthwise_backward_input<T>(const ConvGeom&, const T*, const T*, T*);              \
  template void depthwise_backward_weight<T>(const ConvGeom&, const T*, const T*, T*);
GG_DEPTHWISE(float)
GG_DEPTHWISE(double)
#undef GG_DEPTHWISE

}  // namespace gg::kernels::detail
