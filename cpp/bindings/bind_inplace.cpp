// In-place methods and augmented operators: each is the ordinary op plus assign_inplace.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "bindings/py_int.h"
#include "ops/inplace.h"
#include "ops/ops.h"
#include "ops/random.h"

namespace gg::bindings {

namespace {

// In-place methods return the very Python object they were called on (x += 1 keeps x's
// identity and any Python subclass, such as nn.Parameter).
Tensor& self_of(const py::object& o) { return o.cast<Tensor&>(); }

// Binds name(other) for a tensor or a number, in place on self (an int before a float: x *= 2 is
// an int64 x's own, x *= 2.0 is not).
void bind_binary_inplace(py::class_<Tensor>& t, const char* name, InplaceOp op, const char* doc) {
  t.def(name, [op](py::object s, PyIntArg o) { binary_inplace(op, self_of(s), o.v, o.is_bool); return s; },
        py::arg("other"), py::is_operator(), doc);
  t.def(name, [op](py::object s, double o) { binary_inplace(op, self_of(s), o); return s; }, py::arg("other"),
        py::is_operator());
  t.def(name, [op](py::object s, const Tensor& o) { binary_inplace(op, self_of(s), o); return s; }, py::arg("other"),
        py::is_operator());
}

}  // namespace

void bind_inplace(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  const std::tuple<const char*, const char*, InplaceOp, const char*> ops[] = {
      {"add_", "__iadd__", InplaceOp::Add, "self += other in place (other a tensor or a number, broadcast to self)."},
      {"sub_", "__isub__", InplaceOp::Sub, "self -= other in place (other a tensor or a number, broadcast to self)."},
      {"mul_", "__imul__", InplaceOp::Mul, "self *= other in place (other a tensor or a number, broadcast to self)."},
      {"div_", "__itruediv__", InplaceOp::Div, "self /= other in place (other a tensor or a number, broadcast to self)."}};
  for (auto [name, dunder, op, doc] : ops) {
    bind_binary_inplace(t, name, op, doc);
    bind_binary_inplace(t, dunder, op, doc);
  }
  // PyTorch's add_(other, alpha=...) / sub_(other, alpha=...), one pass.
  t.def("add_", [](py::object s, const Tensor& o, double alpha) { binary_inplace(InplaceOp::Add, self_of(s), o, alpha); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"), "self += alpha * other in place, in one pass.");
  t.def("sub_", [](py::object s, const Tensor& o, double alpha) { binary_inplace(InplaceOp::Sub, self_of(s), o, alpha); return s; },
        py::arg("other"), py::kw_only(), py::arg("alpha"), "self -= alpha * other in place, in one pass.");
  // The in-place forms composed in Python (scatter_, index_add_, ...): the op computes
  // op(_inplace_source(self), ...) and _assign_inplace writes it into self, as above.
  m.def("_inplace_source", &inplace_source, py::arg("self"), "What an in-place op reads self as (ops/ops.h).");
  m.def("_assign_inplace", [](const std::string& op, py::object s, const Tensor& result) {
    assign_inplace(op.c_str(), self_of(s), result);
    return s;
  }, py::arg("op"), py::arg("self"), py::arg("result"), "Writes result into self's memory as the in-place op `op`.");
  t.def("zero_", [](py::object s) { fill_(self_of(s), 0.0); return s; }, "Sets every element to 0 in place.");
  t.def("fill_", [](py::object s, double v) { fill_(self_of(s), v); return s; }, py::arg("value"),
        "Sets every element to value in place.");
  t.def("copy_", [](py::object s, const Tensor& src) { copy_(self_of(s), src); return s; }, py::arg("src"),
        "Copies src (broadcast to self's shape, cast to its dtype) into self in place.");
  t.def("uniform_", [](py::object s, double a, double b) { uniform_(self_of(s), a, b); return s; },
        py::arg("a") = 0.0, py::arg("b") = 1.0,
        "Fills self in place with samples of the uniform distribution on [a, b) (the global generator).");
  t.def("normal_", [](py::object s, double mean, double std) { normal_(self_of(s), mean, std); return s; },
        py::arg("mean") = 0.0, py::arg("std") = 1.0,
        "Fills self in place with samples of the normal distribution N(mean, std^2) (the global generator).");
}

}  // namespace gg::bindings
