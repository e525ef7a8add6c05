// In-place methods and augmented operators: each is the ordinary op plus assign_inplace.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/inplace.h"
#include "ops/ops.h"
#include "ops/random.h"

namespace gg::bindings {

namespace {

// In-place methods return the very Python object they were called on (x += 1 keeps x's
// identity and any Python subclass, such as nn.Parameter).
Tensor& self_of(const py::object& o) { return o.cast<Tensor&>(); }

// Binds name(other) for a tensor or a number, in place on self.
void bind_binary_inplace(py::class_<Tensor>& t, const char* name, InplaceOp op) {
  t.def(name, [op](py::object s, double o) { binary_inplace(op, self_of(s), o); return s; }, py::arg("other"),
        py::is_operator());
  t.def(name, [op](py::object s, const Tensor& o) { binary_inplace(op, self_of(s), o); return s; }, py::arg("other"),
        py::is_operator());
}

}  // namespace

void bind_inplace(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  const std::tuple<const char*, const char*, InplaceOp> ops[] = {{"add_", "__iadd__", InplaceOp::Add},
                                                                 {"sub_", "__isub__", InplaceOp::Sub},
                                                                 {"mul_", "__imul__", InplaceOp::Mul},
                                                                 {"div_", "__itruediv__", InplaceOp::Div}};
  for (auto [name, dunder, op] : ops) {
    bind_binary_inplace(t, name, op);
    bind_binary_inplace(t, dunder, op);
  }
  // PyTorch's add_(other, alpha=...) / sub_(other, alpha=...), one pass.
  t.def("add_", [](py::object s, const Tensor& o, double alpha) { binary_inplace(InplaceOp::Add, self_of(s), o, alpha); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"));
  t.def("sub_", [](py::object s, const Tensor& o, double alpha) { binary_inplace(InplaceOp::Sub, self_of(s), o, alpha); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"));
  t.def("zero_", [](py::object s) { fill_(self_of(s), 0.0); return s; });
  t.def("fill_", [](py::object s, double v) { fill_(self_of(s), v); return s; }, py::arg("value"));
  t.def("copy_", [](py::object s, const Tensor& src) { copy_(self_of(s), src); return s; }, py::arg("src"));
  t.def("uniform_", [](py::object s, double a, double b) {
    Tensor& self = self_of(s);
    Tensor r = Tensor::empty(self.shape(), self.dtype());
    uniform_fill(r, a, b);
    assign_inplace("uniform_", self, r);
    return s;
  }, py::arg("a") = 0.0, py::arg("b") = 1.0);
  t.def("normal_", [](py::object s, double mean, double std) {
    Tensor& self = self_of(s);
    Tensor r = Tensor::empty(self.shape(), self.dtype());
    normal_fill(r, mean, std);
    assign_inplace("normal_", self, r);
    return s;
  }, py::arg("mean") = 0.0, py::arg("std") = 1.0);
}

}  // namespace gg::bindings
