// Batch normalisation kernels (see batchnorm.h).
#include "kernels/batchnorm.h"

#include <algorithm>
#include <vector>

#include "core/parallel.h"

namespace gg::kernels {

namespace {

// Calls f(c, i) for every element i of channel c, threads splitting the channels. For L == 1
// the inner loop runs over contiguous channels of one row (vectorizable); otherwise over the
// contiguous L elements of one channel.
template <class F>
void for_each_channel_element(int64_t N, int64_t C, int64_t L, F&& f) {
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(N * L, 1));
  parallel_for(C, grain, [&](int64_t cb, int64_t ce) {
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
  });
}

}  // namespace

template <class T>
void batchnorm_stats(const T* x, int64_t N, int64_t C, int64_t L, T* mean, T* var) {
  std::vector<double> shift(C), s1(C, 0.0), s2(C, 0.0);
  for (int64_t c = 0; c < C; ++c) shift[c] = x[c * L];
  double* sh = shift.data();
  double *a1 = s1.data(), *a2 = s2.data();
  for_each_channel_element(N, C, L, [&](int64_t c, int64_t i) {
    const double v = static_cast<double>(x[i]) - sh[c];
    a1[c] += v;
    a2[c] += v * v;
  });
  const double M = static_cast<double>(N * L);
  for (int64_t c = 0; c < C; ++c) {
    const double m = a1[c] / M;
    mean[c] = static_cast<T>(sh[c] + m);
    var[c] = static_cast<T>(std::max(0.0, a2[c] / M - m * m));
  }
}

template <class T>
void batchnorm_affine(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* a, const T* b) {
  for_each_channel_element(N, C, L, [&](int64_t c, int64_t i) { y[i] = a[c] * x[i] + b[c]; });
}

template <class T>
void batchnorm_backward_sums(const T* x, const T* g, int64_t N, int64_t C, int64_t L, const T* mean, T* sum_g,
                             T* sum_gxc) {
  std::vector<double> s1(C, 0.0), s2(C, 0.0);
  double *a1 = s1.data(), *a2 = s2.data();
  for_each_channel_element(N, C, L, [&](int64_t c, int64_t i) {
    const double gv = g[i];
    a1[c] += gv;
    a2[c] += gv * (static_cast<double>(x[i]) - mean[c]);
  });
  for (int64_t c = 0; c < C; ++c) {
    sum_g[c] = static_cast<T>(a1[c]);
    sum_gxc[c] = static_cast<T>(a2[c]);
  }
}

template <class T>
void batchnorm_backward_apply(const T* g, const T* x, T* dx, int64_t N, int64_t C, int64_t L, const T* a,
                              const T* b, const T* d) {
  for_each_channel_element(N, C, L, [&](int64_t c, int64_t i) { dx[i] = a[c] * g[i] + b[c] * x[i] + d[c]; });
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
