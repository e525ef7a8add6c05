// The per-call fast path: Tensor's arithmetic operators as CPython number slots, and Tensor
// objects made and read without pybind11's generic machinery. pybind11 reaches `a * b` through
// the type's generic slot, a method lookup, a bound-method object, overload resolution (every
// overload tried twice: without, then with conversion) and a registered-instance hash map; on
// scalars that was most of the op's cost. The slots call the same registered C++ functions
// (ops/registry.h operators) for the common operand types — two tensors, a tensor and a Python
// float or int — and hand any other operand to the bound dunder method, which keeps pybind11's
// overload rules and error messages.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <string>
#include <memory>
#include <new>
#include <vector>

#include "autograd/engine.h"
#include "bindings/bindings.h"
#include "ops/registry.h"

namespace gg::bindings {

namespace {

PyTypeObject* tensor_type = nullptr;
using pybind11::detail::instance;

// wrap_tensor's Tensor lives in the instance itself, in the room pybind11 keeps for a holder (two
// pointers; Tensor's unique_ptr holder uses one): no heap allocation per result. Such an instance
// has no holder and is not owned, so pybind11 code never deletes or destroys it; tensor_dealloc does.
void** inline_slot(instance* inst) { return &inst->simple_value_holder[1]; }
static_assert(sizeof(Tensor) <= sizeof(void*) * py::detail::instance_simple_holder_in_ptrs() &&
              alignof(Tensor) <= alignof(void*), "a Tensor must fit pybind11's simple holder room");
bool is_inline(instance* inst) {
  return inst->simple_layout && inst->simple_value_holder[0] == static_cast<void*>(inline_slot(inst));
}

// The Tensor inside a Python object, or null (unwrap_tensor): inline in the slots and methods
// below, which read one or two operands per call (an out-of-line call each: 125 of the lecture's
// instructions, 12 calls); a subclass's instances take the type check's slow path.
[[gnu::always_inline]] inline Tensor* tensor_of(PyObject* o) {
  if (Py_TYPE(o) != tensor_type && (!tensor_type || !PyType_IsSubtype(Py_TYPE(o), tensor_type))) return nullptr;
  auto* inst = reinterpret_cast<instance*>(o);
  if (!inst->simple_layout || !(inst->simple_holder_constructed || is_inline(inst))) return nullptr;
  return static_cast<Tensor*>(inst->simple_value_holder[0]);
}

// The registered functions of one binary operator, by operand kind (null where it has none).
struct Operand {
  Tensor (*tensor)(const Tensor&, const Tensor&) = nullptr;
  Tensor (*number)(const Tensor&, double) = nullptr;
  Tensor (*integer)(const Tensor&, registry::PyInt) = nullptr;
  PyObject* dunder = nullptr;  // interned name, for every other operand
};
// One slot of PyNumberMethods (as a byte offset: nb_power is a ternaryfunc, the others binaryfunc).
using AnySlot = void (*)();
AnySlot& slot_at(PyNumberMethods* nb, size_t offset) {
  return *reinterpret_cast<AnySlot*>(reinterpret_cast<char*>(nb) + offset);
}

struct BinarySlot {
  const char* forward;
  const char* reflected;
  size_t nb;     // offsetof(PyNumberMethods, nb_...)
  AnySlot impl;  // the function put there
  Operand fwd, ref;
};

enum SlotId { kAdd, kSub, kMul, kDiv, kPow, kSlots };
template <SlotId S>
PyObject* binary_slot(PyObject* a, PyObject* b);
PyObject* power_slot(PyObject* a, PyObject* b, PyObject* mod);

template <class F>
AnySlot any_slot(F f) { return reinterpret_cast<AnySlot>(f); }
std::array<BinarySlot, kSlots> slots{{
    {"__add__", "__radd__", offsetof(PyNumberMethods, nb_add), any_slot(&binary_slot<kAdd>), {}, {}},
    {"__sub__", "__rsub__", offsetof(PyNumberMethods, nb_subtract), any_slot(&binary_slot<kSub>), {}, {}},
    {"__mul__", "__rmul__", offsetof(PyNumberMethods, nb_multiply), any_slot(&binary_slot<kMul>), {}, {}},
    {"__truediv__", "__rtruediv__", offsetof(PyNumberMethods, nb_true_divide), any_slot(&binary_slot<kDiv>), {}, {}},
    {"__pow__", "__rpow__", offsetof(PyNumberMethods, nb_power), any_slot(&power_slot), {}, {}}}};

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

// type(self).<dunder>(self, other...): pybind11's overloads for what the fast path does not take.
template <class... A>
PyObject* call_dunder(PyObject* self, PyObject* dunder, A*... other) {
  PyObject* f = PyObject_GetAttr(reinterpret_cast<PyObject*>(Py_TYPE(self)), dunder);
  if (!f) return nullptr;
  PyObject* r = PyObject_CallFunctionObjArgs(f, self, other..., nullptr);
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
    if (const Tensor* t = tensor_of(other)) return call(op.tensor, self, *t);
  }
  return nullptr;
}

// The nb_* slot: CPython calls it with the operands in source order, whichever is the tensor.
template <SlotId S>
PyObject* binary_slot(PyObject* a, PyObject* b) {
  const BinarySlot& s = slots[S];
  if (const Tensor* ta = tensor_of(a)) {
    if (PyObject* r = apply(s.fwd, *ta, b); r || PyErr_Occurred()) return r;
    return call_dunder(a, s.fwd.dunder, b);
  }
  if (const Tensor* tb = tensor_of(b)) {
    if (PyObject* r = apply(s.ref, *tb, a); r || PyErr_Occurred()) return r;
    return call_dunder(b, s.ref.dunder, a);
  }
  Py_RETURN_NOTIMPLEMENTED;  // a tensor subclass whose holder pybind11 has not made yet
}

// Three-argument pow(x, e, mod) goes to __pow__, which raises as before.
PyObject* power_slot(PyObject* a, PyObject* b, PyObject* mod) {
  if (mod == Py_None) return binary_slot<kPow>(a, b);
  if (!tensor_of(a)) Py_RETURN_NOTIMPLEMENTED;
  return call_dunder(a, slots[kPow].fwd.dunder, b, mod);
}

// ---- methods: Tensor.backward(), Tensor.grad and gg.tensor(3.0) without pybind11's dispatcher ----

// Tensor.backward is a method descriptor in the type's dict, in place of pybind11's instancemethod:
// CPython calls one without making a bound method object (t.backward() made and freed one per
// call). Tensor.grad stays a property, of a subclass whose __get__ slot reads t.grad itself rather
// than calling the fget through the generic call protocol. Each takes the common call itself and
// hands any other to pybind11's function, with its conversions and error messages.
PyObject* backward_pybind = nullptr;  // pybind11's Tensor.backward function (self is its first argument)
PyMethodDef backward_def = {"backward", nullptr, METH_FASTCALL | METH_KEYWORDS, nullptr};

// Runs f(), with the GIL released when `release` (as pybind11's call_guard does for backward); a
// C++ exception becomes the Python one.
template <class F>
PyObject* run_returning_none(bool release, F f) {
  try {
    if (release) {
      py::gil_scoped_release nogil;
      f();
    } else {
      f();
    }
    Py_RETURN_NONE;
  } catch (...) {
    pybind11::detail::try_translate_exceptions();
    return nullptr;
  }
}

// t.backward(...): without arguments here, any other call through pybind11's function with self first.
PyObject* backward_fast(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  if (nargs == 0 && !kwnames)
    if (const Tensor* t = tensor_of(self)) {
      // A scalar expression's backward takes less time than releasing and retaking the GIL did
      // (some 400 of the lecture's 22,000 instructions); hooks and custom functions take it anyway.
      const bool release = !graph_within(*t, 32);
      return run_returning_none(release, [t] { run_backward(*t, Tensor(), false, false); });
    }
  const Py_ssize_t n = nargs + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
  std::vector<PyObject*> all(static_cast<size_t>(n) + 1);
  all[0] = self;
  std::copy(args, args + n, all.begin() + 1);
  return PyObject_Vectorcall(backward_pybind, all.data(), static_cast<size_t>(nargs) + 1, kwnames);
}

// Tensor.grad's __get__ (the fast property's tp_descr_get): the property itself for the class.
PyObject* grad_get(PyObject* prop, PyObject* self, PyObject* type) {
  if (self && self != Py_None)
    if (const Tensor* t = tensor_of(self)) {
      if (!t->impl()->grad) Py_RETURN_NONE;
      return call([t] { return Tensor(t->impl()->grad); });
    }
  return PyProperty_Type.tp_descr_get(prop, self, type);
}

// Whether a keyword name is "requires_grad": a call's keyword names are interned, so mostly the
// same object as ours.
bool is_requires_grad(PyObject* name) {
  static PyObject* const interned = PyUnicode_InternFromString("requires_grad");
  return name == interned || PyUnicode_CompareWithASCIIString(name, "requires_grad") == 0;
}

// gg.tensor(3.0) and gg.tensor(3.0, requires_grad=True|False), the lecture's leaves, without the
// Python function's frame: a float32 0-d tensor, as that function makes. Every other call goes to
// that function (graphgrad/_tensor.py), this builtin's self.
PyObject* tensor_fast(PyObject* fallback, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  if (nargs == 1 && PyFloat_CheckExact(args[0])) {
    const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject* flag = nkw == 1 ? args[1] : nullptr;
    if (nkw == 0 || (nkw == 1 && (flag == Py_True || flag == Py_False) && is_requires_grad(PyTuple_GET_ITEM(kwnames, 0)))) {
      const double v = PyFloat_AS_DOUBLE(args[0]);
      const bool requires_grad = flag == Py_True;
      return call([v, requires_grad] {
        Tensor t = Tensor::scalar(v, DType::Float32);
        if (requires_grad) t.set_requires_grad(true);
        return t;
      });
    }
  }
  return PyObject_Vectorcall(fallback, args, static_cast<size_t>(nargs), kwnames);
}

PyMethodDef tensor_def = {"tensor", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&tensor_fast)),
                          METH_FASTCALL | METH_KEYWORDS, nullptr};

