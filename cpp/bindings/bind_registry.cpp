// Binds every registered op (ops/registry.h) as a `graphgrad._core` function and a Tensor
// method, with the registry's parameter names, defaults and docstring, and exposes the registry
// itself as `_core._ops()` (exports, stubs, docs and the op test table are derived from it).
#include <pybind11/stl.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "bindings/bindings.h"
#include "bindings/py_int.h"
#include "core/error.h"
#include "ops/ops.h"
#include "ops/registry.h"

namespace gg::bindings {
// An int, a sequence of ints or None (empty) for a C++ std::vector<int64_t> parameter: dims as
// PyTorch takes them (`dim=1`, `dim=(0, 2)`), shapes and permutations.
struct IntList {
  std::vector<int64_t> v;
};
// Parameters [first, first + count) of a registered op as one pybind11 attribute (names, defaults,
// `*` position), and where a binding goes (a module's function or a class's method). A function
// and a method of the same C++ signature then have the same attribute types, so they share one
// pybind11 dispatcher: a pack of per-parameter attributes, or pybind11's own scope/is_method pair,
// would compile one for each (a third of the bindings' build time).
struct ParamList {
  const registry::OpDef* d;
  size_t first, count;
  bool alias;  // parameters named by their alias
};
struct Scope {
  py::handle scope;
  bool method;
};
}  // namespace gg::bindings

namespace pybind11::detail {

template <>
struct type_caster<gg::bindings::IntList> {
  PYBIND11_TYPE_CASTER(gg::bindings::IntList, const_name("int | collections.abc.Sequence[int] | None"));
  bool load(handle src, bool) {
    value.v.clear();
    if (src.is_none()) return true;
    if (PyIndex_Check(src.ptr()) && !PyBool_Check(src.ptr())) {
      value.v.push_back(src.cast<int64_t>());
      return true;
    }
    if (!PySequence_Check(src.ptr()) || PyUnicode_Check(src.ptr()) || PyBytes_Check(src.ptr())) return false;
    for (auto item : reinterpret_borrow<sequence>(src)) {
      if (!PyIndex_Check(item.ptr()) || PyBool_Check(item.ptr())) return false;
      value.v.push_back(item.cast<int64_t>());
    }
    return true;
  }
  static handle cast(const gg::bindings::IntList& l, return_value_policy, handle) {
    return pybind11::cast(l.v).release();
  }
};

template <>
struct process_attribute<gg::bindings::ParamList> : process_attribute_default<gg::bindings::ParamList> {
  static void init(const gg::bindings::ParamList& a, function_record* r) {
    namespace reg = gg::registry;
    for (size_t i = a.first; i < a.first + a.count; ++i) {
      const reg::Param& p = a.d->params[i];
      if (p.kw_only && r->nargs_pos > r->args.size() + (r->is_method && r->args.empty())) {
        process_attribute<kw_only>::init(kw_only(), r);
      }
      object def = std::visit([](const auto& d) -> object {
        using D = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<D, reg::Required>) return object();
        else if constexpr (std::is_same_v<D, reg::NoneDefault>) return none();
        else return pybind11::cast(d);
      }, p.def);
      const char* name = a.alias && p.alias ? p.alias : p.name;
      if (!def) process_attribute<arg>::init(arg(name), r);
      else process_attribute<arg_v>::init(arg_v(name, def), r);
    }
  }
};

template <>
struct process_attribute<gg::bindings::Scope> : process_attribute_default<gg::bindings::Scope> {
  static void init(const gg::bindings::Scope& s, function_record* r) {  // pybind11's is_method or scope
    r->is_method = s.method;
    r->scope = s.scope;
  }
};

}  // namespace pybind11::detail

