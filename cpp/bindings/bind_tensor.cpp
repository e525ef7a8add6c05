// The Tensor type: properties, NumPy interop (zero-copy both ways) and creation.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>

#include "autograd/node.h"
#include "bindings/bindings.h"
#include "core/error.h"
#include "core/generator.h"
#include "ops/ops.h"
#include "ops/random.h"

namespace gg::bindings {

namespace {

// The struct-module format of each dtype; bfloat16 has none (NumPy cannot hold it, as in PyTorch).
const char* buffer_format(DType d) {
  switch (d) {
    case DType::Bool: return "?";
    case DType::UInt8: return "B";
    case DType::Int8: return "b";
    case DType::Int16: return "h";
    case DType::Int32: return "i";
    case DType::Int64: return "q";
    case DType::Float16: return "e";
    case DType::Float32: return "f";
    case DType::Float64: return "d";
    default: throw TypeError(msg("numpy: NumPy has no ", dtype_name(d), " dtype; convert with .float() first"));
  }
}

// By kind and size (native byte order: the callers convert other orders first).
std::optional<DType> dtype_of_numpy(const py::dtype& dt) {
  const py::ssize_t n = dt.itemsize();
  switch (dt.kind()) {
    case 'b': return DType::Bool;
    case 'u': if (n == 1) return DType::UInt8; break;
    case 'i': return n == 1 ? DType::Int8 : n == 2 ? DType::Int16 : n == 4 ? DType::Int32 : DType::Int64;
    case 'f': if (n == 2) return DType::Float16; if (n == 4) return DType::Float32; if (n == 8) return DType::Float64; break;
  }
  return std::nullopt;
}

Shape byte_strides_of(const Tensor& t) {
  Shape b = t.strides();
  for (auto& x : b) x *= static_cast<int64_t>(itemsize(t.dtype()));
  return b;
}

// The buffer protocol (t.numpy(), np.asarray(t), memoryview(t)). Each export holds the tensor's
// storage, not only the tensor: after `t.data = ...` or Module.double() the array still owns
// valid memory instead of a block the allocator has handed to another tensor.
struct Export {
  StorageRef storage;
  std::vector<Py_ssize_t> shape, strides;
};

int get_buffer(PyObject* obj, Py_buffer* view, int flags) {
  view->obj = nullptr;
  try {
    const Tensor& t = py::handle(obj).cast<const Tensor&>();
    const char* format = buffer_format(t.dtype());  // raises for bfloat16
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES && !t.is_contiguous())
      throw py::buffer_error("Tensor: a non-contiguous tensor exports its buffer only with strides");
    const Shape bs = byte_strides_of(t);
    auto* e = new Export{t.storage(), {t.shape().begin(), t.shape().end()}, {bs.begin(), bs.end()}};
    view->buf = t.raw_data();
    view->itemsize = static_cast<Py_ssize_t>(itemsize(t.dtype()));
    view->len = static_cast<Py_ssize_t>(t.numel()) * view->itemsize;
    view->readonly = 0;
    view->ndim = static_cast<int>(t.dim());
    view->format = (flags & PyBUF_FORMAT) ? const_cast<char*>(format) : nullptr;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? e->shape.data() : nullptr;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? e->strides.data() : nullptr;
    view->suboffsets = nullptr;
    view->internal = e;
    view->obj = obj;
    Py_INCREF(obj);
    return 0;
  } catch (py::error_already_set& err) {
    err.restore();
  } catch (const std::exception& err) {
    PyErr_SetString(PyExc_BufferError, err.what());
  }
  return -1;
}

void release_buffer(PyObject*, Py_buffer* view) { delete static_cast<Export*>(view->internal); }

// Whether every byte of a NumPy bool array is 0 or 1 (a uint8 array viewed as bool may hold any).
bool canonical_bools(const py::array& arr) {
  const auto* p = static_cast<const unsigned char*>(arr.data());
  unsigned char bad = 0;
  for (py::ssize_t i = 0; i < arr.nbytes(); ++i) bad |= p[i] & 0xFE;
  return bad == 0;
}

}  // namespace

