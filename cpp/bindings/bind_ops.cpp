// Ops as Tensor methods, Python operators and module functions. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "core/error.h"
#include "ops/ops.h"

namespace gg::bindings {

namespace {

std::vector<IndexItem> index_items(const py::object& key) {
  py::tuple items = py::isinstance<py::tuple>(key) ? key.cast<py::tuple>() : py::make_tuple(key);
  std::vector<IndexItem> out;
  for (auto h : items) {
    IndexItem it;
    if (h.is_none()) {
      it.kind = IndexItem::NewAxis;
    } else if (h.is(py::ellipsis())) {
      it.kind = IndexItem::Ellipsis;
    } else if (py::isinstance<py::slice>(h)) {
      it.kind = IndexItem::Slice;
      auto get = [&](const char* n) -> std::optional<int64_t> {
        py::object v = h.attr(n);
        if (v.is_none()) return std::nullopt;
        return py::int_(v).cast<int64_t>();
      };
      it.start = get("start");
      it.stop = get("stop");
      it.step = get("step").value_or(1);
    } else if (py::isinstance<py::bool_>(h)) {
      throw IndexError("index: a Python bool is not supported as an index; use a boolean mask tensor");
    } else if (py::isinstance<Tensor>(h)) {
      it.kind = IndexItem::Array;
      it.array = h.cast<Tensor>();
    } else if (py::isinstance<py::int_>(h) || (py::hasattr(h, "__index__") && !py::isinstance<py::array>(h))) {
      it.index = py::reinterpret_borrow<py::object>(h.attr("__index__")()).cast<int64_t>();
    } else if (py::isinstance<py::array>(h) || py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h) ||
               py::isinstance(h, py::module_::import("builtins").attr("range"))) {
      // Index arrays from Python data: bool stays a mask, any integer kind becomes int64.
      py::array a = py::module_::import("numpy").attr("asarray")(h);
      const char kind = a.dtype().kind();
      if (kind != 'b' && kind != 'i' && kind != 'u' && !(kind == 'f' && a.size() == 0))
        throw IndexError(msg("index: arrays used as indices must be of integer or bool type, got ",
                             py::str(a.dtype()).cast<std::string>()));
      a = a.attr("astype")(kind == 'b' ? "bool" : "int64", py::arg("order") = "C");
      it.kind = IndexItem::Array;
      it.array = from_numpy(a);
    } else {
      throw IndexError(msg("index: only integers, slices, None, ..., and integer or boolean tensors/arrays are "
                           "supported as indices, got ", py::str(py::type::of(h)).cast<std::string>()));
    }
    out.push_back(it);
  }
  return out;
}

}  // namespace

void bind_ops(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  // The arithmetic and comparison operators and where's number forms are registrations
  // (ops/operators.cpp and ops/binary_math.cpp).
  t.def("__matmul__", &matmul, py::arg("other"), py::is_operator(), py::call_guard<py::gil_scoped_release>())
      .def("__getitem__", [](const Tensor& x, const py::object& key) { return index(x, index_items(key)); },
           py::arg("key"))
      .def("__setitem__", [](Tensor& x, const py::object& key, const Tensor& v) { index_put_(x, index_items(key), v); },
           py::arg("key"), py::arg("value"))
      .def("__setitem__", [](Tensor& x, const py::object& key, double v) {
        index_put_(x, index_items(key), Tensor::scalar(v, x.dtype()));
      }, py::arg("key"), py::arg("value"));

  t.def("to", [](const Tensor& x, DType d) { return to_dtype(x, d); }, py::arg("dtype"),
        "A copy in dtype (self when it has it already); the gradient flows back cast to self's dtype.");
  // PyTorch's conversion methods (x itself when it has the dtype already).
  const std::tuple<const char*, DType, const char*> conversions[] = {
      {"float", DType::Float32, "self.to(gg.float32) (self when it is float32 already)."},
      {"double", DType::Float64, "self.to(gg.float64) (self when it is float64 already)."},
      {"half", DType::Float16, "self.to(gg.float16), rounded to nearest even (self when it is float16 already)."},
      {"bfloat16", DType::BFloat16, "self.to(gg.bfloat16), rounded to nearest even (self when it is bfloat16 already)."},
      {"long", DType::Int64, "self.to(gg.int64), truncating toward 0 (self when it is int64 already)."},
      {"int", DType::Int32, "self.to(gg.int32), truncating toward 0 (self when it is int32 already)."},
      {"short", DType::Int16, "self.to(gg.int16), truncating toward 0 (self when it is int16 already)."},
      {"char", DType::Int8, "self.to(gg.int8), truncating toward 0 (self when it is int8 already)."},
      {"byte", DType::UInt8, "self.to(gg.uint8), truncating toward 0 (self when it is uint8 already)."},
      {"bool", DType::Bool, "self != 0 as a bool tensor (self when it is bool already)."}};
  for (auto [name, d, doc] : conversions) t.def(name, [d = d](const Tensor& x) { return to_dtype(x, d); }, doc);

  t.def_property_readonly("T", &reverse_axes, "The view with every axis reversed (NumPy's and PyTorch's x.T).");
}

}  // namespace gg::bindings
