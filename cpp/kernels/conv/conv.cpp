// Convolution kernels (conv.h): im2col + GEMM per sample, group and block of output positions,
// with the 1x1 and depthwise shortcuts.
#include "kernels/conv/conv.h"

#include <algorithm>
#include <utility>

#include "core/parallel.h"
#include "kernels/conv/depthwise.h"
#include "kernels/conv/im2col.h"
#include "kernels/conv/scratch.h"
#include "kernels/gemm/gemm.h"
#include "kernels/isa.h"

// The generic copy of im2col / col2im (16-byte vectors: SSE2 on x86-64).
#define GG_COLS_ISA generic
#define GG_COLS_BYTES 16
#include "kernels/conv/cols_rows.h"

namespace gg::kernels {

template <class T>
detail::Im2colLoops<T> detail::im2col_loops() {
#if GG_X86
  if (isa() == Isa::Avx512) return detail::im2col_loops_avx512(T{});
  if (isa() == Isa::Avx2) return detail::im2col_loops_avx2(T{});
#endif
  return detail::im2col_loops_generic(T{});
}

namespace {

// A 1x1 convolution with stride 1, no padding and the output the input's size reads the input as
// its columns.
bool pointwise(const ConvGeom& g) {
  for (int d = 0; d < 3; ++d)
    if (g.k[d] != 1 || g.stride[d] != 1 || g.pad[d] != 0 || g.in[d] != g.out[d]) return false;
  return true;
}

// Bytes of columns per GEMM in the forward pass and the weight gradient. One sample's columns are
// megabytes (ResNet's 3x3 64->64 at 56x56: 7 MB); written whole, they went to L3 and the GEMM
// spent a third of its time packing them back (50 GFLOP/s of this EPYC's ~80). Blocks of output
// positions whose columns stay in L2 from im2col to the GEMM are small enough for its direct
// path, which reads them in place: that shape's forward took 27 ms instead of 44 (one thread),
// its weight gradient 28 instead of 36, for any block of 256 KB to 1 MB. The input gradient's
// blocks (columns from the GEMM, summed back by col2im while in L2) were 20% slower than whole
// samples while the GEMM read w transposed in place; with w transposed once per call, 11-13%
// faster on that shape (2 threads, loaded machine; 2-5% on one).
constexpr int64_t kBlockBytes = 512 << 10;

// Sizes of one group's GEMMs: Kg output channels, R = Cg * kernel rows of the columns, and the
// output positions split into `blocks` blocks of NB (the last one shorter; one block per sample
// when `blocked` is false).
struct Dims {
  int64_t Cg, Kg, R, IS, OS, NB = 1, blocks = 0;
  Dims(const ConvGeom& g, int64_t elem, bool blocked)
      : Cg(g.C / g.groups), Kg(g.K / g.groups), R(Cg * g.k_size()), IS(g.in_size()), OS(g.out_size()) {
    if (OS == 0) return;
    // A multiple of 128 bytes, so that every block but the last is whole micro-panels of the
    // GEMM (nr is 64 or 128 bytes), read without packing; the blocks are evened out.
    const int64_t unit = 128 / elem;
    const int64_t most = blocked ? std::max(unit, kBlockBytes / (std::max<int64_t>(R, 1) * elem) / unit * unit) : OS;
    const int64_t n = (OS + most - 1) / most, even = (OS + n - 1) / n;
    NB = std::min(OS, (even + unit - 1) / unit * unit);
    blocks = (OS + NB - 1) / NB;
  }
  std::pair<int64_t, int64_t> block(int64_t b) const { return {b * NB, std::min(OS, (b + 1) * NB)}; }
};

// Prefetches rows x [0, n) (stride ld) at p into L2.
template <class T>
void prefetch_rows(const T* p, int64_t rows, int64_t ld, int64_t n) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; j += 64 / sizeof(T)) __builtin_prefetch(p + r * ld + j, 0, 2);
}

// Chunks of (sample, block) units the weight gradient is summed over: fixed, so that the order of
// the sum does not depend on the thread count.
constexpr int64_t kWeightChunks = 8;

}  // namespace

