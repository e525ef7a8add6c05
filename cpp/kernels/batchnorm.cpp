// Batch normalisation kernels (see batchnorm.h): threads split the channels, each thread runs
// both passes of a kernel on its channels, and the leaf loops of batchnorm_chunks.h run compiled
// for the widest ISA the CPU has.
#include "kernels/batchnorm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/parallel.h"
#include "kernels/isa.h"

#define GG_BN_ISA generic
#include "kernels/batchnorm_chunks.h"
GG_BN_INSTANTIATE(float)
GG_BN_INSTANTIATE(double)
#undef GG_BN_ISA

// The other copies (batchnorm_avx2.cpp, batchnorm_avx512.cpp), declared here.
#define GG_BN_DECLARE(ns)                                                                                        \
  namespace gg::kernels::ns {                                                                                    \
  template <class T>                                                                                             \
  void sums_block(const T*, const T*, const T*, int64_t, int64_t, int64_t, int64_t, double*, double*);           \
  template <class T>                                                                                             \
  void affine_block(const T*, const T*, const T*, T*, int64_t, int64_t, int64_t, int64_t, const T*, const T*,    \
                    const T*);                                                                                   \
  }
#if GG_X86
GG_BN_DECLARE(avx2)
GG_BN_DECLARE(avx512)
#endif

namespace gg::kernels {

namespace {

using generic::kBlockCols;

// The leaf loops of one ISA copy.
template <class T>
struct Chunks {
  decltype(&generic::sums_block<T>) sums;
  decltype(&generic::affine_block<T>) affine;
};

// The copy of the level kernels/isa.h chose (read per call: a forced level applies at once).
template <class T>
Chunks<T> chunks() {
#if GG_X86
  if (isa() == Isa::Avx512) return {avx512::sums_block<T>, avx512::affine_block<T>};
  if (isa() == Isa::Avx2) return {avx2::sums_block<T>, avx2::affine_block<T>};
#endif
  return {generic::sums_block<T>, generic::affine_block<T>};
}

// f(cb, ce) over chunks of channels, one per thread.
template <class F>
void over_channels(int64_t N, int64_t C, int64_t L, F&& f) {
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(N * L, 1));
  parallel_for(C, grain, f);
}

// f(j0, w) over column blocks [j0, j0 + w) covering channels [c0, c1), laid out from each
// channel's start (whole channels per block when L <= kBlockCols, else blocks of kBlockCols
// columns from the channel's first), so that no channel's blocks depend on c0, the first
// channel of the thread: the partition never changes a result.
template <class F>
void over_blocks(int64_t L, int64_t c0, int64_t c1, F&& f) {
  if (L <= kBlockCols) {
    const int64_t per = kBlockCols / L;
    for (int64_t c = c0; c < c1; c += per) f(c * L, (std::min(c1, c + per) - c) * L);
  } else {
    for (int64_t c = c0; c < c1; ++c)
      for (int64_t l = 0; l < L; l += kBlockCols) f(c * L + l, std::min(kBlockCols, L - l));
  }
}

// f(c, b, e) for each channel c with columns in the block [j0, j0 + w): its columns there are
// [j0 + b, j0 + e). One division per channel, none per column.
template <class F>
void channel_runs(int64_t L, int64_t j0, int64_t w, F&& f) {
  for (int64_t j = j0, end = j0 + w; j < end;) {
    const int64_t c = j / L, next = std::min(end, (c + 1) * L);
    f(c, j - j0, next - j0);
    j = next;
  }
}

// v[0] + ... + v[n-1] in a fixed order: four interleaved partial sums (not one chain of
// dependent adds: a (N, C, L) channel has L columns to add up, and N may be small), then a tree.
double lane_sum(const double* v, int64_t n) {
  double t[4] = {0.0, 0.0, 0.0, 0.0};
  int64_t j = 0;
  for (; j + 4 <= n; j += 4)
    for (int k = 0; k < 4; ++k) t[k] += v[j + k];
  for (int k = 0; j < n; ++j, ++k) t[k] += v[j];
  return (t[0] + t[1]) + (t[2] + t[3]);
}

// v (per channel) per column over the block [j0, j0 + w): v itself when L == 1, else expanded into buf.
template <class T>
const T* per_column(const T* v, int64_t L, int64_t j0, int64_t w, T* buf) {
  if (L == 1) return v + j0;
  channel_runs(L, j0, w, [&](int64_t c, int64_t b, int64_t e) { std::fill(buf + b, buf + e, v[c]); });
  return buf;
}

// s1[c], s2[c] for channels [c0, c1): sums_block's column sums (pc per channel), added up per
// channel block by block.
template <class T>
void channel_sums(const Chunks<T>& k, const T* P, const T* pc, const T* Q, int64_t N, int64_t C, int64_t L,
                  int64_t c0, int64_t c1, double* s1, double* s2) {
  T buf[kBlockCols];
  double d1[kBlockCols], d2[kBlockCols];
  std::fill(s1 + c0, s1 + c1, 0.0);
  std::fill(s2 + c0, s2 + c1, 0.0);
  over_blocks(L, c0, c1, [&](int64_t j0, int64_t w) {
    std::fill(d1, d1 + w, 0.0);
    std::fill(d2, d2 + w, 0.0);
    k.sums(P, per_column(pc, L, j0, w, buf), Q, N, C * L, j0, w, d1, d2);
    if (L == 1) {  // a column is a channel (the per-channel path below costs ~10 ns a channel)
      std::copy(d1, d1 + w, s1 + j0);
      std::copy(d2, d2 + w, s2 + j0);
      return;
    }
    channel_runs(L, j0, w, [&](int64_t c, int64_t b, int64_t e) {
      s1[c] += lane_sum(d1 + b, e - b);
      s2[c] += lane_sum(d2 + b, e - b);
    });
  });
}

// affine_block over channels [c0, c1) with per-channel pc, a, b, d (b only with Q).
template <class T>
void channel_affine(const Chunks<T>& k, const T* P, const T* pc, const T* Q, T* out, int64_t N, int64_t C, int64_t L,
                    int64_t c0, int64_t c1, const T* a, const T* b, const T* d) {
  T buf[4][kBlockCols];
  over_blocks(L, c0, c1, [&](int64_t j0, int64_t w) {
    k.affine(P, per_column(pc, L, j0, w, buf[0]), Q, out, N, C * L, j0, w, per_column(a, L, j0, w, buf[1]),
             Q ? per_column(b, L, j0, w, buf[2]) : nullptr, per_column(d, L, j0, w, buf[3]));
  });
}

}  // namespace