namespace gg::bindings {

using namespace pybind11::literals;

namespace {

// The Python-facing type of a C++ parameter and how to hand it on.
template <class T>
struct Conv {
  using type = T;
  static T&& get(std::remove_reference_t<T>& x) { return static_cast<T&&>(x); }
};
template <>
struct Conv<const std::vector<int64_t>&> {
  using type = IntList;
  static const std::vector<int64_t>& get(IntList& x) { return x.v; }
};
template <>
struct Conv<std::vector<int64_t>> {
  using type = IntList;
  static std::vector<int64_t> get(IntList& x) { return std::move(x.v); }
};
template <>
struct Conv<registry::PyInt> {
  using type = PyIntArg;
  static registry::PyInt get(PyIntArg& x) { return {x.v}; }
};

template <class T>
constexpr bool is_tensor = std::is_same_v<std::decay_t<T>, Tensor>;

// Binds f as `name` in scope (a module, or a class when `method`), after the overloads already
// there, with the registry's parameters `params`: what module_::def and class_::def do, with
// attribute types that do not depend on which of the two it is.
template <class F>
void def_both(py::handle scope, bool method, const char* name, F f, ParamList params, const char* doc) {
  py::cpp_function cf(std::move(f), py::name(name), Scope{scope, method},
                      py::sibling(py::getattr(scope, name, py::none())), params, doc);
  py::setattr(scope, name, cf);
}

// The named tuple (values, indices) of an op returning a registry::Pair: PyTorch's
// torch.return_types.<op>, made once per op name and kept for the life of the process.
py::handle result_type(const char* op) {
  static std::map<std::string, py::handle> types;
  auto it = types.find(op);
  if (it != types.end()) return it->second;
  py::object cls = py::module_::import("collections").attr("namedtuple")(op, py::make_tuple("values", "indices"));
  cls.attr("__module__") = "graphgrad.return_types";
  return types[op] = cls.release();
}

// The Python-callable form of fn: the same type for its function and its method bindings.
template <class R, class... A>
auto caller(R (*fn)(A...), const registry::OpDef& d) {
  // The GIL is released at run time rather than by a py::call_guard, which would compile a
  // second pybind11 dispatcher for every signature.
  const bool release = d.release_gil;
  if constexpr (std::is_same_v<R, registry::Pair>) {
    const py::handle cls = result_type(d.name);
    return [fn, cls, release](typename Conv<A>::type... a) -> py::object {
      registry::Pair r;
      {
        std::optional<py::gil_scoped_release> nogil;
        if (release) nogil.emplace();
        r = fn(Conv<A>::get(a)...);
      }
      return cls(r.first, r.second);
    };
  } else {
    return [fn, release](typename Conv<A>::type... a) -> R {
      std::optional<py::gil_scoped_release> nogil;
      if (release) nogil.emplace();
      return fn(Conv<A>::get(a)...);
    };
  }
}

// Binds `fn` under `name` in `m` (t == nullptr) or as a method of `t` (its first parameter is
// self, named by pybind11), with the registry's names for the other parameters.
template <class R, class... A>
void bind_fn(py::module_& m, py::class_<Tensor>* t, const char* name, const registry::OpDef& d, R (*fn)(A...),
             bool alias = false) {
  const size_t first = t ? 1 : 0;
  def_both(t ? py::handle(*t) : py::handle(m), t != nullptr, name, caller(fn, d),
           ParamList{&d, first, sizeof...(A) - first, alias}, d.doc);
}

template <class... A>
struct takes_shape : std::false_type {};  // (tensor, shape)
template <class A0, class A1>
struct takes_shape<A0, A1> : std::is_same<std::decay_t<A1>, std::vector<int64_t>> {};

// `x.reshape(2, 3)` as well as `x.reshape((2, 3))`: the last (shape) parameter as *sizes.
template <class R, class... A>
void bind_varargs_method(py::class_<Tensor>& t, const char* name, const registry::OpDef& d, R (*fn)(A...)) {
  if constexpr (takes_shape<A...>::value) {
    t.def(name, [fn](const Tensor& x, const py::args& sizes) { return fn(x, shape_from_args(sizes)); }, d.doc);
  } else {
    throw std::logic_error(std::string("registry: ") + name + ": shape_varargs needs (tensor, shape)");
  }
}

template <class R, class... A>
constexpr size_t tensor_inputs(R (*)(A...)) {
  return (size_t(0) + ... + (is_tensor<A> ? 1 : 0));
}

// A registered name's overloads (bound before its main function) and main function, in order.
std::vector<const registry::Fn*> functions_of(const registry::OpDef& d) {
  std::vector<const registry::Fn*> fns;
  for (const registry::Overload& o : registry::overloads())
    if (std::string(o.op) == d.name) fns.push_back(&o.fn);
  fns.push_back(&d.fn);
  return fns;
}

// Strings that live as long as the module (pybind11 keeps the pointers).
const char* keep(std::string s) {
  static std::deque<std::string> kept;
  return kept.emplace_back(std::move(s)).c_str();
}

// `name_`: fn applied to self (read before it is overwritten) and written into self's memory; self
// itself is returned (assign_inplace refuses a result of a higher dtype category than self).
template <class R, class... A, size_t... I>
void bind_inplace_method(py::class_<Tensor>& t, const char* name, const registry::OpDef& d, R (*fn)(A...),
                         std::index_sequence<I...>) {
  using Args = std::tuple<A...>;
  auto f = [fn, name](py::object self, typename Conv<std::tuple_element_t<I + 1, Args>>::type... a) {
    Tensor& s = self.cast<Tensor&>();
    assign_inplace(name, s, fn(inplace_source(s), Conv<std::tuple_element_t<I + 1, Args>>::get(a)...));
    return self;
  };
  def_both(t, true, name, f, ParamList{&d, 1, sizeof...(I), false}, keep(std::string("In place: ") + d.doc));
}

template <class R, class... A>
constexpr bool returns_pair(R (*)(A...)) {
  return std::is_same_v<R, registry::Pair>;
}

template <class R, class... A>
void bind_all(py::module_& m, py::class_<Tensor>& t, const registry::OpDef& d, R (*fn)(A...)) {
  constexpr size_t n = sizeof...(A);
  if (d.params.size() < n)
    throw std::logic_error(msg("registry: ", d.name, " lists ", d.params.size(), " parameters for a function of ", n));
  std::vector<const char*> names{d.name};
  names.insert(names.end(), d.aliases.begin(), d.aliases.end());
  const bool aliased = std::any_of(d.params.begin(), d.params.end(), [](const auto& p) { return p.alias; });
  for (const char* name : names) {
    for (bool alias : {false, true}) {
      if (alias && !aliased) continue;
      if (d.where & registry::kFunction) bind_fn(m, nullptr, name, d, fn, alias);
      if constexpr (n >= 1 && is_tensor<std::tuple_element_t<0, std::tuple<A...>>>) {
        if (d.where & registry::kMethod) bind_fn(m, &t, name, d, fn, alias);
      }
    }
    if (d.where & registry::kMethod) {
      if constexpr (n >= 1 && is_tensor<std::tuple_element_t<0, std::tuple<A...>>>) {
        if (d.shape_varargs) bind_varargs_method(t, name, d, fn);  // x.reshape(2, 3) besides x.reshape((2, 3))
        if constexpr (std::is_same_v<R, Tensor>) {  // in-place forms of ops returning one tensor
          if (d.test.flags & registry::kInplace)
            bind_inplace_method(t, keep(std::string(name) + "_"), d, fn, std::make_index_sequence<n - 1>());
        }
      } else {
        throw std::logic_error(msg("registry: ", d.name, " is a method but its first parameter is not a tensor"));
      }
    }
  }
}

// An operator method: fn(self) or fn(self, other), NotImplemented for an operand it does not take.
template <class R, class... A>
void bind_operator(py::class_<Tensor>& t, const char* name, R (*fn)(A...)) {
  if constexpr (sizeof...(A) == 1) {
    t.def(name, fn);
  } else if constexpr (sizeof...(A) == 2 && is_tensor<std::tuple_element_t<0, std::tuple<A...>>>) {
    using B = std::tuple_element_t<1, std::tuple<A...>>;
    t.def(name, [fn](const Tensor& self, typename Conv<B>::type b) -> R { return fn(self, Conv<B>::get(b)); },
          py::arg("other"), py::is_operator());
  }
  else {
    throw std::logic_error(msg("registry: operator ", name, " takes self (a tensor) and at most one operand"));
  }
}

py::object default_repr(const registry::Default& def) {
  return std::visit([](const auto& d) -> py::object {
    using D = std::decay_t<decltype(d)>;
    if constexpr (std::is_same_v<D, registry::Required>) return py::ellipsis();  // no default
    else if constexpr (std::is_same_v<D, registry::NoneDefault>) return py::none();
    else return py::cast(d);
  }, def);
}

py::dict describe(const registry::OpDef& d) {
  py::list params;
  for (const auto& p : d.params) params.append(py::make_tuple(p.name, default_repr(p.def), p.kw_only));
  py::list aliases;
  for (const char* a : d.aliases) aliases.append(a);
  const auto& s = d.test;
  py::dict test("reference"_a = s.reference, "domain"_a = s.domain, "differentiable"_a = bool(s.flags & registry::kDiff),
                "gradgrad"_a = !(s.flags & registry::kNoGradGrad), "integers"_a = bool(s.flags & registry::kIntegers),
                "float_result"_a = bool(s.flags & registry::kFloatResult),
                "inplace"_a = bool(s.flags & registry::kInplace), "kwargs"_a = s.kwargs, "rtol32"_a = s.rtol32);
  const size_t tensors = std::visit([](auto fn) { return tensor_inputs(fn); }, d.fn);
  const bool pair = std::visit([](auto fn) { return returns_pair(fn); }, d.fn);
  py::list results;
  if (pair) {
    results.append("values");
    results.append("indices");
  }
  return py::dict("name"_a = d.name, "doc"_a = d.doc, "params"_a = params, "aliases"_a = aliases,
                  "function"_a = bool(d.where & registry::kFunction), "method"_a = bool(d.where & registry::kMethod),
                  "tensor_inputs"_a = tensors, "results"_a = results, "test"_a = test);
}

}  // namespace

void bind_registry(py::module_& m) {
  auto t = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  for (const registry::OpDef& d : registry::all())
    for (const registry::Fn* fn : functions_of(d)) std::visit([&](auto f) { bind_all(m, t, d, f); }, *fn);
  for (const registry::Operator& o : registry::operators())
    for (const registry::Fn& fn : o.fns) std::visit([&](auto f) { bind_operator(t, o.name, f); }, fn);
  bind_fast_calls(m);  // the same operators as number slots
  m.def("_ops", [] {
    py::list out;
    for (const registry::OpDef& d : registry::all()) out.append(describe(d));
    return out;
  }, "The op registry: one dict per registered op (name, doc, params, where it is bound, results, test spec).");
  m.def("_return_type", [](const std::string& op) { return py::reinterpret_borrow<py::object>(result_type(op.c_str())); },
        py::arg("op"), "The named tuple (values, indices) that op returns (graphgrad.return_types.<op>).");
}

}  // namespace gg::bindings
