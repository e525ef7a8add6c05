// Fused optimizer steps over a whole parameter group, and the group helpers behind gradient
// clipping. Argument checking and translation to raw slots only; the math is kernels/optim.cpp.
// Each function is one C++ call per group with the GIL released (arguments are converted first).
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "bindings/bindings.h"
#include "core/error.h"
#include "core/tensor.h"
#include "kernels/optim.h"

namespace gg::bindings {

namespace {

using kernels::OptimSlot;
using StateLists = std::vector<std::optional<std::vector<Tensor>>>;

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
void check_writable(const char* op, const char* what, size_t i, const Tensor& t, bool any_order = false) {
  if (!is_floating(t.dtype()))
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
    check_writable(op, "parameter", i, p);
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
      check_writable(op, "state buffer of parameter", i, st[j]);
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
    check_writable(op, "tensor", i, tensors[i], /*any_order=*/true);
    g.written.push_back(tensors[i]);
    if (tensors[i].dtype() == DType::Float32)
      g.f32.push_back(slot_of<float>(tensors[i], Tensor(), {}, 1));
    else
      g.f64.push_back(slot_of<double>(tensors[i], Tensor(), {}, 1));
  }
  return g;
}

}  // namespace

void bind_optim(py::module_& m) {
  using V = std::vector<Tensor>;
  using I = std::vector<int64_t>;
  auto rel = py::call_guard<py::gil_scoped_release>();

  m.def("_sgd_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double momentum,
                        double dampening, double weight_decay, bool nesterov, double l1) {
    make_group("SGD", p, g, s, steps).run([&](const auto& slots) {
      kernels::sgd_step(slots, {lr, momentum, dampening, weight_decay, l1, nesterov});
    });
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("momentum"),
        py::arg("dampening"), py::arg("weight_decay"), py::arg("nesterov"), py::arg("l1"), rel,
        "One SGD step over a parameter group; states = [momentum_buffers] (or [None] without momentum).");

  m.def("_adam_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double beta1,
                         double beta2, double eps, double weight_decay, bool decoupled_weight_decay, double l1) {
    make_group("Adam", p, g, s, steps).run([&](const auto& slots) {
      kernels::adam_step(slots, {lr, beta1, beta2, eps, weight_decay, l1, decoupled_weight_decay});
    });
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("beta1"),
        py::arg("beta2"), py::arg("eps"), py::arg("weight_decay"), py::arg("decoupled_weight_decay"), py::arg("l1"), rel,
        "One Adam/AdamW step; states = [exp_avgs, exp_avg_sqs, max_exp_avg_sqs or None].");

  m.def("_adagrad_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double lr_decay,
                            double weight_decay, double eps, double l1) {
    make_group("Adagrad", p, g, s, steps).run([&](const auto& slots) {
      kernels::adagrad_step(slots, {lr, lr_decay, weight_decay, eps, l1});
    });
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("lr_decay"),
        py::arg("weight_decay"), py::arg("eps"), py::arg("l1"), rel, "One Adagrad step; states = [sums].");

  m.def("_adadelta_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double rho,
                             double eps, double weight_decay, double l1) {
    make_group("Adadelta", p, g, s, steps).run([&](const auto& slots) {
      kernels::adadelta_step(slots, {lr, rho, eps, weight_decay, l1});
    });
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("rho"),
        py::arg("eps"), py::arg("weight_decay"), py::arg("l1"), rel,
        "One Adadelta step; states = [square_avgs, acc_deltas].");

  m.def("_rmsprop_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double alpha,
                            double eps, double weight_decay, double momentum, double l1) {
    make_group("RMSprop", p, g, s, steps).run([&](const auto& slots) {
      kernels::rmsprop_step(slots, {lr, alpha, eps, weight_decay, momentum, l1});
    });
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("alpha"),
        py::arg("eps"), py::arg("weight_decay"), py::arg("momentum"), py::arg("l1"), rel,
        "One RMSprop step; states = [square_avgs, momentum_buffers or None, grad_avgs or None].");

  m.def("_group_norm_pow", [](const V& t, double p) {
    double out = 0;
    const bool inf = std::isinf(p);
    make_plain_group("norm", t).run([&](const auto& slots) {
      const double v = kernels::group_norm_pow(slots, p);
      out = inf ? std::max(out, v) : out + v;
    });
    return out;
  }, py::arg("tensors"), py::arg("p"), rel, "sum of |x|^p over all elements of all tensors (p = inf: max |x|).");
  m.def("_group_scale_", [](const V& t, double c) {
    make_plain_group("scale_", t).run([&](const auto& slots) { kernels::group_scale(slots, c); });
  }, py::arg("tensors"), py::arg("c"), rel, "Multiplies every tensor by c in place.");
  m.def("_group_clamp_", [](const V& t, double lo, double hi) {
    make_plain_group("clamp_", t).run([&](const auto& slots) { kernels::group_clamp(slots, lo, hi); });
  }, py::arg("tensors"), py::arg("min"), py::arg("max"), rel, "Clamps every tensor to [min, max] in place.");
  m.def("_group_fill_", [](const V& t, double v) {
    make_plain_group("fill_", t).run([&](const auto& slots) { kernels::group_fill(slots, v); });
  }, py::arg("tensors"), py::arg("value"), rel, "Fills every tensor with value in place.");
  m.def("_optim_kernel_isa", &kernels::optim_kernel_isa, "Instruction set the optimizer loops run with.");
}

}  // namespace gg::bindings