template <class T>
void conv_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  if (detail::is_depthwise(g)) return detail::depthwise_forward(g, x, w, bias, y);
  const Dims d(g, sizeof(T), true);
  const bool direct = pointwise(g);
  const auto loops = detail::im2col_loops<T>();
  // Threads split the (sample, block) units; each GEMM then runs on its thread alone.
  parallel_for(g.N * d.blocks, 1, [&](int64_t u0, int64_t u1) {
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.NB + detail::kColsSlack<T>));
    for (int64_t u = u0; u < u1; ++u) {
      const int64_t n = u / d.blocks;
      const auto [o0, o1] = d.block(u % d.blocks);
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const T* xg = x + (n * g.C + grp * d.Cg) * d.IS;
        T* yg = y + (n * g.K + grp * d.Kg) * d.OS;
        const T* bg = bias ? bias + grp * d.Kg : nullptr;
        if (d.R == 0) {  // no input channels
          for (int64_t k = 0; k < d.Kg; ++k) std::fill(yg + k * d.OS + o0, yg + k * d.OS + o1, bg ? bg[k] : T(0));
          continue;
        }
        if (!direct) loops.im2col(g, d.Cg, xg, o0, o1, cols);
        gemm(false, false, d.Kg, o1 - o0, d.R, T(1), w + grp * d.Kg * d.R, d.R, direct ? xg + o0 : cols,
             direct ? d.OS : o1 - o0, T(0), yg + o0, d.OS);
        // The bias added to the block while it is in cache (the same sum as a GEMM with beta = 1
        // onto y filled with it, without the fill's pass over y or the GEMM's reads of it: forward,
        // thread CPU time, interleaved, AVX-512 / AVX2: 32->64 13.3 -> 12.5 / 18.8 -> 17.7 ms,
        // ResNet 3x3 17.1 -> 16.7 / 25.1 -> 24.3, 1x1 7.8 -> 7.4 / 9.3 -> 8.1).
        if (bg)
          for (int64_t k = 0; k < d.Kg; ++k) {
            T* yr = yg + k * d.OS;
            const T b = bg[k];
            for (int64_t j = o0; j < o1; ++j) yr[j] += b;
          }
      }
    }
  });
}

template <class T>
void conv_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx) {
  if (detail::is_depthwise(g)) return detail::depthwise_backward_input(g, gy, w, gx);
  const Dims d(g, sizeof(T), true);
  const bool direct = pointwise(g);
  const auto loops = detail::im2col_loops<T>();
  // w_gᵀ (R x Kg per group), copied once: the blocks' GEMMs take the direct path, which reads a
  // transposed A slowly.
  T* wt = detail::conv_scratch<T, 1>(static_cast<size_t>(g.K * d.R));
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t k = 0; k < d.Kg; ++k)
      for (int64_t r = 0; r < d.R; ++r) wt[(grp * d.R + r) * d.Kg + k] = w[(grp * d.Kg + k) * d.R + r];
  // Threads split the samples (the input positions of a sample's windows overlap).
  parallel_for(g.N, 1, [&](int64_t n0, int64_t n1) {
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.NB + detail::kColsSlack<T>));
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        T* gxg = gx + (n * g.C + grp * d.Cg) * d.IS;
        const T* gyg = gy + (n * g.K + grp * d.Kg) * d.OS;
        if (!direct || d.Kg == 0) std::fill(gxg, gxg + d.Cg * d.IS, T(0));
        if (d.Kg == 0 || d.R == 0) continue;
        // columns = w_gᵀ · gy_g, then summed back onto the input positions they were read from
        for (int64_t b = 0; b < d.blocks; ++b) {
          const auto [o0, o1] = d.block(b);
          gemm(false, false, d.R, o1 - o0, d.Kg, T(1), wt + grp * d.R * d.Kg, d.Kg, gyg + o0, d.OS, T(0),
               direct ? gxg + o0 : cols, direct ? d.OS : o1 - o0);
          if (direct) continue;
          // The GEMM reads its block of gy as strided panels, which the hardware prefetchers
          // follow poorly: the next block (this group's, or the next group's or sample's, which
          // follow in memory) is fetched while col2im runs. Thread CPU time, interleaved, loaded
          // Xeon: 32->64 input gradient 14.3 -> 13.3 ms (AVX-512), 19.4 -> 17.9 (AVX2); ResNet 3x3
          // 18.7 -> 17.9, 26.4 -> 24.9. Prefetching the next block's input for im2col in the
          // forward and weight gradient measured no different.
          if (b + 1 < d.blocks) {
            const auto [p0, p1] = d.block(b + 1);
            prefetch_rows(gyg + p0, d.Kg, d.OS, p1 - p0);
          } else if (n + 1 < n1 || grp + 1 < g.groups) {
            prefetch_rows(gyg + d.Kg * d.OS, d.Kg, d.OS, d.NB);
          }
          loops.col2im_add(g, d.Cg, cols, o0, o1, gxg);
        }
      }
  });
}

