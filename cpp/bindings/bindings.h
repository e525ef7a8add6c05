// Declarations shared by the binding files (one per area), called from module.cpp.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>

namespace py = pybind11;

#include "core/shape.h"
#include "core/tensor.h"

namespace gg::bindings {

// (2, 3), [2, 3] or 2, 3 given as varargs.
Shape shape_from_args(const py::args& args);
py::tuple to_tuple(const Shape& s);
// A tensor sharing a C-contiguous NumPy array's memory (float32/64, int64, bool).
Tensor from_numpy(py::array arr);
// A new Python Tensor owning t, and the Tensor inside a Python object (null for anything else):
// the fast path past pybind11's casters for the calls made per op (fast_calls.cpp).
PyObject* wrap_tensor(Tensor t);
Tensor* unwrap_tensor(PyObject* o);

void bind_tensor(py::module_& m);
void bind_registry(py::module_& m);
void bind_ops(py::module_& m);
void bind_autograd(py::module_& m);
void bind_optim(py::module_& m);
void bind_inplace(py::module_& m);
void bind_forward(py::module_& m);
void bind_isa(py::module_& m);
void bind_custom(py::module_& m);
void bind_fast_calls(py::module_& m);  // after bind_registry: reads the registered operators

}  // namespace gg::bindings