template <class T>
void batchnorm_forward_train(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* weight, const T* bias,
                             double eps, T* mean, T* var, T* invstd) {
  const auto& k = chunks<T>();
  std::vector<T> shift(C), a(C), d(C);
  std::vector<double> s1(C), s2(C);
  const double inv_M = 1.0 / static_cast<double>(N * L);
  over_channels(N, C, L, [&](int64_t c0, int64_t c1) {
    // Sums around each channel's first element: the variance from sums of squares cancels
    // only as much as the mean's distance from that element, not from zero.
    // An inf or NaN first element shifts by 0, so that the mean stays inf where PyTorch's is.
    for (int64_t c = c0; c < c1; ++c) shift[c] = std::isfinite(x[c * L]) ? x[c * L] : T(0);
    channel_sums<T>(k, x, shift.data(), nullptr, N, C, L, c0, c1, s1.data(), s2.data());
    for (int64_t c = c0; c < c1; ++c) {
      // max(v, 0) keeps a NaN variance (inf in the batch: PyTorch's running_var becomes NaN too).
      const double m = s1[c] * inv_M, v = std::max(s2[c] * inv_M - m * m, 0.0), inv = 1.0 / std::sqrt(v + eps);
      mean[c] = static_cast<T>(shift[c] + m);
      var[c] = static_cast<T>(v);
      invstd[c] = static_cast<T>(inv);
      a[c] = static_cast<T>((weight ? weight[c] : 1.0) * inv);
      d[c] = bias ? bias[c] : T(0);
    }
    channel_affine<T>(k, x, mean, nullptr, y, N, C, L, c0, c1, a.data(), nullptr, d.data());
  });
}

template <class T>
void batchnorm_forward_eval(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* mean, const T* invstd,
                            const T* weight, const T* bias) {
  const auto& k = chunks<T>();
  std::vector<T> a(C), d(C);
  for (int64_t c = 0; c < C; ++c) {
    a[c] = weight ? weight[c] * invstd[c] : invstd[c];
    d[c] = bias ? bias[c] : T(0);
  }
  over_channels(N, C, L, [&](int64_t cb, int64_t ce) {
    channel_affine<T>(k, x, mean, nullptr, y, N, C, L, cb, ce, a.data(), nullptr, d.data());
  });
}

template <class T>
void batchnorm_backward(const T* g, const T* x, int64_t N, int64_t C, int64_t L, const T* mean, const T* invstd,
                        const T* weight, bool training, T* dx, T* sum_g, T* sum_gxhat) {
  const auto& k = chunks<T>();
  const bool need_sums = sum_g || sum_gxhat || (dx && training);
  std::vector<double> s1(C), s2(C);
  // dx = A g + B (x - mean) + D with, per channel, A = w invstd and (training)
  // B = -A invstd^2 sum(g (x - mean)) / M, D = -A sum(g) / M; eval: dx = A g.
  std::vector<T> A(C), B(C), D(C), zero(training ? 0 : C);
  const double inv_M = 1.0 / static_cast<double>(N * L);
  over_channels(N, C, L, [&](int64_t c0, int64_t c1) {
    if (need_sums) {
      channel_sums<T>(k, x, mean, g, N, C, L, c0, c1, s1.data(), s2.data());
      for (int64_t c = c0; c < c1; ++c) {
        if (sum_g) sum_g[c] = static_cast<T>(s1[c]);
        if (sum_gxhat) sum_gxhat[c] = static_cast<T>(s2[c] * invstd[c]);
      }
    }
    if (!dx) return;
    for (int64_t c = c0; c < c1; ++c) {
      const double inv = invstd[c], a = (weight ? weight[c] : 1.0) * inv;
      A[c] = static_cast<T>(a);
      if (training) {
        B[c] = static_cast<T>(-a * inv * inv * s2[c] * inv_M);
        D[c] = static_cast<T>(-a * s1[c] * inv_M);
      }
    }
    if (training) channel_affine<T>(k, x, mean, g, dx, N, C, L, c0, c1, B.data(), A.data(), D.data());
    else channel_affine<T>(k, g, zero.data(), nullptr, dx, N, C, L, c0, c1, A.data(), nullptr, zero.data());
  });
}

#define GG_INSTANTIATE(T)                                                                                        \
  template void batchnorm_forward_train<T>(const T*, T*, int64_t, int64_t, int64_t, const T*, const T*, double,   \
                                           T*, T*, T*);                                                          \
  template void batchnorm_forward_eval<T>(const T*, T*, int64_t, int64_t, int64_t, const T*, const T*, const T*,  \
                                          const T*);                                                             \
  template void batchnorm_backward<T>(const T*, const T*, int64_t, int64_t, int64_t, const T*, const T*, const T*, \
                                      bool, T*, T*, T*);
GG_INSTANTIATE(float)
GG_INSTANTIATE(double)
#undef GG_INSTANTIATE

}  // namespace gg::kernels
