// Softmax, log-softmax and softmax cross-entropy along the middle axis of a contiguous
// (outer, D, inner) block. A "line" is the D elements x[o, :, i] (stride `inner`); lines are
// independent, so they are split across threads with a fixed partition. Every line is
// shifted by its maximum before exp: logits of +-1e4 give finite, exact results.
#pragma once
#include <cstdint>

namespace gg::kernels {

// y = softmax(x) or log_softmax(x) along D.
template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t D, int64_t inner, bool log);

// Given y = softmax(x) (or log_softmax(x)) and the output gradient g:
//   softmax:     gx = y * (g - sum_D(g * y))
//   log_softmax: gx = g - exp(y) * sum_D(g)
// gx is written (not accumulated).
template <class T>
void softmax_backward(const T* y, const T* g, T* gx, int64_t outer, int64_t D, int64_t inner, bool log);

// Per line: lse = log(sum_D exp(x)) (-inf for D = 0; NaN if the line has one).
template <class T>
void logsumexp_forward(const T* x, T* lse, int64_t outer, int64_t D, int64_t inner);

// gx = exp(x - lse[line]) * g[line]: softmax(x) times the line's output gradient.
template <class T>
void logsumexp_backward(const T* x, const T* lse, const T* g, T* gx, int64_t outer, int64_t D, int64_t inner);

// Per line: lse = log(sum_D exp(x)), loss = lse - x[label]. Labels must be in [0, D) or equal
// ignore_index (checked by the op); an ignored line has loss 0. loss and lse have outer * inner
// entries.
template <class T>
void cross_entropy_forward(const T* x, const int64_t* labels, T* loss, T* lse, int64_t outer, int64_t D,
                           int64_t inner, int64_t ignore_index);

// gx = (exp(x - lse) - onehot(label)) * g[line]: the gradient of the per-line losses (0 on
// ignored lines).
template <class T>
void cross_entropy_backward(const T* x, const T* lse, const int64_t* labels, const T* g, T* gx, int64_t outer,
                            int64_t D, int64_t inner, int64_t ignore_index);

}  // namespace gg::kernels
