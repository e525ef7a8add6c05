// Fused optimizer steps and the group helpers behind gradient clipping (ops/optim.h): argument
// translation only. Each is one C++ call per group with the GIL released.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/optim.h"

namespace gg::bindings {

void bind_optim(py::module_& m) {
  using optim::StateLists;
  using V = std::vector<Tensor>;
  using I = std::vector<int64_t>;
  auto rel = py::call_guard<py::gil_scoped_release>();

  m.def("_sgd_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double momentum,
                        double dampening, double weight_decay, bool nesterov, double l1) {
    optim::sgd_step(p, g, s, steps, {lr, momentum, dampening, weight_decay, l1, nesterov});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("momentum"),
        py::arg("dampening"), py::arg("weight_decay"), py::arg("nesterov"), py::arg("l1"), rel,
        "One SGD step over a parameter group; states = [momentum_buffers] (or [None] without momentum).");

  m.def("_adam_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double beta1,
                         double beta2, double eps, double weight_decay, bool decoupled_weight_decay, double l1) {
    optim::adam_step(p, g, s, steps, {lr, beta1, beta2, eps, weight_decay, l1, decoupled_weight_decay});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("beta1"),
        py::arg("beta2"), py::arg("eps"), py::arg("weight_decay"), py::arg("decoupled_weight_decay"), py::arg("l1"), rel,
        "One Adam/AdamW step; states = [exp_avgs, exp_avg_sqs, max_exp_avg_sqs or None].");

  m.def("_adagrad_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double lr_decay,
                            double weight_decay, double eps, double l1) {
    optim::adagrad_step(p, g, s, steps, {lr, lr_decay, weight_decay, eps, l1});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("lr_decay"),
        py::arg("weight_decay"), py::arg("eps"), py::arg("l1"), rel, "One Adagrad step; states = [sums].");

  m.def("_adadelta_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double rho,
                             double eps, double weight_decay, double l1) {
    optim::adadelta_step(p, g, s, steps, {lr, rho, eps, weight_decay, l1});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("rho"),
        py::arg("eps"), py::arg("weight_decay"), py::arg("l1"), rel,
        "One Adadelta step; states = [square_avgs, acc_deltas].");

  m.def("_rmsprop_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double alpha,
                            double eps, double weight_decay, double momentum, double l1) {
    optim::rmsprop_step(p, g, s, steps, {lr, alpha, eps, weight_decay, momentum, l1});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("alpha"),
        py::arg("eps"), py::arg("weight_decay"), py::arg("momentum"), py::arg("l1"), rel,
        "One RMSprop step; states = [square_avgs, momentum_buffers or None, grad_avgs or None].");

  m.def("_adamax_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double beta1,
                           double beta2, double eps, double weight_decay, double l1) {
    optim::adamax_step(p, g, s, steps, {lr, beta1, beta2, eps, weight_decay, l1});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("beta1"),
        py::arg("beta2"), py::arg("eps"), py::arg("weight_decay"), py::arg("l1"), rel,
        "One Adamax step; states = [exp_avgs, exp_infs].");
  m.def("_radam_step", [](const V& p, const V& g, const StateLists& s, const I& steps, double lr, double beta1,
                          double beta2, double eps, double weight_decay, bool decoupled_weight_decay, double l1) {
    optim::radam_step(p, g, s, steps, {lr, beta1, beta2, eps, weight_decay, l1, decoupled_weight_decay});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("lr"), py::arg("beta1"),
        py::arg("beta2"), py::arg("eps"), py::arg("weight_decay"), py::arg("decoupled_weight_decay"), py::arg("l1"),
        rel, "One RAdam step; states = [exp_avgs, exp_avg_sqs].");
  m.def("_nadam_step", [](const V& p, const V& g, const StateLists& s, const I& steps,
                          const std::vector<double>& mu_products, double lr, double beta1, double beta2, double eps,
                          double weight_decay, double momentum_decay, bool decoupled_weight_decay, double l1) {
    optim::nadam_step(p, g, s, steps, mu_products,
                      {lr, beta1, beta2, eps, weight_decay, momentum_decay, l1, decoupled_weight_decay});
  }, py::arg("params"), py::arg("grads"), py::arg("states"), py::arg("steps"), py::arg("mu_products"), py::arg("lr"),
        py::arg("beta1"), py::arg("beta2"), py::arg("eps"), py::arg("weight_decay"), py::arg("momentum_decay"),
        py::arg("decoupled_weight_decay"), py::arg("l1"), rel,
        "One NAdam step; states = [exp_avgs, exp_avg_sqs]; mu_products including this step's mu.");

  m.def("_group_norm_pow", &optim::group_norm_pow, py::arg("tensors"), py::arg("p"), rel,
        "sum of |x|^p over all elements of all tensors (p = inf: max |x|).");
  m.def("_group_scale_", &optim::group_scale_, py::arg("tensors"), py::arg("c"), rel,
        "Multiplies every tensor by c in place.");
  m.def("_group_clamp_", &optim::group_clamp_, py::arg("tensors"), py::arg("min"), py::arg("max"), rel,
        "Clamps every tensor to [min, max] in place.");
  m.def("_group_fill_", &optim::group_fill_, py::arg("tensors"), py::arg("value"), rel,
        "Fills every tensor with value in place.");
  m.def("_optim_kernel_isa", &kernels::optim_kernel_isa, "Instruction set the optimizer loops run with.");
}

}  // namespace gg::bindings
