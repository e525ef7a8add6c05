// Batch normalisation kernels on a contiguous (N, C, L) block (L = 1 for (N, C) inputs);
// every statistic is per channel c, over the N * L elements x[:, c, :]. Threads split the
// channels (fixed partition), so each thread owns its channels' accumulators: no races, and
// results do not depend on timing.
#pragma once
#include <cstdint>

namespace gg::kernels {

// Per-channel mean and biased variance. Accumulates in double around a per-channel shift
// (the channel's first element), which keeps the one-pass variance accurate when |mean| >> std.
template <class T>
void batchnorm_stats(const T* x, int64_t N, int64_t C, int64_t L, T* mean, T* var);

// y = a[c] * x + b[c]: the normalisation with gamma and beta folded into one affine map per
// channel (a = gamma * invstd, b = beta - mean * a), identical for training and eval.
template <class T>
void batchnorm_affine(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* a, const T* b);

// The two per-channel sums of the backward: sum_g[c] = sum g, sum_gxc[c] = sum g * (x - mean[c]).
template <class T>
void batchnorm_backward_sums(const T* x, const T* g, int64_t N, int64_t C, int64_t L, const T* mean, T* sum_g,
                             T* sum_gxc);

// dx = a[c] * g + b[c] * x + d[c]: the training backward
//   dx = gamma * invstd * (g - mean(g) - xhat * mean(g * xhat))
// is affine in g and x per channel once the sums are known; eval has b = d = 0.
template <class T>
void batchnorm_backward_apply(const T* g, const T* x, T* dx, int64_t N, int64_t C, int64_t L, const T* a,
                              const T* b, const T* d);

}  // namespace gg::kernels
