// The leaf loops of the batch-norm kernels, over the channels [cb, ce) of a contiguous
// (N, C, L) block, serial. batchnorm.cpp splits channels across threads and calls the widest
// instruction set the CPU has: this header is compiled once per ISA (batchnorm.cpp: baseline,
// batchnorm_avx2.cpp, batchnorm_avx512.cpp), each in its own namespace. It includes nothing, so
// no shared inline function is ever compiled with wider instructions than the CPU may have.
#ifndef GG_BN_ISA
#error "define GG_BN_ISA (the namespace of this copy) before including batchnorm_chunks.h"
#endif
#include <cstdint>

namespace gg::kernels::GG_BN_ISA {

// f(c, i) for every element i of channels [cb, ce). For L == 1 the inner loop runs over the
// contiguous channels of one row (vectorized across channels); otherwise over a channel's L
// contiguous elements.
template <class F>
inline void channel_elements(int64_t N, int64_t C, int64_t L, int64_t cb, int64_t ce, F&& f) {
  for (int64_t n = 0; n < N; ++n) {
    if (L == 1) {
      const int64_t row = n * C;
      for (int64_t c = cb; c < ce; ++c) f(c, row + c);
    } else {
      for (int64_t c = cb; c < ce; ++c) {
        const int64_t base = (n * C + c) * L;
        for (int64_t l = 0; l < L; ++l) f(c, base + l);
      }
    }
  }
}

// s1[c] += sum (x - shift[c]), s2[c] += sum (x - shift[c])^2, in double.
template <class T>
void stats_chunk(const T* x, int64_t N, int64_t C, int64_t L, int64_t cb, int64_t ce, const double* shift, double* s1,
                 double* s2) {
  channel_elements(N, C, L, cb, ce, [&](int64_t c, int64_t i) {
    const double v = static_cast<double>(x[i]) - shift[c];
    s1[c] += v;
    s2[c] += v * v;
  });
}

// y = a[c] * x + b[c].
template <class T>
void affine_chunk(const T* x, T* y, int64_t N, int64_t C, int64_t L, int64_t cb, int64_t ce, const T* a, const T* b) {
  channel_elements(N, C, L, cb, ce, [&](int64_t c, int64_t i) { y[i] = a[c] * x[i] + b[c]; });
}

// s1[c] += sum g, s2[c] += sum g * (x - mean[c]), in double.
template <class T>
void backward_sums_chunk(const T* x, const T* g, int64_t N, int64_t C, int64_t L, int64_t cb, int64_t ce,
                         const T* mean, double* s1, double* s2) {
  channel_elements(N, C, L, cb, ce, [&](int64_t c, int64_t i) {
    const double gv = g[i];
    s1[c] += gv;
    s2[c] += gv * (static_cast<double>(x[i]) - mean[c]);
  });
}

// dx = a[c] * g + b[c] * x + d[c].
template <class T>
void backward_apply_chunk(const T* g, const T* x, T* dx, int64_t N, int64_t C, int64_t L, int64_t cb, int64_t ce,
                          const T* a, const T* b, const T* d) {
  channel_elements(N, C, L, cb, ce, [&](int64_t c, int64_t i) { dx[i] = a[c] * g[i] + b[c] * x[i] + d[c]; });
}

}  // namespace gg::kernels::GG_BN_ISA

#define GG_BN_INSTANTIATE(T)                                                                                   \
  template void gg::kernels::GG_BN_ISA::stats_chunk<T>(const T*, int64_t, int64_t, int64_t, int64_t, int64_t,   \
                                                       const double*, double*, double*);                       \
  template void gg::kernels::GG_BN_ISA::affine_chunk<T>(const T*, T*, int64_t, int64_t, int64_t, int64_t,       \
                                                        int64_t, const T*, const T*);                          \
  template void gg::kernels::GG_BN_ISA::backward_sums_chunk<T>(const T*, const T*, int64_t, int64_t, int64_t,   \
                                                               int64_t, int64_t, const T*, double*, double*);  \
  template void gg::kernels::GG_BN_ISA::backward_apply_chunk<T>(const T*, const T*, T*, int64_t, int64_t,       \
                                                                int64_t, int64_t, int64_t, const T*, const T*, \
                                                                const T*);
