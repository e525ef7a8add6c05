// Fused activations (ops/activation.h); graphgrad.nn.functional wraps them.
#include "bindings/bindings.h"
#include "ops/activation.h"

namespace gg::bindings {

void bind_activation(py::module_& m) {
  m.def("gelu", &gelu, py::arg("input"), "x Φ(x), Φ the standard normal CDF (fused; exact, not the tanh form).");
  m.def("silu", &silu, py::arg("input"), "x sigmoid(x) (fused).");
}

}  // namespace gg::bindings