// Shares the array's memory when it is C-contiguous, aligned, writeable and of a supported dtype;
// the caller (graphgrad.tensor / from_numpy) makes a contiguous copy of anything else first.
// Copied here: unaligned buffers (kernels load whole elements), read-only arrays (a tensor is
// always writeable; PyTorch shares them with a warning instead) and bool arrays holding bytes
// other than 0 and 1, which become 0/1.
Tensor from_numpy(py::array arr) {
  auto dt = dtype_of_numpy(arr.dtype());
  if (!dt) throw TypeError(msg("from_numpy: unsupported dtype ", py::str(arr.dtype()).cast<std::string>(),
                               "; expected bool, uint8, int8, int16, int32, int64, float16, float32 or float64"));
  if (!(arr.flags() & py::array::c_style)) throw ValueError("from_numpy: expected a C-contiguous array");
  Shape shape(arr.shape(), arr.shape() + arr.ndim());
  const bool aligned = reinterpret_cast<uintptr_t>(arr.data()) % itemsize(*dt) == 0;
  const bool bools_ok = *dt != DType::Bool || canonical_bools(arr);
  if (!aligned || !arr.writeable() || !bools_ok) {
    Tensor t = Tensor::empty(shape, *dt);
    std::memcpy(t.raw_data(), arr.data(), static_cast<size_t>(arr.nbytes()));
    if (!bools_ok) {
      auto* p = static_cast<unsigned char*>(t.raw_data());
      for (int64_t i = 0; i < t.numel(); ++i) p[i] = p[i] != 0;
    }
    return t;
  }
  // The deleter may run on a thread without the GIL (after a kernel released it).
  std::shared_ptr<void> owner(new py::object(arr), [](void* p) {
    py::gil_scoped_acquire gil;
    delete static_cast<py::object*>(p);
  });
  StorageRef st = Storage::foreign(arr.mutable_data(), static_cast<size_t>(arr.nbytes()), std::move(owner));
  return Tensor::view_of(std::move(st), 0, shape, contiguous_strides(shape), *dt);
}

py::tuple to_tuple(const Shape& s) {
  py::tuple t(s.size());
  for (size_t i = 0; i < s.size(); ++i) t[i] = s[i];
  return t;
}

Shape shape_from_args(const py::args& args) {
  if (args.size() == 1 && !py::isinstance<py::int_>(args[0])) return args[0].cast<Shape>();
  return args.cast<Shape>();
}

