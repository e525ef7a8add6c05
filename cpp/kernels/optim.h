// Fused optimizer updates over a whole parameter group on raw memory.
//
// A group is a list of slots (one per parameter: its memory, its gradient, its state buffers and
// its step count). One call updates every slot in ONE pass over param, grad and state per element:
// the group's elements are treated as one index space split into one contiguous chunk per thread
// (parallel_for), so many small tensors parallelize as well as one big one.
// The per-element arithmetic follows PyTorch's documented single-tensor algorithms operation by
// operation (same order, so float32 trajectories agree to rounding); see docs/optimizers.md.
// L1 (`l1`, all algorithms) is a decoupled subgradient step theta -= lr * l1 * sign(theta), taken
// on the parameter before the update, like AdamW's decoupled weight decay.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace gg::kernels {

// One parameter of a group. `state` holds the algorithm's buffers in the order documented at each
// step function; a null entry turns off the variant that needs it (amsgrad, momentum, centered).
// All buffers are contiguous with `numel` elements.
// `step` counts this parameter's updates including the current one (1 on the first step).
template <class T>
struct OptimSlot {
  T* param = nullptr;
  const T* grad = nullptr;
  std::array<T*, 3> state{};
  int64_t numel = 0;
  int64_t step = 0;
};

struct SgdArgs { double lr, momentum, dampening, weight_decay, l1; bool nesterov; };
struct AdamArgs { double lr, beta1, beta2, eps, weight_decay, l1; bool decoupled_weight_decay; };
struct AdagradArgs { double lr, lr_decay, weight_decay, eps, l1; };
struct AdadeltaArgs { double lr, rho, eps, weight_decay, l1; };
struct RmspropArgs { double lr, alpha, eps, weight_decay, momentum, l1; };
struct AdamaxArgs { double lr, beta1, beta2, eps, weight_decay, l1; };
struct RadamArgs { double lr, beta1, beta2, eps, weight_decay, l1; bool decoupled_weight_decay; };
struct NadamArgs { double lr, beta1, beta2, eps, weight_decay, momentum_decay, l1; bool decoupled_weight_decay; };

// state: {momentum_buffer (given: momentum)}; at step 1 the gradient is copied into it.
template <class T> void sgd_step(const std::vector<OptimSlot<T>>& slots, const SgdArgs& a);
// state: {exp_avg, exp_avg_sq, max_exp_avg_sq (given: amsgrad)}. AdamW is decoupled_weight_decay.
template <class T> void adam_step(const std::vector<OptimSlot<T>>& slots, const AdamArgs& a);
// state: {sum}.
template <class T> void adagrad_step(const std::vector<OptimSlot<T>>& slots, const AdagradArgs& a);
// state: {square_avg, acc_delta}.
template <class T> void adadelta_step(const std::vector<OptimSlot<T>>& slots, const AdadeltaArgs& a);
// state: {square_avg, momentum_buffer (given: momentum), grad_avg (given: centered)}.
template <class T> void rmsprop_step(const std::vector<OptimSlot<T>>& slots, const RmspropArgs& a);
// state: {exp_avg, exp_inf}.
template <class T> void adamax_step(const std::vector<OptimSlot<T>>& slots, const AdamaxArgs& a);
// state: {exp_avg, exp_avg_sq}. Below a variance-rectification length of 5 the step is momentum SGD.
template <class T> void radam_step(const std::vector<OptimSlot<T>>& slots, const RadamArgs& a);
// state: {exp_avg, exp_avg_sq}; mu_products[k] is slot k's product of the momentum schedule's mu
// up to and including this step (PyTorch keeps it as per-parameter state, rounded to the scalar dtype).
template <class T>
void nadam_step(const std::vector<OptimSlot<T>>& slots, const NadamArgs& a, const std::vector<double>& mu_products);

// Helpers for gradient clipping and zeroing, over the `param` pointers of the slots.
// sum over all elements of |x|^p (p = inf: max |x|), accumulated in double with a fixed partition.
template <class T> double group_norm_pow(const std::vector<OptimSlot<T>>& slots, double p);
template <class T> void group_scale(const std::vector<OptimSlot<T>>& slots, double c);
template <class T> void group_clamp(const std::vector<OptimSlot<T>>& slots, double lo, double hi);
template <class T> void group_fill(const std::vector<OptimSlot<T>>& slots, double value);

// Name of the instruction set the update loops run with (kernels/isa.h): avx512, avx2 or generic.
const char* optim_kernel_isa();

}  // namespace gg::kernels
