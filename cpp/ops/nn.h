// Differentiable neural-network ops with fused kernels: softmax family and losses, batch
// normalisation, dropout. Each has a fused backward kernel; when the backward itself is being
// recorded (create_graph=True) it is composed of ops instead, so higher derivatives work.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/tensor.h"

namespace gg {

// reduction: 'none', 'mean' or 'sum', as PyTorch spells it.
enum class Reduction { None, Mean, Sum };
Reduction reduction_from_string(const std::string& r, const char* op);

Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);
// log(sum(exp(x))) along axis a (wrapped, of a non-empty float32/float64 x), keeping it as size
// 1: the fused kernel of softmax's family each way (logsumexp itself is in composite_reductions.cpp).
Tensor logsumexp_along(const Tensor& x, int64_t a);

// Classes along dim 1 of logits (N, C, d1, ...) or dim 0 of unbatched logits (C,); labels are
// int64 of the logits' shape without the class dim. Labels equal to ignore_index contribute
// neither loss nor gradient; reduction=Mean averages over the other labels (PyTorch's rule).
// weight (C,) (or none) scales each item's loss by its label's weight, and Mean then
// divides by the sum of those weights; label_smoothing eps in [0, 1] mixes the target with the
// uniform distribution: (1 - eps) * nll + eps / C * sum over classes of the weighted -log p.
// Without weight and smoothing it is one fused kernel; with either, a composition of ops.
Tensor cross_entropy(const Tensor& logits, const Tensor& labels, const std::string& reduction = "mean",
                     int64_t ignore_index = -100, const std::optional<Tensor>& weight = std::nullopt,
                     double label_smoothing = 0.0);
Tensor nll_loss(const Tensor& log_probs, const Tensor& labels, const std::string& reduction = "mean",
                int64_t ignore_index = -100);

// x is (N, C, ...) with per-channel statistics over every dim but 1 (BatchNorm1d: (N, C) or
// (N, C, L); BatchNorm2d: (N, C, H, W)); weight, bias, running_mean, running_var are (C,) or none.
// Training normalises with the batch statistics (biased variance) and, when running stats are
// given, updates them in place: r = (1 - momentum) * r + momentum * s, with the unbiased
// variance for running_var. Eval normalises with the running statistics.
Tensor batch_norm(const Tensor& x, const std::optional<Tensor>& running_mean, const std::optional<Tensor>& running_var,
                  const std::optional<Tensor>& weight, const std::optional<Tensor>& bias, bool training, double momentum,
                  double eps);

// Zeroes each element with probability p and scales the kept ones by 1 / (1 - p); the identity
// when not training. The mask comes from the global Philox generator and is regenerated in
// backward, never stored.
Tensor dropout(const Tensor& x, double p, bool training);

}  // namespace gg
