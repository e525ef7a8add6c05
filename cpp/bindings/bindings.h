// Declarations shared by the binding files (one per area), called from module.cpp.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>

namespace py = pybind11;

#include "core/shape.h"
#include "core/tensor.h"

namespace gg::bindings {
// A new Python Tensor owning t, and the Tensor inside a Python object (null for anything else):
// the fast path past pybind11's generic caster, for the calls made per op (fast_calls.cpp).
PyObject* wrap_tensor(Tensor t);
Tensor* unwrap_tensor(PyObject* o);
void set_tensor_type(py::handle cls);  // once Tensor is bound
}  // namespace gg::bindings

namespace pybind11::detail {
// Every bound function's Tensor arguments and results take the fast path: no type lookup per
// argument, no instance registry per result. What it does not take (a reference return policy,
// an object that is not a tensor) goes through pybind11's caster as before.
template <>
class type_caster<gg::Tensor> : public type_caster_generic {
  using base = type_caster_base<gg::Tensor>;

 public:
  static constexpr auto name = const_name<gg::Tensor>();
  type_caster() : type_caster_generic(tensor_info()) {}

  bool load(handle src, bool convert) {
    if (gg::Tensor* t = gg::bindings::unwrap_tensor(src.ptr())) {
      value = t;
      return true;
    }
    return typeinfo && type_caster_generic::load(src, convert);
  }
  static handle cast(gg::Tensor&& t, return_value_policy, handle) { return gg::bindings::wrap_tensor(std::move(t)); }
  static handle cast(const gg::Tensor& t, return_value_policy policy, handle parent) {
    if (policy == return_value_policy::reference || policy == return_value_policy::reference_internal)
      return base::cast(t, policy, parent);
    return gg::bindings::wrap_tensor(t);
  }
  static handle cast(const gg::Tensor* t, return_value_policy policy, handle parent) {
    return base::cast(t, policy, parent);
  }

  template <typename T>
  using cast_op_type = detail::cast_op_type<T>;
  operator gg::Tensor*() { return static_cast<gg::Tensor*>(value); }
  operator gg::Tensor&() {
    if (!value) throw reference_cast_error();
    return *static_cast<gg::Tensor*>(value);
  }

 private:
  static const type_info* tensor_info() {
    static const type_info* info = nullptr;  // looked up once Tensor is bound
    if (!info) info = get_type_info(typeid(gg::Tensor));
    return info;
  }
};
}  // namespace pybind11::detail

namespace gg::bindings {

// (2, 3), [2, 3] or 2, 3 given as varargs.
Shape shape_from_args(const py::args& args);
py::tuple to_tuple(const Shape& s);
// A tensor sharing a C-contiguous NumPy array's memory (float32/64, int64, bool).
Tensor from_numpy(py::array arr);

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
void bind_fast_methods(py::module_& m);  // last: Tensor.backward and .grad through fast_calls.cpp

}  // namespace gg::bindings
