// Fused optimizer steps over a whole parameter group, and the group helpers behind gradient
// clipping: each validates the group (one gradient, step count and state entry per parameter,
// matching shape and dtype; contiguous floating parameters), runs the kernel (kernels/optim.h) on
// raw slots split by dtype, and bumps the versions of what it wrote. No graph is recorded.
#pragma once
#include <optional>
#include <vector>

#include "core/tensor.h"
#include "kernels/optim.h"

namespace gg::optim {

// One list of state buffers per kind of state (e.g. Adam's exp_avgs), None where unused.
using StateLists = std::vector<std::optional<std::vector<Tensor>>>;
using Tensors = std::vector<Tensor>;
using Steps = std::vector<int64_t>;

void sgd_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
              const kernels::SgdArgs& a);
void adam_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
               const kernels::AdamArgs& a);
void adagrad_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                  const kernels::AdagradArgs& a);
void adadelta_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                   const kernels::AdadeltaArgs& a);
void rmsprop_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                  const kernels::RmspropArgs& a);
void adamax_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                 const kernels::AdamaxArgs& a);
void radam_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                const kernels::RadamArgs& a);
// mu_products: one per parameter (kernels/optim.h's nadam_step).
void nadam_step(const Tensors& params, const Tensors& grads, const StateLists& states, const Steps& steps,
                const std::vector<double>& mu_products, const kernels::NadamArgs& a);

// Over every element of every tensor (dense, any memory order): sum of |x|^p (p = inf: max |x|),
// and in place: scale by c, clamp to [lo, hi], fill with value.
double group_norm_pow(const Tensors& tensors, double p);
void group_scale_(const Tensors& tensors, double c);
void group_clamp_(const Tensors& tensors, double lo, double hi);
void group_fill_(const Tensors& tensors, double value);

}  // namespace gg::optim