void bind_tensor(py::module_& m) {
  py::enum_<DType>(m, "dtype", "A tensor's element type: gg.float32 (the default), gg.float64, gg.float16, gg.bfloat16, gg.int64, "
                                 "gg.int32, gg.int16, gg.int8, gg.uint8 or gg.bool (PyTorch's aliases: gg.float, gg.double, gg.half, "
                                 "gg.long, gg.int, gg.short).")
      .value("bool", DType::Bool)
      .value("uint8", DType::UInt8)
      .value("int8", DType::Int8)
      .value("int16", DType::Int16)
      .value("int32", DType::Int32)
      .value("int64", DType::Int64)
      .value("float16", DType::Float16)
      .value("bfloat16", DType::BFloat16)
      .value("float32", DType::Float32)
      .value("float64", DType::Float64)
      .def_property_readonly("itemsize", [](DType d) { return itemsize(d); }, "The size of one element in bytes.")
      .def_property_readonly("is_floating_point", [](DType d) { return is_floating(d); },
                             "True for float16, bfloat16, float32 and float64.");
  m.def("promote_types", &promote, py::arg("type1"), py::arg("type2"),
        "The dtype of an op between tensors of these dtypes (PyTorch's promotion lattice).");

  py::class_<Node, std::shared_ptr<Node>>(m, "Node", "A node of the graph: the backward function of the op that made a tensor (its grad_fn).")
      .def("name", &Node::name, "The op's name, e.g. 'MulBackward' (shown in error messages and graph drawings).")
      .def_property_readonly("next_functions", [](const Node& n) {
        py::list out;
        for (auto& c : n.next) out.append(py::make_tuple(c ? py::cast(c) : py::none(), 0));
        return py::tuple(out);
      }, "((node, 0), ...): the nodes of this op's inputs, None for an input that needs no gradient.")
      .def_property_readonly("variable", [](const Node& n) -> py::object {
        if (auto* a = dynamic_cast<const AccumulateGrad*>(&n)) return py::cast(Tensor(a->leaf));
        return py::none();
      }, "The leaf tensor this node accumulates into (an AccumulateGrad node), else None.")
      .def("__repr__", [](const Node& n) { return "<" + n.name() + ">"; });

  py::class_<Tensor> tensor(m, "Tensor", py::buffer_protocol(),
                           "An n-dimensional array of one dtype (float32 by default; see gg.dtype) that records the ops\n"
                           "applied to it when it requires a gradient (see gg.tensor, gg.zeros, gg.from_numpy to make one).");
  // Tensor(t) makes a new leaf handle sharing t's storage. It exists so that Python can subclass
  // Tensor: graphgrad.nn.Parameter is such a subclass, and C++ ops accept it like any Tensor.
  tensor.def(py::init([](const Tensor& t) { return t.detach(); }), py::arg("data"),
             "A new leaf tensor sharing data's storage, detached from any graph.");
  set_tensor_type(tensor);
  auto* buffers = reinterpret_cast<PyTypeObject*>(tensor.ptr())->tp_as_buffer;
  buffers->bf_getbuffer = get_buffer;
  buffers->bf_releasebuffer = release_buffer;
  tensor
      .def_property_readonly("shape", [](const Tensor& t) { return to_tuple(t.shape()); }, "The size of each dimension, a tuple.")
      .def_property_readonly("ndim", &Tensor::dim, "The number of dimensions.")
      .def("dim", &Tensor::dim, "The number of dimensions (ndim).")
      .def("size", [](const Tensor& t, std::optional<int64_t> d) -> py::object {
        if (d) return py::int_(t.size(*d));
        return to_tuple(t.shape());
      }, py::arg("dim") = py::none(), "The shape, or the size of one dimension (PyTorch's size()).")
      .def("numel", &Tensor::numel, "The number of elements, the product of the shape.")
      .def_property_readonly("dtype", &Tensor::dtype, "The element type (gg.float32, gg.float64, gg.int64, gg.bool).")
      .def("stride", [](const Tensor& t) { return to_tuple(t.strides()); },
           "The step in elements between neighbours along each dimension, a tuple.")
      .def("is_contiguous", &Tensor::is_contiguous, "True when the elements are laid out row-major without gaps.")
      .def_property("requires_grad", &Tensor::requires_grad, &Tensor::set_requires_grad,
                    "Whether ops on this tensor record the graph, so that backward() reaches it.")
      .def("requires_grad_", [](Tensor& t, bool r) { t.set_requires_grad(r); return t; }, py::arg("requires_grad") = true,
           "Sets requires_grad in place and returns this tensor.")
      .def_property("grad", [](const Tensor& t) -> py::object {
        return t.grad().defined() ? py::cast(t.grad()) : py::none();
      }, [](Tensor& t, std::optional<Tensor> g) { t.set_grad(g ? *g : Tensor()); },
      "The gradient backward() accumulated into this leaf (None before the first backward).")
      .def_property_readonly("grad_fn", [](const Tensor& t) -> py::object {
        return t.grad_fn() ? py::cast(t.grad_fn()) : py::none();
      }, "The Node of the op that made this tensor, None for a leaf.")
      .def_property_readonly("is_leaf", &Tensor::is_leaf,
                             "True for a tensor no recorded op made (its gradient is kept in .grad).")
      .def_property("name", [](const Tensor& t) { return t.impl()->extras ? t.impl()->extras->name : std::string(); },
                    [](Tensor& t, std::string n) { t.impl()->extras_or_new().name = std::move(n); },
                    "A label for graph drawings (gg.viz.to_dot); empty by default.")
      .def_property_readonly("_version", &Tensor::version)
      .def_property_readonly("_data_ptr", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.raw_data()); })
      .def("detach", &Tensor::detach, "A tensor sharing this one's storage, detached from the graph.")
      .def_property("data", &Tensor::detach, [](const Tensor& self, const Tensor& src) {
        if (self.grad().defined() && src.dtype() != self.dtype())
          throw TypeError(msg("data: cannot give a tensor with a ", dtype_name(self.dtype()), " gradient ",
                              dtype_name(src.dtype()), " data; convert or clear .grad first"));
        self.set_data(src);
      }, "The tensor's values, detached from the graph; assigning replaces them (memory, shape, dtype) in place.")
      .def("item", [](const Tensor& t) -> py::object {
        const double v = t.item();  // checks for one element
        if (t.dtype() == DType::Int64) return py::int_(*t.data<int64_t>());  // exact beyond 2^53
        if (t.dtype() == DType::Bool) return py::bool_(v != 0);
        if (is_integer(t.dtype())) return py::int_(static_cast<int64_t>(v));
        return py::float_(v);
      }, "The value of a one-element tensor as a Python float, int or bool.")
      .def("numpy", [](py::object self) {
        buffer_format(self.cast<const Tensor&>().dtype());  // a TypeError for bfloat16
        return py::array(py::buffer(self));
      },
           "A NumPy array sharing this tensor's memory.")
      .def("__hash__", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.impl()); })
      .def("__len__", [](const Tensor& t) {
        if (t.dim() == 0) throw TypeError("len() of a 0-d tensor");
        return t.shape()[0];
      });

  m.def("_from_numpy", &from_numpy, py::arg("array"));
  m.def("_empty", [](const py::args& a, DType dt) { return Tensor::empty(shape_from_args(a), dt); }, py::arg("dtype") = DType::Float32);
  m.def("_full", [](Shape s, double v, DType dt) { return Tensor::full(s, v, dt); }, py::arg("size"), py::arg("fill_value"),
        py::arg("dtype"));
  // gg.tensor(3.0, requires_grad=True) in one call: the lecture's scalars pay no NumPy round trip.
  m.def("_scalar", [](double v, DType dt, bool requires_grad) {
    Tensor t = Tensor::scalar(v, dt);
    if (requires_grad) t.set_requires_grad(true);
    return t;
  }, py::arg("value"), py::arg("dtype"), py::arg("requires_grad"));
  m.def("_rand", [](Shape s, DType dt) { return rand(s, dt); }, py::arg("size"), py::arg("dtype"));
  m.def("_randn", [](Shape s, DType dt) { return randn(s, dt); }, py::arg("size"), py::arg("dtype"));
  m.def("_uniform_", [](const Tensor& t, double lo, double hi) { uniform_fill(t, lo, hi); return t; }, py::arg("tensor"),
        py::arg("low"), py::arg("high"));
  m.def("_normal_", [](const Tensor& t, double mean, double std) { normal_fill(t, mean, std); return t; },
        py::arg("tensor"), py::arg("mean"), py::arg("std"));
  m.def("manual_seed", [](uint64_t s) { Generator::global().manual_seed(s); }, py::arg("seed"),
        "Seeds the global counter-based generator and resets its offset.");
  m.def("_rng_state", []() { auto& g = Generator::global(); return py::make_tuple(g.seed.load(), g.offset.load()); });
  m.def("_set_rng_state", [](uint64_t s, uint64_t o) { auto& g = Generator::global(); g.seed = s; g.offset = o; },
        py::arg("seed"), py::arg("offset"));
}

}  // namespace gg::bindings
