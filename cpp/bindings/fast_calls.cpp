// The per-call fast path: Tensor's arithmetic operators as CPython number slots, and Tensor
// objects made and read without pybind11's generic machinery. pybind11 reaches `a * b` through
// the type's generic slot, a method lookup, a bound-method object, overload resolution (every
// overload tried twice: without, then with conversion) and a registered-instance hash map; on
// scalars that was most of the op's cost. The slots call the same registered C++ functions
// (ops/registry.h operators) for the common operand types — two tensors, a tensor and a Python
// float or int — and hand any other operand to the bound dunder method, which keeps pybind11's
// overload rules and error messages.
#include <array>
#include <memory>

#include "bindings/bindings.h"
#include "ops/registry.h"

namespace gg::bindings {

namespace {

PyTypeObject* tensor_type = nullptr;
using pybind11::detail::instance;

// The registered functions of one binary operator, by operand kind (null where it has none).
struct Operand {
  Tensor (*tensor)(const Tensor&, const Tensor&) = nullptr;
  Tensor (*number)(const Tensor&, double) = nullptr;
  Tensor (*integer)(const Tensor&, registry::PyInt) = nullptr;
  PyObject* dunder = nullptr;  // interned name, for every other operand
};
struct BinarySlot {
  const char* forward;
  const char* reflected;
  Operand fwd, ref;
};

enum SlotId { kAdd, kSub, kMul, kDiv, kPow, kSlots };
std::array<BinarySlot, kSlots> slots{{{"__add__", "__radd__", {}, {}},
                                      {"__sub__", "__rsub__", {}, {}},
                                      {"__mul__", "__rmul__", {}, {}},
                                      {"__truediv__", "__rtruediv__", {}, {}},
                                      {"__pow__", "__rpow__", {}, {}}}};

Operand operand_of(const char* name) {
  Operand o;
  o.dunder = PyUnicode_InternFromString(name);
  for (const registry::Operator& op : registry::operators()) {
    if (std::string(op.name) != name) continue;
    for (const registry::Fn& fn : op.fns) {
      if (auto* f = std::get_if<Tensor (*)(const Tensor&, const Tensor&)>(&fn)) o.tensor = *f;
      if (auto* f = std::get_if<Tensor (*)(const Tensor&, double)>(&fn)) o.number = *f;
      if (auto* f = std::get_if<Tensor (*)(const Tensor&, registry::PyInt)>(&fn)) o.integer = *f;
    }
  }
  return o;
}

// type(self).<dunder>(self, other): pybind11's overloads for what the fast path does not take.
PyObject* call_dunder(PyObject* self, PyObject* dunder, PyObject* other) {
  PyObject* f = PyObject_GetAttr(reinterpret_cast<PyObject*>(Py_TYPE(self)), dunder);
  if (!f) return nullptr;
  PyObject* r = PyObject_CallFunctionObjArgs(f, self, other, nullptr);
  Py_DECREF(f);
  return r;
}

template <class F, class... A>
PyObject* call(F f, const A&... a) {
  try {
    return wrap_tensor(f(a...));
  } catch (...) {
    pybind11::detail::try_translate_exceptions();
    return nullptr;
  }
}

// `self op other` with self a tensor: a Python float or exact int, or a tensor where the
// operator takes one. Null with no error set: the operand is not one of those.
PyObject* apply(const Operand& op, const Tensor& self, PyObject* other) {
  if (PyFloat_CheckExact(other)) {
    if (op.number) return call(op.number, self, PyFloat_AS_DOUBLE(other));
  } else if (PyLong_CheckExact(other)) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(other, &overflow);
    if (!overflow && op.integer) return call(op.integer, self, registry::PyInt{v});
    // pybind11 converts an int for a float parameter (x ** 2 is pow(x, 2.0)).
    if (!overflow && !op.integer && op.number) return call(op.number, self, static_cast<double>(v));
  } else if (op.tensor) {
    if (const Tensor* t = unwrap_tensor(other)) return call(op.tensor, self, *t);
  }
  return nullptr;
}

// The nb_* slot: CPython calls it with the operands in source order, whichever is the tensor.
template <SlotId S>
PyObject* binary_slot(PyObject* a, PyObject* b) {
  const BinarySlot& s = slots[S];
  if (const Tensor* ta = unwrap_tensor(a)) {
    if (PyObject* r = apply(s.fwd, *ta, b); r || PyErr_Occurred()) return r;
    return call_dunder(a, s.fwd.dunder, b);
  }
  if (const Tensor* tb = unwrap_tensor(b)) {
    if (PyObject* r = apply(s.ref, *tb, a); r || PyErr_Occurred()) return r;
    return call_dunder(b, s.ref.dunder, a);
  }
  Py_RETURN_NOTIMPLEMENTED;  // a tensor subclass whose holder pybind11 has not made yet
}

// Three-argument pow(x, e, mod) goes to __pow__, which raises as before.
PyObject* power_slot(PyObject* a, PyObject* b, PyObject* mod) {
  if (mod == Py_None) return binary_slot<kPow>(a, b);
  if (!unwrap_tensor(a)) Py_RETURN_NOTIMPLEMENTED;
  PyObject* f = PyObject_GetAttr(reinterpret_cast<PyObject*>(Py_TYPE(a)), slots[kPow].fwd.dunder);
  if (!f) return nullptr;
  PyObject* r = PyObject_CallFunctionObjArgs(f, a, b, mod, nullptr);
  Py_DECREF(f);
  return r;
}

destructor pybind11_dealloc = nullptr;

// A Tensor's dealloc without pybind11's per-instance type lookups; other instances (subclasses,
// registered or unusual layouts) go to pybind11's own.
void tensor_dealloc(PyObject* self) {
  auto* inst = reinterpret_cast<instance*>(self);
  if (Py_TYPE(self) != tensor_type || !inst->simple_layout || inst->simple_instance_registered || inst->has_patients)
    return pybind11_dealloc(self);
  if (inst->simple_holder_constructed) {
    py::error_scope keep;  // a destructor may run Python code (a hook's callable) during an exception
    reinterpret_cast<std::unique_ptr<Tensor>&>(inst->simple_value_holder[1]).~unique_ptr();
    inst->simple_holder_constructed = false;
  }
  inst->simple_value_holder[0] = nullptr;
  if (inst->weakrefs) PyObject_ClearWeakRefs(self);
  PyTypeObject* type = Py_TYPE(self);
  type->tp_free(self);
  Py_DECREF(type);
}

}  // namespace