destructor pybind11_dealloc = nullptr;

// Dead Tensor objects kept for the next results, as CPython keeps its floats: allocating and
// freeing the Python object was a sixth of a scalar expression's instructions. Touched only with
// the GIL held (wrap_tensor and tensor_dealloc run under it); bounded, so it holds little memory.
// Used only when the type (a heap type) has objects of plain PyObject_Malloc memory without GC,
// of pybind11's instance size (set_tensor_type).
struct FreeObjects {
  static constexpr int kMax = 64;
  PyObject* items[kMax];
  int n = 0;
  bool usable = false;
} free_objects;

// A zeroed Tensor object, as tp_alloc gives it.
PyObject* new_tensor_object() {
  if (free_objects.n == 0) return tensor_type->tp_alloc(tensor_type, 0);
  PyObject* self = free_objects.items[--free_objects.n];
  std::memset(static_cast<void*>(self), 0, sizeof(instance));  // (a constant size: a few stores, no call)
#if PY_VERSION_HEX < 0x030D0000
  // PyObject_Init's work without its call, NULL check and heap-type test (~60 instructions per
  // lecture call); _Py_NewReference (public through 3.12) keeps tracemalloc's bookkeeping.
  Py_SET_TYPE(self, tensor_type);
  Py_INCREF(tensor_type);  // the type is a heap type (pybind11's): a reference, as tp_alloc takes
  _Py_NewReference(self);
  return self;
#else
  return PyObject_Init(self, tensor_type);  // takes a reference to the type, as tp_alloc does
#endif
}

