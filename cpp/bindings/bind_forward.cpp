// Forward-mode AD: dual levels and dual tensors (python/graphgrad/autograd/forward.py adapts them).
#include <pybind11/stl.h>

#include "autograd/forward_ad.h"
#include "bindings/bindings.h"
#include "ops/ops.h"

namespace gg::bindings {

void bind_forward(py::module_& m) {
  m.def("_enter_dual_level", &ForwardAD::enter_level, "Opens a dual level and returns its id.");
  m.def("_exit_dual_level", &ForwardAD::exit_level, py::arg("level"),
        "Closes the dual level: every tangent set during it is dropped.");
  m.def("_make_dual", &make_dual, py::arg("primal"), py::arg("tangent"));
  m.def("_unpack_dual", [](const Tensor& t) {
    const Tensor tangent = t.fw_grad();
    return std::make_pair(dual_primal(t), tangent.defined() ? std::optional<Tensor>(tangent) : std::nullopt);
  }, py::arg("tensor"));
}

}  // namespace gg::bindings
