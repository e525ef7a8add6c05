// Neural-network ops (ops/nn.h) as graphgrad._core functions; graphgrad.nn.functional wraps
// them with PyTorch's signatures. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/nn.h"

namespace gg::bindings {

void bind_nn(py::module_& m) {
  using py::arg;
  // Tensor(t) makes a new leaf handle sharing t's storage. It exists so that Python can subclass
  // Tensor: graphgrad.nn.Parameter is such a subclass, and C++ ops accept it like any Tensor.
  py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"))
      .def(py::init([](const Tensor& t) { return t.detach(); }), arg("data"),
           "A new leaf tensor sharing data's storage, detached from any graph.");
  m.def("_cross_entropy", [](const Tensor& x, const Tensor& y, const std::string& r, int64_t ignore_index,
                             std::optional<Tensor> weight, double label_smoothing) {
    return cross_entropy(x, y, reduction_from_string(r, "cross_entropy"), ignore_index, or_undefined(weight),
                         label_smoothing);
  }, arg("input"), arg("target"), arg("reduction") = "mean", arg("ignore_index") = -100, arg("weight") = py::none(),
     arg("label_smoothing") = 0.0, py::call_guard<py::gil_scoped_release>());
  m.def("_nll_loss", [](const Tensor& x, const Tensor& y, const std::string& r, int64_t ignore_index) {
    return nll_loss(x, y, reduction_from_string(r, "nll_loss"), ignore_index);
  }, arg("input"), arg("target"), arg("reduction") = "mean", arg("ignore_index") = -100);
  m.def("_batch_norm", [](const Tensor& x, std::optional<Tensor> rm, std::optional<Tensor> rv,
                          std::optional<Tensor> w, std::optional<Tensor> b, bool training, double momentum,
                          double eps) {
    return batch_norm(x, or_undefined(rm), or_undefined(rv), or_undefined(w), or_undefined(b), training, momentum, eps);
  }, arg("input"), arg("running_mean"), arg("running_var"), arg("weight"), arg("bias"), arg("training"),
     arg("momentum"), arg("eps"), py::call_guard<py::gil_scoped_release>());
  m.def("_dropout", &dropout, arg("input"), arg("p"), arg("training"), py::call_guard<py::gil_scoped_release>());
}

}  // namespace gg::bindings
