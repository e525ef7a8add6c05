#include "ops/optim.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/error.h"

namespace gg::optim {

namespace {

using kernels::OptimSlot;

// A group's tensors as raw slots, split by dtype (a group may mix float32 and float64).
struct Group {
  std::vector<OptimSlot<float>> f32;
  std::vector<OptimSlot<double>> f64;
  std::vector<Tensor> keep_alive;  // contiguous copies of strided gradients
  std::vector<Tensor> written;     // parameters and state buffers the step modifies

  template <class F>
  void run(F&& f) {
    if (!f32.empty()) f(f32);
    if (!f64.empty()) f(f64);
    for (const Tensor& t : written) t.bump_version();
  }
};

void check_like(const char* op, const char* what, size_t i, const Tensor& t, const Tensor& param) {
  if (!t.defined()) throw ValueError(msg(op, ": ", what, " of parameter ", i, " is None"));
  if (t.shape() != param.shape() || t.dtype() != param.dtype())
    throw ValueError(msg(op, ": ", what, " of parameter ", i, " has shape ", shape_str(t.shape()), " and dtype ",
                         dtype_name(t.dtype()), " but the parameter has ", shape_str(param.shape()), " and ",
                         dtype_name(param.dtype())));
}

// True when the elements fill numel consecutive memory slots in some order (a contiguous tensor
// or a permutation of one, like the transposed gradient of a matmul).
bool is_dense(const Tensor& t) {
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, size) of the axes that matter
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.shape()[d] != 1) dims.emplace_back(t.strides()[d], t.shape()[d]);
  std::sort(dims.begin(), dims.end());
  int64_t expect = 1;
  for (const auto& [stride, size] : dims) {
    if (stride != expect) return false;
    expect *= size;
  }
  return true;
}

// Parameters and optimizer state must be contiguous (element i of each corresponds); tensors
// updated by an elementwise helper only need to be dense, in any order.
void check_slot(const char* op, const char* what, size_t i, const Tensor& t, bool any_order = false) {
  if (t.dtype() != DType::Float32 && t.dtype() != DType::Float64)  // the kernels' types: float16 too is refused
    throw TypeError(msg(op, ": ", what, " ", i, " must be float32 or float64, got ", dtype_name(t.dtype())));
  if (any_order ? !is_dense(t) : !t.is_contiguous())
    throw ValueError(msg(op, ": ", what, " ", i, " of shape ", shape_str(t.shape()), " and strides ",
                         shape_str(t.strides()), " is not ", any_order ? "dense" : "contiguous",
                         " (updates are in place on raw memory)"));
}

template <class T>
OptimSlot<T> slot_of(const Tensor& param, const Tensor& grad, const std::vector<Tensor>& state, int64_t step) {
  OptimSlot<T> s;
  s.param = param.data<T>();
  s.grad = grad.defined() ? grad.data<T>() : nullptr;
  for (size_t j = 0; j < state.size(); ++j) s.state[j] = state[j].defined() ? state[j].data<T>() : nullptr;
  s.numel = param.numel();
  s.step = step;
  return s;
}

// Validates an optimizer's arguments: one gradient, one step count and one entry of each given
// state list per parameter, all matching the parameter's shape and dtype.
Group make_group(const char* op, const std::vector<Tensor>& params, const std::vector<Tensor>& grads,
                 const StateLists& states, const std::vector<int64_t>& steps) {
  if (states.size() > 3) throw ValueError(msg(op, ": at most 3 state lists, got ", states.size()));
  if (grads.size() != params.size() || steps.size() != params.size())
    throw ValueError(msg(op, ": got ", params.size(), " parameters, ", grads.size(), " gradients and ", steps.size(),
                         " step counts"));
  for (const auto& s : states)
    if (s && s->size() != params.size())
      throw ValueError(msg(op, ": a state list has ", s->size(), " tensors for ", params.size(), " parameters"));
  Group g;
  for (size_t i = 0; i < params.size(); ++i) {
    const Tensor& p = params[i];
    check_slot(op, "parameter", i, p);
    check_like(op, "gradient", i, grads[i], p);
    if (steps[i] < 1) throw ValueError(msg(op, ": step count of parameter ", i, " must be >= 1, got ", steps[i]));
    Tensor grad = grads[i].contiguous_data();
    if (grad.impl() != grads[i].impl()) g.keep_alive.push_back(grad);
    std::vector<Tensor> st(states.size());
    g.written.push_back(p);
    for (size_t j = 0; j < states.size(); ++j) {
      if (!states[j]) continue;
      st[j] = (*states[j])[i];
      check_like(op, "state buffer", i, st[j], p);
      check_slot(op, "state buffer of parameter", i, st[j]);
      g.written.push_back(st[j]);
    }
    if (p.dtype() == DType::Float32)
      g.f32.push_back(slot_of<float>(p, grad, st, steps[i]));
    else
      g.f64.push_back(slot_of<double>(p, grad, st, steps[i]));
  }
  return g;
}

