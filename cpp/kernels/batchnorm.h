// Batch normalisation kernels on a contiguous (N, C, L) block (L = 1 for (N, C) inputs); every
// statistic is per channel c, over the N * L elements x[:, c, :].
//
// Threads split the channels (fixed partition) and each thread runs both passes of a kernel
// (the sums, then the normalisation) on its own channels: no barrier between the passes, no
// shared accumulator, and with two threads on (512, 1024) a thread's half of x (1 MB) is still
// in its L2 when the second pass reads it. (Splitting a thread's channels further into narrower
// column groups that fit L2 on one thread measured slower: rows of under 2 KB defeat the
// prefetcher more than L2 reuse saves.) A channel's result is computed in the same order
// whichever thread holds it, so results do not depend on the thread count. Sums are formed in
// T over blocks of 64 rows, then added up in double around a shift (batchnorm_chunks.h), which
// keeps the one-pass variance accurate when |mean| >> std.
#pragma once
#include <cstdint>

namespace gg::kernels {

// Training forward: the batch mean and biased variance of each channel (into mean, var, and
// invstd = 1 / sqrt(var + eps)), and y = (x - mean) * invstd * weight + bias. weight and bias
// may be null (1 and 0).
template <class T>
void batchnorm_forward_train(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* weight, const T* bias,
                             double eps, T* mean, T* var, T* invstd);

// Forward with given statistics (eval): y = (x - mean) * invstd * weight + bias.
template <class T>
void batchnorm_forward_eval(const T* x, T* y, int64_t N, int64_t C, int64_t L, const T* mean, const T* invstd,
                            const T* weight, const T* bias);

// Backward from the output gradient g, with the statistics the forward normalised with. Each
// output is optional (null: not computed):
//   sum_g[c]     = sum g                       (the gradient of bias)
//   sum_gxhat[c] = sum g * xhat                (the gradient of weight), xhat = (x - mean) * invstd
//   dx           = w * invstd * (g - mean(g) - xhat * mean(g * xhat))   when training (the batch
//                  statistics depend on x), w * invstd * g otherwise.
template <class T>
void batchnorm_backward(const T* g, const T* x, int64_t N, int64_t C, int64_t L, const T* mean, const T* invstd,
                        const T* weight, bool training, T* dx, T* sum_g, T* sum_gxhat);

}  // namespace gg::kernels
