// A Python int (or bool) or NumPy integer scalar as a C++ parameter, told apart from a float:
// PyTorch's wrapped numbers join promotion by category, so `x + np.int64(3)` and `x += 3` keep an
// integer tensor's dtype where `x + 3.0` does not. Floats, tensors and arrays are left to other
// overloads; an int beyond int64 raises OverflowError, as in PyTorch.
#pragma once
#include <pybind11/pybind11.h>

#include <cstdint>

namespace gg::bindings {
struct PyIntArg {
  int64_t v;
  bool is_bool;  // True/False: bool's category
};
}  // namespace gg::bindings

namespace pybind11::detail {
template <>
struct type_caster<gg::bindings::PyIntArg> {
  PYBIND11_TYPE_CASTER(gg::bindings::PyIntArg, const_name("int"));
  bool load(handle src, bool) {
    static const handle np_integer = object(module_::import("numpy").attr("integer")).release();
    if (!PyLong_Check(src.ptr()) && !isinstance(src, np_integer)) return false;
    int overflow = 0;
    const object as_int = reinterpret_steal<object>(PyNumber_Index(src.ptr()));
    if (!as_int) throw error_already_set();
    value.v = PyLong_AsLongLongAndOverflow(as_int.ptr(), &overflow);
    value.is_bool = PyBool_Check(src.ptr());
    if (overflow) {  // as PyTorch: an OverflowError, not a float
      PyErr_Format(PyExc_OverflowError, "int too big to convert to int64: %S", src.ptr());
      throw error_already_set();
    }
    return true;
  }
  static handle cast(const gg::bindings::PyIntArg& x, return_value_policy, handle) { return PyLong_FromLongLong(x.v); }
};

}  // namespace pybind11::detail