void free_tensor_object(PyObject* self) {
  if (free_objects.usable && free_objects.n < FreeObjects::kMax) free_objects.items[free_objects.n++] = self;
  else tensor_type->tp_free(self);
}

// A Tensor's dealloc without pybind11's per-instance type lookups; other instances (subclasses,
// registered or unusual layouts) go to pybind11's own.
void tensor_dealloc(PyObject* self) {
  auto* inst = reinterpret_cast<instance*>(self);
  if (Py_TYPE(self) == tensor_type && is_inline(inst)) {
    Tensor* t = std::launder(reinterpret_cast<Tensor*>(inline_slot(inst)));
    // A destructor may run Python code (a hook's callable): an exception being raised is kept
    // aside meanwhile, and none is left set after it.
    if (PyErr_Occurred()) {
      py::error_scope keep;
      t->~Tensor();
    } else {
      t->~Tensor();
      if (PyErr_Occurred()) PyErr_Clear();
    }
  }
  // (the value pointer stays: pybind11 would deregister by it, and neither frees nor destroys it)
  if (Py_TYPE(self) != tensor_type || !inst->simple_layout || inst->simple_instance_registered || inst->has_patients)
    return pybind11_dealloc(self);
  if (inst->simple_holder_constructed) {
    py::error_scope keep;
    reinterpret_cast<std::unique_ptr<Tensor>&>(*inline_slot(inst)).~unique_ptr();
    inst->simple_holder_constructed = false;
  }
  inst->simple_value_holder[0] = nullptr;
  if (inst->weakrefs) PyObject_ClearWeakRefs(self);
  PyTypeObject* type = Py_TYPE(self);
  free_tensor_object(self);
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
#ifndef Py_GIL_DISABLED  // the free list relies on the GIL
  free_objects.usable = !(tensor_type->tp_flags & Py_TPFLAGS_HAVE_GC) &&
                        (tensor_type->tp_flags & Py_TPFLAGS_HEAPTYPE) && tensor_type->tp_itemsize == 0 &&
                        tensor_type->tp_basicsize == static_cast<Py_ssize_t>(sizeof(instance)) &&
                        tensor_type->tp_alloc == PyType_GenericAlloc && tensor_type->tp_free == PyObject_Free;
#endif
}

