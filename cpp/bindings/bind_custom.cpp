// User-defined autograd: custom Function nodes, tensor hooks and retain_grad. The Python callables
// run inside backward, which releases the GIL: the call and the callable's destruction take it back.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/custom_function.h"

namespace gg::bindings {

namespace {

std::shared_ptr<py::function> keep(py::function fn) {
  return std::shared_ptr<py::function>(new py::function(std::move(fn)), [](py::function* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

}  // namespace

void bind_custom(py::module_& m) {
  m.def("_custom_function", [](const std::vector<Tensor>& inputs, const Tensor& output, py::function backward) {
    auto fn = keep(std::move(backward));
    return custom_function(inputs, output, [fn](const Tensor& g) {
      py::gil_scoped_acquire gil;
      std::vector<Tensor> grads;
      for (py::handle r : (*fn)(g)) grads.push_back(r.is_none() ? Tensor() : r.cast<Tensor>());
      return grads;
    });
  }, py::arg("inputs"), py::arg("output"), py::arg("backward"),
        "output (computed without a graph) as the result of one node over inputs whose backward is "
        "backward(grad) -> a sequence of one gradient or None per input.");
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  t.def("_register_hook", [](const Tensor& self, py::function hook) {
    auto fn = keep(std::move(hook));
    auto remove = tensor_hook(self, [fn](const Tensor& g) {
      py::gil_scoped_acquire gil;
      py::object r = (*fn)(g);
      return r.is_none() ? Tensor() : r.cast<Tensor>();
    });
    return py::cpp_function([remove] { remove(); });
  }, py::arg("hook"), "Routes this tensor's gradient through hook(grad) -> grad or None; returns a function "
        "that removes the hook.");
  t.def("retain_grad", [](const Tensor& self) { retain_grad(self); },
        "Keeps this non-leaf tensor's gradient in .grad during backward (uses recorded from now on).");
}

}  // namespace gg::bindings
