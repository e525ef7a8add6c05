// Batch normalisation kernels (see batchnorm.h): threads split the channels, and each chunk
// runs the leaf loops of batchnorm_chunks.h compiled for the widest ISA the CPU has.
#include "kernels/batchnorm.h"

#include <algorithm>
#include <vector>

#include "core/parallel.h"
#include "kernels/isa.h"

#define GG_BN_ISA baseline
#include "kernels/batchnorm_chunks.h"
GG_BN_INSTANTIATE(float)
GG_BN_INSTANTIATE(double)
#undef GG_BN_ISA

// The other copies (batchnorm_avx2.cpp, batchnorm_avx512.cpp), declared here.
#define GG_BN_DECLARE(ns)                                                                                        \
  namespace gg::kernels::ns {                                                                                    \
  template <class T>                                                                                             \
  void stats_chunk(const T*, int64_t, int64_t, int64_t, int64_t, int64_t, const double*, double*, double*);      \
  template <class T>                                                                                             \
  void affine_chunk(const T*, T*, int64_t, int64_t, int64_t, int64_t, int64_t, const T*, const T*);              \
  template <class T>                                                                                             \
  void backward_sums_chunk(const T*, const T*, int64_t, int64_t, int64_t, int64_t, int64_t, const T*, double*,   \
                           double*);                                                                             \
  template <class T>                                                                                             \
  void backward_apply_chunk(const T*, const T*, T*, int64_t, int64_t, int64_t, int64_t, int64_t, const T*,       \
                            const T*, const T*);                                                                 \
  }
#if GG_X86
GG_BN_DECLARE(avx2)
GG_BN_DECLARE(avx512)
#endif

namespace gg::kernels {

namespace {

// The leaf loops of one ISA copy.
template <class T>
struct Chunks {
  decltype(&baseline::stats_chunk<T>) stats;
  decltype(&baseline::affine_chunk<T>) affine;
  decltype(&baseline::backward_sums_chunk<T>) backward_sums;
  decltype(&baseline::backward_apply_chunk<T>) backward_apply;
};

// The widest copy the CPU runs, chosen once.
template <class T>
const Chunks<T>& chunks() {
  static const Chunks<T> k = [] {
#if GG_X86
    if (simd_level() == Isa::Avx512)
      return Chunks<T>{avx512::stats_chunk<T>, avx512::affine_chunk<T>, avx512::backward_sums_chunk<T>,
                       avx512::backward_apply_chunk<T>};
    if (simd_level() == Isa::Avx2)
      return Chunks<T>{avx2::stats_chunk<T>, avx2::affine_chunk<T>, avx2::backward_sums_chunk<T>,
                       avx2::backward_apply_chunk<T>};
#endif
    return Chunks<T>{baseline::stats_chunk<T>, baseline::affine_chunk<T>, baseline::backward_sums_chunk<T>,
                     baseline::backward_apply_chunk<T>};
  }();
  return k;
}

// f(cb, ce) over chunks of channels, one per thread.
template <class F>
void over_channels(int64_t N, int64_t C, int64_t L, F&& f) {
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(N * L, 1));
  parallel_for(C, grain, f);
}

}  // namespace

template <class T>
void batchnorm_stats(const T* x, int64_t N, int64_t C, int64_t L, T* mean, T* var) {
  std::vector<double> shift(C), s1(C, 0.0), s2(C, 0.0);
  for (int64_t c = 0; c < C; ++c) shift[c] = x[c * L];
  const auto& k = chunks<T>();
  over_channels(N, C, L, [&](int64_t cb, int64_t ce) {
    k.stats(x, N, C, L, cb, ce, shift.data(), s1.data(), s2.data());
  });
  const double M = static_cast<double>(N * L);
  for (int64_t c = 0; c < C; ++c) {
    const double m = s1[c] / M;
    mean[c] = static_cast<T>(shift[c] + m);
    var[c] = static_cast<T>(std::max(0.0, s2[c] / M - m * m));
  }
}

template <class T>
void batchnorm_affine(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* a, const T* b) {
  const auto& k = chunks<T>();
  over_channels(N, C, L, [&](int64_t cb, int64_t ce) { k.affine(x, y, N, C, L, cb, ce, a, b); });
}

template <class T>
void batchnorm_backward_sums(const T* x, const T* g, int64_t N, int64_t C, int64_t L, const T* mean, T* sum_g,
                             T* sum_gxc) {
  std::vector<double> s1(C, 0.0), s2(C, 0.0);
  const auto& k = chunks<T>();
  over_channels(N, C, L, [&](int64_t cb, int64_t ce) {
    k.backward_sums(x, g, N, C, L, cb, ce, mean, s1.data(), s2.data());
  });
  for (int64_t c = 0; c < C; ++c) {
    sum_g[c] = static_cast<T>(s1[c]);
    sum_gxc[c] = static_cast<T>(s2[c]);
  }
}

template <class T>
void batchnorm_backward_apply(const T* g, const T* x, T* dx, int64_t N, int64_t C, int64_t L, const T* a,
                              const T* b, const T* d) {
  const auto& k = chunks<T>();
  over_channels(N, C, L, [&](int64_t cb, int64_t ce) { k.backward_apply(g, x, dx, N, C, L, cb, ce, a, b, d); });
}

#define GG_INSTANTIATE(T)                                                                                      \
  template void batchnorm_stats<T>(const T*, int64_t, int64_t, int64_t, T*, T*);                              \
  template void batchnorm_affine<T>(const T*, T*, int64_t, int64_t, int64_t, const T*, const T*);             \
  template void batchnorm_backward_sums<T>(const T*, const T*, int64_t, int64_t, int64_t, const T*, T*, T*);  \
  template void batchnorm_backward_apply<T>(const T*, const T*, T*, int64_t, int64_t, int64_t, const T*,      \
                                            const T*, const T*);
GG_INSTANTIATE(float)
GG_INSTANTIATE(double)
#undef GG_INSTANTIATE

}  // namespace gg::kernels