PyObject* wrap_tensor(Tensor t) {
  if (!tensor_type) return py::detail::type_caster_base<Tensor>::cast(std::move(t), py::return_value_policy::move, {}).ptr();
  PyObject* self = new_tensor_object();
  if (!self) throw py::error_already_set();
  // The layout pybind11's make_new_instance + init_instance give a Tensor (set_tensor_type checks
  // it is the simple one), without entering the instance in pybind11's registry: that only maps C++
  // addresses back to Python objects for functions returning references, and dealloc skips the
  // deregistration of an instance not registered. The Tensor is stored inline (see tensor_dealloc).
  auto* inst = reinterpret_cast<instance*>(self);
  inst->simple_layout = true;
  inst->owned = false;
  inst->simple_value_holder[0] = new (inline_slot(inst)) Tensor(std::move(t));
  inst->simple_holder_constructed = false;
  inst->simple_instance_registered = false;
  return self;
}

Tensor* unwrap_tensor(PyObject* o) { return tensor_of(o); }

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
  for (const BinarySlot& s : slots)
    if (!own(s.fwd.dunder) && !own(s.ref.dunder)) slot_at(nb, s.nb) = slot_at(base, s.nb);
}

void bind_fast_calls(py::module_& m) {
  for (BinarySlot& s : slots) {
    s.fwd = operand_of(s.forward);
    s.ref = operand_of(s.reflected);
    s.ref.tensor = nullptr;  // a reflected operator's other operand is never a tensor
  }
  for (const BinarySlot& s : slots) slot_at(tensor_type->tp_as_number, s.nb) = s.impl;
  PyType_Modified(tensor_type);
  m.def("_inherit_operators", &inherit_slots, py::arg("cls"),
        "Gives a Tensor subclass the fast operator slots of Tensor (called by Tensor.__init_subclass__).");
}

void bind_fast_methods(py::module_& m) {
  py::handle type(reinterpret_cast<PyObject*>(tensor_type));
  py::object backward = type.attr("__dict__")["backward"], grad = type.attr("__dict__")["grad"];
  if (!PyInstanceMethod_Check(backward.ptr()) || !PyObject_TypeCheck(grad.ptr(), &PyProperty_Type))
    throw std::logic_error("fast calls: expected pybind11's Tensor.backward method and Tensor.grad property");
  backward_pybind = PyInstanceMethod_GET_FUNCTION(backward.ptr());
  Py_INCREF(backward_pybind);  // kept for good, as the type keeps its attributes
  backward_def.ml_meth = reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&backward_fast));
  // Its own copy: _set_text_signature frees and replaces a method's docstring.
  backward_def.ml_doc = strdup(py::str(py::handle(backward_pybind).attr("__doc__")).cast<std::string>().c_str());
  py::object method = py::reinterpret_steal<py::object>(PyDescr_NewMethod(tensor_type, &backward_def));
  if (!method) throw py::error_already_set();
  type.attr("backward") = method;
  // A property subclass (made by calling type(), so that its instances have the __dict__ a
  // property subclass keeps its __doc__ in) with its __get__ slot set to grad_get. (Its class's
  // __get__ attribute stays property's: calling it takes the general path, with the same result.)
  auto borrow = [](PyTypeObject* t) { return py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(t)); };
  py::object fast = borrow(&PyType_Type)("property", py::make_tuple(borrow(&PyProperty_Type)),
                                         py::dict(py::arg("__module__") = "graphgrad._core"));
  reinterpret_cast<PyTypeObject*>(fast.ptr())->tp_descr_get = &grad_get;
  PyType_Modified(reinterpret_cast<PyTypeObject*>(fast.ptr()));
  py::object prop = fast(grad.attr("fget"), grad.attr("fset"));
  prop.attr("__doc__") = grad.attr("__doc__");  // (in its __dict__: Python 3.11 keeps a given doc where the class's hides it)
  type.attr("grad") = prop;
  m.def("_fast_tensor", [](py::function fallback, const std::string& text_signature, const std::string& module) {
    // The function's docstring under a text signature (inspect.signature reads it), kept for good.
    static std::string doc;
    doc = "tensor" + text_signature + "\n--\n\n" + py::str(fallback.attr("__doc__")).cast<std::string>();
    tensor_def.ml_doc = doc.c_str();
    py::str mod(module);
    PyObject* f = PyCFunction_NewEx(&tensor_def, fallback.ptr(), mod.ptr());
    if (!f) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(f);
  }, py::arg("fallback"), py::arg("text_signature"), py::arg("module"),
        "gg.tensor as a builtin taking a Python float itself and every other call to `fallback`.");
}

}  // namespace gg::bindings
