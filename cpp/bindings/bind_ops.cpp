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

  m.def("linear", [](const Tensor& x, const Tensor& w, const std::optional<Tensor>& b) {
    return linear(x, w, b ? *b : Tensor());
  }, py::arg("input"), py::arg("weight"), py::arg("bias") = py::none(), py::call_guard<py::gil_scoped_release>(),
        "input @ weight.T + bias in one op: the bias rows are the GEMM's C, the weight gradient is contiguous.");
  t.def("to", [](const Tensor& x, DType d) { return to_dtype(x, d); }, py::arg("dtype"));
  t.def("float", [](const Tensor& x) { return to_dtype(x, DType::Float32); });
  t.def("double", [](const Tensor& x) { return to_dtype(x, DType::Float64); });
  t.def("long", [](const Tensor& x) { return to_dtype(x, DType::Int64); });
  t.def("bool", [](const Tensor& x) { return compare(x, 0.0, Cmp::Ne); });

  // max/min, which return a tensor or a pair (a registered op returns one tensor): over everything,
  // or (values, indices) along one axis as in PyTorch.
  const auto extreme = [](Tensor (*all)(const Tensor&, const Axes&, bool),
                          std::pair<Tensor, Tensor> (*one)(const Tensor&, int64_t, bool)) {
    return [all, one](const Tensor& x, std::optional<int64_t> dim, bool keepdim) -> py::object {
      if (!dim) return py::cast(all(x, {}, false));
      auto [v, i] = one(x, *dim, keepdim);
      return py::make_tuple(v, i);
    };
  };
  for (auto [name, fn] : {std::pair{"max", extreme(&amax, &max_dim)}, std::pair{"min", extreme(&amin, &min_dim)}}) {
    const char* doc = "The maximum (min: minimum) of every element, or (values, indices) along dim.";
    t.def(name, fn, py::arg("dim") = py::none(), py::arg("keepdim") = false, doc);
    m.def(name, fn, py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false, doc);
  }
  // Shapes and views.
  const auto tr = [](const Tensor& x) {
    if (x.dim() > 2) throw ValueError(msg("t: expects a tensor with <= 2 dimensions, got shape ", shape_str(x.shape())));
    return transpose(x, 0, -1);
  };
  t.def("t", tr);
  t.def_property_readonly("T", [](const Tensor& x) {
    Axes p;
    for (int64_t i = x.dim(); i-- > 0;) p.push_back(i);
    return permute(x, p);
  });
}

}  // namespace gg::bindings
