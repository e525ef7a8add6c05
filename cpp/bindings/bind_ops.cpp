// Ops as Tensor methods, Python operators and module functions. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "core/error.h"
#include "ops/ops.h"

namespace gg::bindings {

namespace {

// axis / dim: None, an int or a tuple of ints. `dim` is PyTorch's name for the same thing.
Axes axes_arg(const py::object& axis, const py::object& dim) {
  const py::object& a = axis.is_none() ? dim : axis;
  if (a.is_none()) return {};
  if (py::isinstance<py::int_>(a)) return {a.cast<int64_t>()};
  return a.cast<Axes>();
}

std::optional<int64_t> one_axis(const py::object& axis, const py::object& dim) {
  const py::object& a = axis.is_none() ? dim : axis;
  if (a.is_none()) return std::nullopt;
  return a.cast<int64_t>();
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
  t.def(name, [](const Tensor& a, double b) { return compare(a, b, C); }, py::is_operator());
  t.def(name, [](const Tensor& a, const Tensor& b) { return compare(a, b, C); }, py::is_operator());
}

}  // namespace

void bind_ops(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  using TT = Tensor (*)(const Tensor&, const Tensor&);
  using TD = Tensor (*)(const Tensor&, double);

  // Operators: one C++ call each. Number overloads come first: pybind11 tries overloads in
  // order, and rejecting a float for the Tensor overload costs more than the op itself.
  t.def("__add__", static_cast<TD>(&add), py::is_operator())
      .def("__add__", static_cast<TT>(&add), py::is_operator())
      .def("__radd__", static_cast<TD>(&add), py::is_operator())
      .def("__sub__", static_cast<TD>(&sub), py::is_operator())
      .def("__sub__", static_cast<TT>(&sub), py::is_operator())
      .def("__rsub__", &rsub, py::is_operator())
      .def("__mul__", static_cast<TD>(&mul), py::is_operator())
      .def("__mul__", static_cast<TT>(&mul), py::is_operator())
      .def("__rmul__", static_cast<TD>(&mul), py::is_operator())
      .def("__truediv__", static_cast<TD>(&div), py::is_operator())
      .def("__truediv__", static_cast<TT>(&div), py::is_operator())
      .def("__rtruediv__", &rdiv, py::is_operator())
      .def("__neg__", &neg)
      .def("__pow__", &pow, py::is_operator())
      .def("__rpow__", &rpow, py::is_operator())
      .def("__matmul__", &matmul, py::is_operator(), py::call_guard<py::gil_scoped_release>())
      .def("__abs__", &abs)
      .def("__getitem__", [](const Tensor& x, const py::object& key) { return index(x, index_items(key)); })
      .def("__setitem__", [](Tensor& x, const py::object& key, const Tensor& v) { index_put_(x, index_items(key), v); })
      .def("__setitem__", [](Tensor& x, const py::object& key, double v) {
        index_put_(x, index_items(key), Tensor::scalar(v, x.dtype()));
      });
  bind_compare<Cmp::Eq>(t, "__eq__");
  bind_compare<Cmp::Ne>(t, "__ne__");
  bind_compare<Cmp::Lt>(t, "__lt__");
  bind_compare<Cmp::Le>(t, "__le__");
  bind_compare<Cmp::Gt>(t, "__gt__");
  bind_compare<Cmp::Ge>(t, "__ge__");

  // Unary ops, as methods and as module functions.
  const std::pair<const char*, Tensor (*)(const Tensor&)> unary[] = {
      {"exp", &exp}, {"log", &log}, {"sqrt", &sqrt}, {"abs", &abs}, {"tanh", &tanh}, {"sigmoid", &sigmoid},
      {"relu", &relu}, {"neg", &neg}, {"sign", &sign}, {"contiguous", &contiguous}, {"clone", &clone},
      {"logical_not", &logical_not}, {"sin", &sin}, {"cos", &cos}, {"log1p", &log1p}, {"expm1", &expm1},
      {"erf", &erf}, {"reciprocal", &reciprocal}, {"rsqrt", &rsqrt}, {"square", &square}, {"floor", &floor},
      {"ceil", &ceil}, {"trunc", &trunc}, {"round", &round}};
  for (auto [name, fn] : unary) {
    t.def(name, fn);
    m.def(name, fn, py::arg("input"));
  }
  m.def("pow", &pow, py::arg("input"), py::arg("exponent"));
  t.def("pow", &pow, py::arg("exponent"));
  m.def("matmul", &matmul, py::arg("input"), py::arg("other"), py::call_guard<py::gil_scoped_release>(),
        "Matrix product with NumPy semantics (1-D promoted, batch axes broadcast).");
  t.def("matmul", &matmul, py::call_guard<py::gil_scoped_release>());
  m.def("mm", &matmul, py::call_guard<py::gil_scoped_release>());
  m.def("linear", [](const Tensor& x, const Tensor& w, const std::optional<Tensor>& b) {
    return linear(x, w, b ? *b : Tensor());
  }, py::arg("input"), py::arg("weight"), py::arg("bias") = py::none(), py::call_guard<py::gil_scoped_release>(),
        "input @ weight.T + bias in one op: the bias rows are the GEMM's C, the weight gradient is contiguous.");
  t.def("mm", &matmul, py::call_guard<py::gil_scoped_release>());
  m.def("where", &where, py::arg("condition"), py::arg("input"), py::arg("other"));
  m.def("where", [](const Tensor& c, const Tensor& a, double b) { return where(c, a, scalar_like(a, b)); });
  m.def("where", [](const Tensor& c, double a, const Tensor& b) { return where(c, scalar_like(b, a), b); });
  m.def("maximum", &maximum);
  m.def("minimum", &minimum);
  m.def("leaky_relu", &leaky_relu, py::arg("input"), py::arg("negative_slope") = 0.01);
  const auto clampf = [](const Tensor& x, std::optional<double> lo, std::optional<double> hi) { return clamp(x, lo, hi); };
  for (const char* name : {"clamp", "clip"}) {
    t.def(name, clampf, py::arg("min") = py::none(), py::arg("max") = py::none());
    m.def(name, clampf, py::arg("input"), py::arg("min") = py::none(), py::arg("max") = py::none());
  }
  t.def("to", [](const Tensor& x, DType d) { return to_dtype(x, d); }, py::arg("dtype"));
  t.def("float", [](const Tensor& x) { return to_dtype(x, DType::Float32); });
  t.def("double", [](const Tensor& x) { return to_dtype(x, DType::Float64); });
  t.def("long", [](const Tensor& x) { return to_dtype(x, DType::Int64); });
  t.def("bool", [](const Tensor& x) { return compare(x, 0.0, Cmp::Ne); });

  // Reductions.
  const auto red = [](Tensor (*fn)(const Tensor&, const Axes&, bool)) {
    return [fn](const Tensor& x, const py::object& axis, bool keepdim, const py::object& dim) {
      return fn(x, axes_arg(axis, dim), keepdim);
    };
  };
  for (auto [name, fn] : {std::pair{"sum", &sum}, std::pair{"mean", &mean}, std::pair{"amax", &amax},
                          std::pair{"amin", &amin}}) {
    t.def(name, red(fn), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dim") = py::none());
    m.def(name, red(fn), py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dim") = py::none());
  }
  t.def("logsumexp", red(&logsumexp), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
        py::arg("dim") = py::none());
  m.def("logsumexp", red(&logsumexp), py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("dim") = py::none());
  // var/std: PyTorch's correction (1: unbiased), or its older unbiased=True/False.
  const auto spread = [](Tensor (*fn)(const Tensor&, const Axes&, double, bool)) {
    return [fn](const Tensor& x, const py::object& axis, bool keepdim, const py::object& dim, double correction,
                std::optional<bool> unbiased) {
      return fn(x, axes_arg(axis, dim), unbiased ? double(*unbiased) : correction, keepdim);
    };
  };
  for (auto [name, fn] : {std::pair{"var", &var}, std::pair{"std", &std_dev}}) {
    t.def(name, spread(fn), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("unbiased") = py::none());
    m.def(name, spread(fn), py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("unbiased") = py::none());
  }
  const auto normf = [](const Tensor& x, double p, const py::object& dim, bool keepdim) {
    return norm(x, p, axes_arg(dim, py::none()), keepdim);
  };
  t.def("norm", normf, py::arg("p") = 2.0, py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def("norm", normf, py::arg("input"), py::arg("p") = 2.0, py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def("softplus", &softplus, py::arg("input"), py::arg("beta") = 1.0, py::arg("threshold") = 20.0);
  // max/min: over everything, or (values, indices) along one axis as in PyTorch.
  const auto extreme = [](Tensor (*all)(const Tensor&, const Axes&, bool),
                          std::pair<Tensor, Tensor> (*one)(const Tensor&, int64_t, bool)) {
    return [all, one](const Tensor& x, const py::object& axis, bool keepdim, const py::object& dim) -> py::object {
      auto a = one_axis(axis, dim);
      if (!a) return py::cast(all(x, {}, false));
      auto [v, i] = one(x, *a, keepdim);
      return py::make_tuple(v, i);
    };
  };
  for (auto [name, fn] : {std::pair{"max", extreme(&amax, &max_dim)}, std::pair{"min", extreme(&amin, &min_dim)}}) {
    t.def(name, fn, py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dim") = py::none());
    m.def(name, fn, py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dim") = py::none());
  }
  const auto arg = [](Tensor (*fn)(const Tensor&, std::optional<int64_t>, bool)) {
    return [fn](const Tensor& x, const py::object& axis, bool keepdim, const py::object& dim) {
      return fn(x, one_axis(axis, dim), keepdim);
    };
  };
  for (auto [name, fn] : {std::pair{"argmax", &argmax}, std::pair{"argmin", &argmin}}) {
    t.def(name, arg(fn), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dim") = py::none());
    m.def(name, arg(fn), py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dim") = py::none());
  }

  // Shapes and views.
  t.def("reshape", [](const Tensor& x, const py::args& s) { return reshape(x, shape_from_args(s)); });
  t.def("view", [](const Tensor& x, const py::args& s) { return view(x, shape_from_args(s)); });
  t.def("expand", [](const Tensor& x, const py::args& s) { return expand(x, shape_from_args(s)); });
  t.def("permute", [](const Tensor& x, const py::args& s) { return permute(x, shape_from_args(s)); });
  m.def("reshape", &reshape, py::arg("input"), py::arg("shape"));
  m.def("permute", &permute, py::arg("input"), py::arg("dims"));
  t.def("transpose", &transpose, py::arg("dim0"), py::arg("dim1"));
  m.def("transpose", &transpose, py::arg("input"), py::arg("dim0"), py::arg("dim1"));
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
  t.def("unsqueeze", &unsqueeze, py::arg("dim"));
  m.def("unsqueeze", &unsqueeze, py::arg("input"), py::arg("dim"));
  t.def("squeeze", &squeeze, py::arg("dim") = py::none());
  m.def("squeeze", &squeeze, py::arg("input"), py::arg("dim") = py::none());
  t.def("flatten", &flatten, py::arg("start_dim") = 0, py::arg("end_dim") = -1);
  m.def("flatten", &flatten, py::arg("input"), py::arg("start_dim") = 0, py::arg("end_dim") = -1);
  for (const char* name : {"cat", "concatenate", "concat"}) {
    m.def(name, [](const std::vector<Tensor>& xs, const py::object& axis, const py::object& dim) {
      auto a = one_axis(axis, dim);
      return cat(xs, a.value_or(0));
    }, py::arg("tensors"), py::arg("axis") = py::none(), py::kw_only(), py::arg("dim") = py::none());
  }
  m.def("stack", [](const std::vector<Tensor>& xs, const py::object& axis, const py::object& dim) {
    return stack(xs, one_axis(axis, dim).value_or(0));
  }, py::arg("tensors"), py::arg("axis") = py::none(), py::kw_only(), py::arg("dim") = py::none());
  m.def("sum_to", &sum_to, py::arg("input"), py::arg("shape"));
}

}  // namespace gg::bindings
