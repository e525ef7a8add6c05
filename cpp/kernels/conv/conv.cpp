// Convolution kernels (conv.h): im2col + GEMM per sample and group, with the 1x1 and depthwise
// shortcuts.
#include "kernels/conv/conv.h"

#include <algorithm>
#include <vector>

#include "core/parallel.h"
#include "kernels/conv/depthwise.h"
#include "kernels/conv/im2col.h"
#include "kernels/conv/scratch.h"
#include "kernels/gemm/gemm.h"

namespace gg::kernels {

namespace {

// A 1x1 convolution with stride 1, no padding and the output the input's size reads the input as
// its columns.
bool pointwise(const ConvGeom& g) {
  for (int d = 0; d < 3; ++d)
    if (g.k[d] != 1 || g.stride[d] != 1 || g.pad[d] != 0 || g.in[d] != g.out[d]) return false;
  return true;
}

// Sizes of one group's GEMMs: Kg output channels, R = Cg * kernel rows of the columns.
struct Dims {
  int64_t Cg, Kg, R, IS, OS;
  explicit Dims(const ConvGeom& g)
      : Cg(g.C / g.groups), Kg(g.K / g.groups), R(Cg * g.k_size()), IS(g.in_size()), OS(g.out_size()) {}
};

// Chunks of samples the weight gradient is summed over: fixed, so that the order of the sum does
// not depend on the thread count.
constexpr int64_t kWeightChunks = 8;

}  // namespace

template <class T>
void conv_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  if (detail::is_depthwise(g)) return detail::depthwise_forward(g, x, w, bias, y);
  const Dims d(g);
  const bool direct = pointwise(g);
  // Samples split across threads (each GEMM then runs on its thread alone); one sample: the
  // GEMM itself is threaded.
  parallel_for(g.N, 1, [&](int64_t n0, int64_t n1) {
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.OS));
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const T* xg = x + (n * g.C + grp * d.Cg) * d.IS;
        T* yg = y + (n * g.K + grp * d.Kg) * d.OS;
        for (int64_t k = 0; k < d.Kg; ++k) std::fill(yg + k * d.OS, yg + (k + 1) * d.OS, bias ? bias[grp * d.Kg + k] : T(0));
        if (d.R == 0 || d.Kg == 0 || d.OS == 0) continue;
        if (!direct) detail::im2col(g, d.Cg, xg, cols);
        gemm(false, false, d.Kg, d.OS, d.R, T(1), w + grp * d.Kg * d.R, d.R, direct ? xg : cols, d.OS, T(1), yg, d.OS);
      }
  });
}

template <class T>
void conv_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx) {
  if (detail::is_depthwise(g)) return detail::depthwise_backward_input(g, gy, w, gx);
  const Dims d(g);
  const bool direct = pointwise(g);
  parallel_for(g.N, 1, [&](int64_t n0, int64_t n1) {
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.OS));
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        T* gxg = gx + (n * g.C + grp * d.Cg) * d.IS;
        const T* gyg = gy + (n * g.K + grp * d.Kg) * d.OS;
        if (d.Kg == 0 || d.OS == 0 || d.R == 0) {
          std::fill(gxg, gxg + d.Cg * d.IS, T(0));
          continue;
        }
        // columns = w_gᵀ · gy_g, then summed back onto the input positions they were read from
        gemm(true, false, d.R, d.OS, d.Kg, T(1), w + grp * d.Kg * d.R, d.R, gyg, d.OS, T(0), direct ? gxg : cols, d.OS);
        if (!direct) detail::col2im(g, d.Cg, cols, gxg);
      }
  });
}

template <class T>
void conv_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw) {
  if (detail::is_depthwise(g)) return detail::depthwise_backward_weight(g, x, gy, gw);
  const Dims d(g);
  const int64_t WS = g.K * d.R;
  std::fill(gw, gw + WS, T(0));
  if (g.N == 0 || d.OS == 0 || WS == 0) return;
  const bool direct = pointwise(g);
  const int64_t chunks = std::min(g.N, kWeightChunks);
  std::vector<T> partial(static_cast<size_t>((chunks - 1) * WS));  // chunk 0 sums straight into gw
  parallel_tasks(static_cast<int>(chunks), [&](int c) {
    const int64_t n0 = c * g.N / chunks, n1 = (c + 1) * g.N / chunks;
    T* dst = c == 0 ? gw : partial.data() + (c - 1) * WS;
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.OS));
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const T* xg = x + (n * g.C + grp * d.Cg) * d.IS;
        if (!direct) detail::im2col(g, d.Cg, xg, cols);
        // gw_g += gy_g · columnsᵀ
        gemm(false, true, d.Kg, d.R, d.OS, T(1), gy + (n * g.K + grp * d.Kg) * d.OS, d.OS, direct ? xg : cols, d.OS,
             T(n == n0 && c > 0 ? 0 : 1), dst + grp * d.Kg * d.R, d.R);
      }
  });
  for (int64_t c = 1; c < chunks; ++c) {
    const T* p = partial.data() + (c - 1) * WS;
    for (int64_t i = 0; i < WS; ++i) gw[i] += p[i];
  }
}

#define GG_CONV(T)                                                                    \
  template void conv_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);   \
  template void conv_backward_input<T>(const ConvGeom&, const T*, const T*, T*);      \
  template void conv_backward_weight<T>(const ConvGeom&, const T*, const T*, T*);
GG_CONV(float)
GG_CONV(double)
#undef GG_CONV

}  // namespace gg::kernels
