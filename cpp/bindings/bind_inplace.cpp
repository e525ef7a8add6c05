// In-place methods and augmented operators: each is the ordinary op plus assign_inplace.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/ops.h"
#include "ops/random.h"

namespace gg::bindings {

namespace {

using BinT = Tensor (*)(const Tensor&, const Tensor&);
using BinD = Tensor (*)(const Tensor&, double);

// In-place methods return the very Python object they were called on (x += 1 keeps x's
// identity and any Python subclass, such as nn.Parameter).
Tensor& self_of(const py::object& o) { return o.cast<Tensor&>(); }

// Binds name(other) for a tensor or a number, in place on self.
void bind_binary_inplace(py::class_<Tensor>& t, const char* name, const char* op, BinT ft, BinD fd) {
  t.def(name, [op, fd](py::object s, double o) { assign_inplace(op, self_of(s), fd(inplace_source(self_of(s)), o)); return s; },
        py::arg("other"), py::is_operator());
  t.def(name, [op, ft](py::object s, const Tensor& o) { assign_inplace(op, self_of(s), ft(inplace_source(self_of(s)), o)); return s; },
        py::arg("other"), py::is_operator());
}

}  // namespace

void bind_inplace(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  const std::tuple<const char*, const char*, BinT, BinD> ops[] = {
      {"add_", "__iadd__", &add, &add}, {"sub_", "__isub__", &sub, &sub},
      {"mul_", "__imul__", &mul, &mul}, {"div_", "__itruediv__", &div, &div}};
  for (auto [name, dunder, ft, fd] : ops) {
    bind_binary_inplace(t, name, name, ft, fd);
    bind_binary_inplace(t, dunder, name, ft, fd);
  }
  // PyTorch's add_(other, alpha=...) / sub_(other, alpha=...).
  t.def("add_", [](py::object s, const Tensor& o, double alpha) { Tensor& self = self_of(s); assign_inplace("add_", self, add(inplace_source(self), mul(o, alpha))); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"));
  t.def("sub_", [](py::object s, const Tensor& o, double alpha) { Tensor& self = self_of(s); assign_inplace("sub_", self, sub(inplace_source(self), mul(o, alpha))); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"));
  t.def("pow_", [](py::object s, double p) { Tensor& self = self_of(s); assign_inplace("pow_", self, pow(inplace_source(self), p)); return s; },
        py::arg("exponent"));
  t.def("neg_", [](py::object s) { Tensor& self = self_of(s); assign_inplace("neg_", self, neg(inplace_source(self))); return s; });
  t.def("clamp_", [](py::object s, std::optional<double> lo, std::optional<double> hi) {
    Tensor& self = self_of(s);
    assign_inplace("clamp_", self, clamp(inplace_source(self), lo, hi));
    return s;
  }, py::arg("min") = py::none(), py::arg("max") = py::none());
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