// gb[k] = sum over samples, in order, of gy[n, k, :] (the depthwise path's bias gradient),
// parallel over channels.
template <class T>
void bias_grad(const ConvGeom& g, const T* gy, T* gb) {
  const int64_t OS = g.out_size();
  parallel_for(g.K, 1, [&](int64_t k0, int64_t k1) {
    for (int64_t k = k0; k < k1; ++k) {
      T s = 0;
      for (int64_t n = 0; n < g.N; ++n) s += detail::row_sum(gy + (n * g.K + k) * OS, OS);
      gb[k] = s;
    }
  });
}

template <class T>
void conv_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw, T* gb) {
  if (detail::is_depthwise(g)) {
    detail::depthwise_backward_weight(g, x, gy, gw);
    if (gb) bias_grad(g, gy, gb);
    return;
  }
  const Dims d(g, sizeof(T), true);
  const int64_t WS = g.K * d.R, PS = WS + (gb ? g.K : 0);  // a chunk's partial gw (and gb)
  std::fill(gw, gw + WS, T(0));
  if (gb) std::fill(gb, gb + g.K, T(0));
  if (g.N == 0 || d.OS == 0 || PS == 0) return;
  const bool direct = pointwise(g);
  const auto loops = detail::im2col_loops<T>();
  const int64_t units = g.N * d.blocks, chunks = std::min(units, kWeightChunks);
  // Each chunk sums gw_gᵀ (R x Kg per group) = columns · gy_gᵀ into its own buffer (the caller's
  // scratch): the GEMM then packs panels of gy (Kg rows) rather than of the columns (R rows).
  T* partial = detail::conv_scratch<T, 1>(static_cast<size_t>(chunks * PS));
  parallel_tasks(static_cast<int>(chunks), [&](int c) {
    const int64_t u0 = c * units / chunks, u1 = (c + 1) * units / chunks;
    T* dst = partial + c * PS;
    T* cols = direct ? nullptr : detail::conv_scratch<T>(static_cast<size_t>(d.R * d.NB + detail::kColsSlack<T>));
    if (gb) std::fill(dst + WS, dst + PS, T(0));
    for (int64_t u = u0; u < u1; ++u) {
      const int64_t n = u / d.blocks;
      const auto [o0, o1] = d.block(u % d.blocks);
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const T* xg = x + (n * g.C + grp * d.Cg) * d.IS;
        const T* gyg = gy + (n * g.K + grp * d.Kg) * d.OS;
        if (!direct) loops.im2col(g, d.Cg, xg, o0, o1, cols);
        if (d.R > 0)
          gemm(false, true, d.R, d.Kg, o1 - o0, T(1), direct ? xg + o0 : cols, direct ? d.OS : o1 - o0, gyg + o0,
               d.OS, T(u == u0 ? 0 : 1), dst + grp * d.R * d.Kg, d.Kg);
        if (gb)
          for (int64_t k = 0; k < d.Kg; ++k) dst[WS + grp * d.Kg + k] += detail::row_sum(gyg + k * d.OS + o0, o1 - o0);
      }
    }
  });
  // gw[grp, k, r] (and gb) = the chunks' sums, in chunk order
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t r = 0; r < d.R; ++r)
      for (int64_t k = 0; k < d.Kg; ++k) {
        const int64_t at = grp * d.R * d.Kg + r * d.Kg + k;
        T s = partial[at];
        for (int64_t c = 1; c < chunks; ++c) s += partial[c * PS + at];
        gw[(grp * d.Kg + k) * d.R + r] = s;
      }
  if (gb)
    for (int64_t k = 0; k < g.K; ++k) {
      T s = partial[WS + k];
      for (int64_t c = 1; c < chunks; ++c) s += partial[c * PS + WS + k];
      gb[k] = s;
    }
}

#define GG_CONV(T)                                                                    \
  template void conv_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);   \
  template void conv_backward_input<T>(const ConvGeom&, const T*, const T*, T*);      \
  template void conv_backward_weight<T>(const ConvGeom&, const T*, const T*, T*, T*);
GG_CONV(float)
GG_CONV(double)
#undef GG_CONV

}  // namespace gg::kernels
