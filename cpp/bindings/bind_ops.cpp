// Ops as Tensor methods, Python operators and module functions. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "core/error.h"
#include "ops/ops.h"

namespace gg::bindings {

namespace {

// dim: None, an int or a tuple of ints.
Axes axes_arg(const py::object& dim) {
  if (dim.is_none()) return {};
  if (py::isinstance<py::int_>(dim)) return {dim.cast<int64_t>()};
  return dim.cast<Axes>();
}

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

template <Cmp C>
void bind_compare(py::class_<Tensor>& t, const char* name) {
  t.def(name, [](const Tensor& a, const py::int_& b) { return compare(a, int_scalar_like(a, b.cast<int64_t>()), C); },
        py::arg("other"), py::is_operator());
  t.def(name, [](const Tensor& a, double b) { return compare(a, b, C); }, py::arg("other"), py::is_operator());
  t.def(name, [](const Tensor& a, const Tensor& b) { return compare(a, b, C); }, py::arg("other"), py::is_operator());
}

}  // namespace

void bind_ops(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  using TT = Tensor (*)(const Tensor&, const Tensor&);
  using TD = Tensor (*)(const Tensor&, double);

  // Operators: one C++ call each. Number overloads come first: pybind11 tries overloads in
  // order, and rejecting a float for the Tensor overload costs more than the op itself. A Python
  // int has its own overload, first (pybind11 would take an int as a double), taken in x's dtype
  // exactly (int_scalar_like); true division takes it as a float. It is a py::int_, not an
  // int64_t: that caster would try a Tensor's __index__ (an exception each time: 20 us an op).
  using TI = Tensor (*)(const Tensor&, const py::int_&);
  const TI add_int = [](const Tensor& a, const py::int_& b) { return add(a, int_scalar_like(a, b.cast<int64_t>())); };
  const TI mul_int = [](const Tensor& a, const py::int_& b) { return mul(a, int_scalar_like(a, b.cast<int64_t>())); };
  t.def("__add__", add_int, py::arg("other"), py::is_operator())
      .def("__add__", static_cast<TD>(&add), py::arg("other"), py::is_operator())
      .def("__add__", static_cast<TT>(&add), py::arg("other"), py::is_operator())
      .def("__radd__", add_int, py::arg("other"), py::is_operator())
      .def("__radd__", static_cast<TD>(&add), py::arg("other"), py::is_operator())
      .def("__sub__", [](const Tensor& a, const py::int_& b) { return sub(a, int_scalar_like(a, b.cast<int64_t>())); },
           py::arg("other"), py::is_operator())
      .def("__sub__", static_cast<TD>(&sub), py::arg("other"), py::is_operator())
      .def("__sub__", static_cast<TT>(&sub), py::arg("other"), py::is_operator())
      .def("__rsub__", [](const Tensor& a, const py::int_& b) { return sub(int_scalar_like(a, b.cast<int64_t>()), a); },
           py::arg("other"), py::is_operator())
      .def("__rsub__", &rsub, py::arg("other"), py::is_operator())
      .def("__mul__", mul_int, py::arg("other"), py::is_operator())
      .def("__mul__", static_cast<TD>(&mul), py::arg("other"), py::is_operator())
      .def("__mul__", static_cast<TT>(&mul), py::arg("other"), py::is_operator())
      .def("__rmul__", mul_int, py::arg("other"), py::is_operator())
      .def("__rmul__", static_cast<TD>(&mul), py::arg("other"), py::is_operator())
      .def("__truediv__", static_cast<TD>(&div), py::arg("other"), py::is_operator())
      .def("__truediv__", static_cast<TT>(&div), py::arg("other"), py::is_operator())
      .def("__rtruediv__", &rdiv, py::arg("other"), py::is_operator())
      .def("__neg__", &neg)
      .def("__pow__", &pow, py::arg("other"), py::is_operator())
      .def("__rpow__", &rpow, py::arg("other"), py::is_operator())
      .def("__matmul__", &matmul, py::arg("other"), py::is_operator(), py::call_guard<py::gil_scoped_release>())
      .def("__abs__", &abs)
      .def("__getitem__", [](const Tensor& x, const py::object& key) { return index(x, index_items(key)); },
           py::arg("key"))
      .def("__setitem__", [](Tensor& x, const py::object& key, const Tensor& v) { index_put_(x, index_items(key), v); },
           py::arg("key"), py::arg("value"))
      .def("__setitem__", [](Tensor& x, const py::object& key, double v) {
        index_put_(x, index_items(key), Tensor::scalar(v, x.dtype()));
      }, py::arg("key"), py::arg("value"));
  bind_compare<Cmp::Eq>(t, "__eq__");
  bind_compare<Cmp::Ne>(t, "__ne__");
  bind_compare<Cmp::Lt>(t, "__lt__");
  bind_compare<Cmp::Le>(t, "__le__");
  bind_compare<Cmp::Gt>(t, "__gt__");
  bind_compare<Cmp::Ge>(t, "__ge__");

  // Scalar branches of where (the tensor form is registered with the op).
  m.def("where", [](const Tensor& c, const Tensor& a, double b) { return where(c, a, scalar_like(a, b)); },
        py::arg("condition"), py::arg("input"), py::arg("other"));
  m.def("where", [](const Tensor& c, double a, const Tensor& b) { return where(c, scalar_like(b, a), b); },
        py::arg("condition"), py::arg("input"), py::arg("other"));
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

  // Reductions whose Python forms the registry's signatures do not cover.
  // var/std: PyTorch's correction (1: unbiased), or its older unbiased=True/False.
  const auto spread = [](Tensor (*fn)(const Tensor&, const Axes&, double, bool)) {
    return [fn](const Tensor& x, const py::object& dim, bool keepdim, double correction, std::optional<bool> unbiased) {
      return fn(x, axes_arg(dim), unbiased ? double(*unbiased) : correction, keepdim);
    };
  };
  const std::pair<const char*, Tensor (*)(const Tensor&, const Axes&, double, bool)> spreads[] = {
      {"var", &var}, {"std", &std_dev}};
  for (auto [name, fn] : spreads) {
    const char* doc = "The variance (std: its square root) over dim, divided by (count - correction).";
    t.def(name, spread(fn), py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("correction") = 1.0, py::arg("unbiased") = py::none(), doc);
    m.def(name, spread(fn), py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("correction") = 1.0, py::arg("unbiased") = py::none(), doc);
  }
  t.def_property_readonly("T", &reverse_axes, "The view with every axis reversed (NumPy's and PyTorch's x.T).");
}

}  // namespace gg::bindings
