// backward, grad and grad mode.
#include <pybind11/stl.h>

#include "autograd/engine.h"
#include "autograd/grad_mode.h"
#include "bindings/bindings.h"
#include "core/error.h"
#include "core/tensor.h"
#include "ops/ops.h"

namespace gg::bindings {

void bind_autograd(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  t.def("backward", [](const Tensor& self, std::optional<Tensor> gradient, bool retain_graph, bool create_graph) {
    run_backward(self, gradient.value_or(Tensor()), retain_graph, create_graph);
  }, py::arg("gradient") = py::none(), py::arg("retain_graph") = false, py::arg("create_graph") = false,
        py::call_guard<py::gil_scoped_release>(),
        "Accumulates the gradient of this tensor into the .grad of every leaf that requires grad.");
  m.def("_backward", [](const std::vector<Tensor>& outs, const std::vector<std::optional<Tensor>>& grads,
                        bool retain_graph, bool create_graph) {
    std::vector<Tensor> g;
    for (auto& x : grads) g.push_back(x.value_or(Tensor()));
    run_backward(outs, g, retain_graph, create_graph);
  }, py::arg("tensors"), py::arg("grad_tensors"), py::arg("retain_graph"), py::arg("create_graph"),
        py::call_guard<py::gil_scoped_release>(), "graphgrad.autograd.backward's engine call.");
  m.def("_grad", [](const std::vector<Tensor>& outs, const std::vector<std::optional<Tensor>>& grads,
                    const std::vector<Tensor>& inputs, bool retain_graph, bool create_graph, bool allow_unused) {
    std::vector<Tensor> g;
    for (auto& x : grads) g.push_back(x.value_or(Tensor()));
    auto res = run_grad(outs, g, inputs, retain_graph, create_graph, allow_unused);
    std::vector<std::optional<Tensor>> out;
    for (auto& r : res) out.push_back(r.defined() ? std::optional<Tensor>(r) : std::nullopt);
    return out;
  }, py::arg("outputs"), py::arg("grad_outputs"), py::arg("inputs"), py::arg("retain_graph"), py::arg("create_graph"),
        py::arg("allow_unused"), "graphgrad.autograd.grad's engine call.");
  // Hooks run inside backward, which releases the GIL: the call and the callable's
  // destruction both take it back.
  t.def("register_post_accumulate_grad_hook", [](const Tensor& self, py::function fn) {
    if (!self.is_leaf() || !self.requires_grad())
      throw GraphError("register_post_accumulate_grad_hook: only leaf tensors that require grad accumulate gradients");
    auto keep = std::shared_ptr<py::function>(new py::function(std::move(fn)), [](py::function* p) {
      py::gil_scoped_acquire gil;
      delete p;
    });
    auto& hooks = self.impl()->extras_or_new().post_accumulate_hooks;
    const int id = hooks.empty() ? 0 : hooks.rbegin()->first + 1;
    hooks[id] = [keep](const Tensor& t) {
      py::gil_scoped_acquire gil;
      (*keep)(t);
    };
    std::weak_ptr<TensorImpl> weak = self.impl_ptr();
    return py::cpp_function([weak, id]() {
      if (auto impl = weak.lock()) impl->extras->post_accumulate_hooks.erase(id);
    });
  }, py::arg("hook"), "Calls hook(tensor) after backward accumulates into tensor.grad; returns a function that removes it.");
  m.def("_grad_hook", [](const Tensor& x, py::function fn) {
    auto keep = std::shared_ptr<py::function>(new py::function(std::move(fn)), [](py::function* p) {
      py::gil_scoped_acquire gil;
      delete p;
    });
    return grad_hook(x, [keep](const Tensor& g) {
      py::gil_scoped_acquire gil;
      return (*keep)(g).cast<Tensor>();
    });
  }, py::arg("input"), py::arg("hook"),
        "An alias of input whose backward returns hook(grad) (same shape and dtype) as input's gradient.");
  m.def("is_grad_enabled", &GradMode::is_enabled, "True when ops record the graph (not inside no_grad); per thread.");
  m.def("_set_grad_enabled", &GradMode::set_enabled, py::arg("enabled"));
  m.def("_set_detect_anomaly", &AnomalyMode::set_enabled, py::arg("enabled"),
        "Turns anomaly detection (a NaN in any gradient is an error naming its node) on or off.");
  m.def("is_anomaly_enabled", &AnomalyMode::is_enabled, "True while anomaly detection is on.");
}

}  // namespace gg::bindings