void set_tensor_type(py::handle cls) {
  const auto* info = py::detail::get_type_info(typeid(Tensor));
  if (!info || info->holder_size_in_ptrs > py::detail::instance_simple_holder_in_ptrs())
    throw std::logic_error("fast calls: Tensor's pybind11 instances do not have the simple layout");
  tensor_type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  pybind11_dealloc = tensor_type->tp_dealloc;
  tensor_type->tp_dealloc = &tensor_dealloc;
}

PyObject* wrap_tensor(Tensor t) {
  if (!tensor_type) return py::detail::type_caster_base<Tensor>::cast(std::move(t), py::return_value_policy::move, {}).ptr();
  PyObject* self = tensor_type->tp_alloc(tensor_type, 0);
  if (!self) throw py::error_already_set();
  // The layout pybind11's make_new_instance + init_instance give a Tensor (set_tensor_type checks
  // it is the simple one), without entering the instance in pybind11's registry: that only maps C++
  // addresses back to Python objects for functions returning references, and dealloc skips the
  // deregistration of an instance not registered.
  auto* inst = reinterpret_cast<instance*>(self);
  auto* value = new Tensor(std::move(t));
  inst->simple_layout = true;
  inst->owned = true;
  inst->simple_value_holder[0] = value;
  new (&inst->simple_value_holder[1]) std::unique_ptr<Tensor>(value);
  inst->simple_holder_constructed = true;
  inst->simple_instance_registered = false;
  return self;
}

Tensor* unwrap_tensor(PyObject* o) {
  if (!tensor_type || !PyObject_TypeCheck(o, tensor_type)) return nullptr;
  auto* inst = reinterpret_cast<instance*>(o);
  if (!inst->simple_layout || !inst->simple_holder_constructed) return nullptr;
  return static_cast<Tensor*>(inst->simple_value_holder[0]);
}

// A Python subclass (nn.Parameter) gets the slots too, unless it defines the operator itself:
// CPython tries a right operand's slot first when its type is a subclass with a different slot,
// and the generic slot would then ask __rmul__ first (which takes a one-element tensor as a
// float, through __float__, and drops its gradient).
void inherit_slots(py::handle cls) {
  if (!PyType_Check(cls.ptr()) || !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls.ptr()), tensor_type))
    throw py::type_error("_inherit_operators: expected a subclass of Tensor");
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  auto own = [&](PyObject* name) {
    py::object mine = py::reinterpret_steal<py::object>(PyObject_GetAttr(cls.ptr(), name));
    py::object base = py::reinterpret_steal<py::object>(PyObject_GetAttr(reinterpret_cast<PyObject*>(tensor_type), name));
    if (!mine || !base) throw py::error_already_set();
    return !mine.is(base);
  };
  PyNumberMethods* nb = type->tp_as_number;
  PyNumberMethods* base = tensor_type->tp_as_number;
  auto inherit = [&](SlotId id, auto PyNumberMethods::*slot) {
    if (!own(slots[id].fwd.dunder) && !own(slots[id].ref.dunder)) nb->*slot = base->*slot;
  };
  inherit(kAdd, &PyNumberMethods::nb_add);
  inherit(kSub, &PyNumberMethods::nb_subtract);
  inherit(kMul, &PyNumberMethods::nb_multiply);
  inherit(kDiv, &PyNumberMethods::nb_true_divide);
  inherit(kPow, &PyNumberMethods::nb_power);
}

void bind_fast_calls(py::module_& m) {
  for (BinarySlot& s : slots) {
    s.fwd = operand_of(s.forward);
    s.ref = operand_of(s.reflected);
    s.ref.tensor = nullptr;  // a reflected operator's other operand is never a tensor
  }
  PyNumberMethods* nb = tensor_type->tp_as_number;
  nb->nb_add = &binary_slot<kAdd>;
  nb->nb_subtract = &binary_slot<kSub>;
  nb->nb_multiply = &binary_slot<kMul>;
  nb->nb_true_divide = &binary_slot<kDiv>;
  nb->nb_power = &power_slot;
  PyType_Modified(tensor_type);
  m.def("_inherit_operators", &inherit_slots, py::arg("cls"),
        "Gives a Tensor subclass the fast operator slots of Tensor (called by Tensor.__init_subclass__).");
}

}  // namespace gg::bindings