// Tensors updated in place by the clipping helpers (the `param` of each slot), in memory order.
Group make_plain_group(const char* op, const std::vector<Tensor>& tensors) {
  Group g;
  for (size_t i = 0; i < tensors.size(); ++i) {
    check_slot(op, "tensor", i, tensors[i], /*any_order=*/true);
    g.written.push_back(tensors[i]);
    if (tensors[i].dtype() == DType::Float32)
      g.f32.push_back(slot_of<float>(tensors[i], Tensor(), {}, 1));
    else
      g.f64.push_back(slot_of<double>(tensors[i], Tensor(), {}, 1));
  }
  return g;
}

}  // namespace

#define GG_OPTIM_STEP(name, Args, label)                                                                   \
  void name(const Tensors& p, const Tensors& g, const StateLists& s, const Steps& steps, const kernels::Args& a) { \
    make_group(label, p, g, s, steps).run([&](const auto& slots) { kernels::name(slots, a); });             \
  }
GG_OPTIM_STEP(sgd_step, SgdArgs, "SGD")
GG_OPTIM_STEP(adam_step, AdamArgs, "Adam")
GG_OPTIM_STEP(adagrad_step, AdagradArgs, "Adagrad")
GG_OPTIM_STEP(adadelta_step, AdadeltaArgs, "Adadelta")
GG_OPTIM_STEP(rmsprop_step, RmspropArgs, "RMSprop")
GG_OPTIM_STEP(adamax_step, AdamaxArgs, "Adamax")
GG_OPTIM_STEP(radam_step, RadamArgs, "RAdam")
#undef GG_OPTIM_STEP

void nadam_step(const Tensors& p, const Tensors& g, const StateLists& s, const Steps& steps,
                const std::vector<double>& mu_products, const kernels::NadamArgs& a) {
  if (mu_products.size() != p.size())
    throw ValueError(msg("NAdam: got ", p.size(), " parameters and ", mu_products.size(), " mu products"));
  Group group = make_group("NAdam", p, g, s, steps);
  // the slots are split by dtype: each list gets its parameters' products, in order
  std::vector<double> f32, f64;
  for (size_t i = 0; i < p.size(); ++i) (p[i].dtype() == DType::Float32 ? f32 : f64).push_back(mu_products[i]);
  group.run([&](const auto& slots) {
    using T = std::remove_pointer_t<decltype(slots[0].param)>;
    kernels::nadam_step(slots, a, std::is_same_v<T, float> ? f32 : f64);
  });
}

double group_norm_pow(const Tensors& t, double p) {
  double out = 0;
  const bool inf = std::isinf(p);
  make_plain_group("norm", t).run([&](const auto& slots) {
    const double v = kernels::group_norm_pow(slots, p);
    out = inf ? std::max(out, v) : out + v;
  });
  return out;
}

void group_scale_(const Tensors& t, double c) {
  make_plain_group("scale_", t).run([&](const auto& slots) { kernels::group_scale(slots, c); });
}

void group_clamp_(const Tensors& t, double lo, double hi) {
  make_plain_group("clamp_", t).run([&](const auto& slots) { kernels::group_clamp(slots, lo, hi); });
}

void group_fill_(const Tensors& t, double v) {
  make_plain_group("fill_", t).run([&](const auto& slots) { kernels::group_fill(slots, v); });
}

}  // namespace gg::optim
