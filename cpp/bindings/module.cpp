// The _core extension: error translation and the bind_* calls of each area.
#include <cstdlib>
#include <cstring>
#include <string>

#include "bindings/bindings.h"
#include "core/allocator.h"
#include "core/error.h"
#include "core/parallel.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "graphgrad's C++ core: tensors, autograd, ops and kernels";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const gg::ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const gg::TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const gg::IndexError& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const gg::GraphError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const gg::NotImplemented& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  m.def("set_num_threads", &gg::set_num_threads, py::arg("num_threads"), "Sets the number of threads graphgrad's kernels use.");
  m.def("get_num_threads", &gg::get_num_threads, "The number of threads graphgrad's kernels use.");
  m.def("_cached_bytes", &gg::memory::cached_bytes);
  m.def("_empty_cache", &gg::memory::empty_cache);
  // pybind11 writes a function's signature as the docstring's first line, which inspect.signature
  // cannot read; graphgrad/_signatures.py passes the Python signature it parsed from that line and
  // this prefixes it in the form CPython reads (`name(params)\n--\n\n`): __doc__ stays as it was.
  m.def("_set_text_signature", [](py::handle f, const std::string& params) {
    PyObject* o = f.ptr();
    if (PyInstanceMethod_Check(o)) o = PyInstanceMethod_GET_FUNCTION(o);
    // A method descriptor (bindings/fast_calls.cpp's Tensor.backward) names its self `$self`, which
    // inspect drops from the signature of a bound method.
    const bool descriptor = Py_IS_TYPE(o, &PyMethodDescr_Type);
    if (!PyCFunction_Check(o) && !descriptor) throw py::type_error("_set_text_signature: expected a bound C++ function");
    PyMethodDef* def = descriptor ? reinterpret_cast<PyMethodDescrObject*>(o)->d_method : reinterpret_cast<PyCFunctionObject*>(o)->m_ml;
    const std::string p = descriptor && params.rfind("(self", 0) == 0 ? "($" + params.substr(1) : params;
    std::string doc = std::string(def->ml_name) + p + "\n--\n\n" + (def->ml_doc ? def->ml_doc : "");
    std::free(const_cast<char*>(def->ml_doc));  // pybind11 allocates it with strdup and frees it with free
    def->ml_doc = strdup(doc.c_str());
  }, py::arg("function"), py::arg("params"));
  gg::bindings::bind_tensor(m);
  gg::bindings::bind_registry(m);
  gg::bindings::bind_ops(m);
  gg::bindings::bind_autograd(m);
  gg::bindings::bind_optim(m);
  gg::bindings::bind_inplace(m);
  gg::bindings::bind_forward(m);
  gg::bindings::bind_isa(m);
  gg::bindings::bind_custom(m);
  gg::bindings::bind_fast_methods(m);
}
