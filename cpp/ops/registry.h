// The op registry: every op reachable from Python is defined once, next to its implementation,
// by one GG_REGISTER_OP. The entry carries what everything else is derived from:
//  - the bindings (the `gg.` function and the `Tensor` method, with named parameters, defaults
//    and the docstring) — cpp/bindings/bind_registry.cpp visits `fn` generically;
//  - `graphgrad.__init__`'s exports and `__all__`, the type stub and the docs' op list, through
//    `_core._ops()`;
//  - the op test table (tests/test_op_table.py), through `test`.
// Ops only; no Python here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/tensor.h"

namespace gg::registry {

// A Python parameter's default: none (a required parameter), None, or a literal.
struct Required {};
struct NoneDefault {};
using Default = std::variant<Required, NoneDefault, bool, int64_t, double, const char*>;

struct Param {
  const char* name;
  Default def = Required{};
  bool kw_only = false;     // after a `*` in the Python signature
  const char* alias = nullptr;  // another keyword for it (NumPy's `axis` for `dim`): a second overload
};

// What the table test (tests/test_op_table.py) does with an op. `reference` is a NumPy
// expression in x (and y, z for more tensor inputs), evaluated by the test; empty: the op has
// its own tests only. `domain` picks the inputs: "real", "positive", "unit" (|x| < 1, away from
// the ends), "above_one" (x >= 1.5), "nonzero" (|x| >= 0.5), "distinct" (no ties, for kinks such as max), "int" (an
// int64 index-like tensor). `kwargs` is a Python literal dict of extra arguments.
enum TestFlags : unsigned {
  kDiff = 1,         // differentiable: gradcheck, gradgradcheck and jvp run
  kNoGradGrad = 2,   // ... but no second derivative
  kIntegers = 4,     // accepts int64 and bool inputs too (checked against NumPy)
  kFloatResult = 8,  // integer inputs give float32, as in PyTorch (sin, sqrt, ...)
  kInplace = 16,     // also bound as the in-place method `name_` (the result written into input)
};
struct TestSpec {
  const char* reference = "";
  const char* domain = "real";
  unsigned flags = kDiff;
  const char* kwargs = "{}";
  double rtol32 = 1e-5;  // float32 forward tolerance
};

// Where the op appears in Python.
enum Where : unsigned { kFunction = 1, kMethod = 2, kBoth = 3 };

// The C++ signatures registered ops have. The bindings bind each alternative generically; a new
// signature is one more line here. A std::optional<Tensor> parameter takes None (an absent bias,
// mask or state); a std::pair<Tensor, Tensor> result is PyTorch's named tuple (values, indices),
// `graphgrad.return_types.<op>` (max, min, sort, topk, kthvalue, median, ...); std::vector results
// are Python lists.
using Axes = std::vector<int64_t>;
using OptTensor = std::optional<Tensor>;
using Pair = std::pair<Tensor, Tensor>;
// A Python int operand, exact (an operator's int overload, bound before its float one: an int
// tensor + 1 stays int64, as PyTorch's wrapped numbers). The binding takes a Python int object
// only, so a tensor argument is rejected at once (an int64_t caster would try its __index__).
struct PyInt {
  int64_t v;
};
using Fn = std::variant<
    Tensor (*)(const Tensor&, PyInt),
    Tensor (*)(const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&, double),
    Tensor (*)(const Tensor&, double, const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&, const std::optional<std::string>&),
    Tensor (*)(const Tensor&, double, const std::optional<std::string>&),
    Tensor (*)(const Tensor&, const std::optional<std::variant<Tensor, double>>&,
               const std::optional<std::variant<Tensor, double>>&),
    Tensor (*)(const Tensor&, double),
    Tensor (*)(const Tensor&, double, double),
    Tensor (*)(const Tensor&, std::optional<double>, std::optional<double>),
    Tensor (*)(const Tensor&, const Axes&, bool),
    Tensor (*)(const Tensor&, const Axes&, bool, std::optional<DType>),
    Tensor (*)(const Tensor&, std::optional<int64_t>, bool),
    Tensor (*)(const Tensor&, const Axes&, double, bool),
    Tensor (*)(const Tensor&, double, const Axes&, bool),
    Tensor (*)(const Tensor&, const Axes&, bool, double, std::optional<bool>),
    Tensor (*)(const Tensor&, int64_t),
    Tensor (*)(const Tensor&, std::optional<int64_t>),
    Tensor (*)(const Tensor&, int64_t, int64_t),
    Tensor (*)(const Tensor&, int64_t, int64_t, int64_t),
    Tensor (*)(const Tensor&, const std::vector<int64_t>&),
    Tensor (*)(const Tensor&, std::vector<int64_t>),
    Tensor (*)(const std::vector<Tensor>&, int64_t),
    Tensor (*)(const Tensor&, double, bool),
    Tensor (*)(const Tensor&, const Tensor&, const OptTensor&),
    Tensor (*)(const Tensor&, const Tensor&, bool, bool),
    Tensor (*)(const Tensor&, const Tensor&, const std::vector<int64_t>&),
    Tensor (*)(const Tensor&, const Tensor&, const std::string&, int64_t),
    Tensor (*)(const Tensor&, const Tensor&, const std::string&, int64_t, const OptTensor&, double),
    Tensor (*)(const Tensor&, const OptTensor&, const OptTensor&, const OptTensor&, const OptTensor&, bool, double, double),
    Tensor (*)(const Tensor&, const Tensor&, const OptTensor&, const Axes&, const Axes&, const Axes&, const Axes&, int64_t),
    Tensor (*)(const Tensor&, const Tensor&, const Tensor&, const OptTensor&, bool, std::optional<double>),
    Tensor (*)(const Tensor&, const Axes&, const Axes&, const Axes&, bool, bool, int64_t),
    Pair (*)(const Tensor&, const Axes&, const Axes&, const Axes&, const Axes&, bool),
    Pair (*)(const Tensor&, const Axes&),
    std::vector<Tensor> (*)(const std::string&, const Tensor&, const Axes&, const OptTensor&, const OptTensor&,
                            const std::vector<Tensor>&, int64_t, bool, bool),
    std::vector<Tensor> (*)(const std::string&, const Tensor&, const OptTensor&, const OptTensor&,
                            const std::vector<Tensor>&),
    Tensor (*)(const Tensor&, int64_t, bool, bool),
    std::vector<Tensor> (*)(const Tensor&, const std::string&),
    std::vector<Tensor> (*)(const Tensor&, bool),
    Tensor (*)(const Tensor&, int64_t, std::optional<DType>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&, std::optional<std::string>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, double, std::optional<std::string>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&, const std::string&, bool),
    Pair (*)(const Tensor&),
    Pair (*)(const Tensor&, int64_t),
    Pair (*)(const Tensor&, int64_t, bool),
    Pair (*)(const Tensor&, int64_t, bool, bool),
    Pair (*)(const Tensor&, int64_t, int64_t, bool),
    Pair (*)(const Tensor&, int64_t, int64_t, bool, bool)>;

struct OpDef {
  const char* name;
  Fn fn;
  std::vector<Param> params;  // every parameter, the first tensor's ("input") included
  const char* doc;
  unsigned where = kBoth;
  TestSpec test = {};
  std::vector<const char*> aliases = {};  // other names bound to the same op (clip for clamp)
  bool shape_varargs = false;  // the method takes its last (shape) argument as *sizes too
  bool release_gil = false;    // a heavy kernel: the binding releases the GIL
};

// Every registered op, in registration order per file (registration happens at static
// initialisation; the library is an object library so no registration is dropped by the linker).
const std::vector<OpDef>& all();

// Another C++ function for a registered op's name, bound before the op's own (pybind11 tries
// overloads in order: a Python-number overload first is cheaper than rejecting a number for a
// tensor). It takes the op's first parameters (as many as it has), named and defaulted alike.
struct Overload {
  const char* op;
  Fn fn;
};
const std::vector<Overload>& overloads();

// A Python operator method of Tensor (`__add__`, `__rsub__`, `__invert__`): its C++ functions, of
// (self) or (self, other), in the order pybind11 tries them (numbers first).
struct Operator {
  const char* name;
  std::vector<Fn> fns;
};
const std::vector<Operator>& operators();

struct Registrar {
  explicit Registrar(OpDef def);
  explicit Registrar(Overload o);
  explicit Registrar(Operator o);
};

}  // namespace gg::registry

#define GG_REGISTRY_CAT2(a, b) a##b
#define GG_REGISTRY_CAT(a, b) GG_REGISTRY_CAT2(a, b)
// GG_REGISTER_OP({"name", &fn, {{"input"}, {"dim", NoneDefault{}}}, "doc", ...});
#define GG_REGISTER_OP(...) \
  static const ::gg::registry::Registrar GG_REGISTRY_CAT(gg_registrar_, __COUNTER__)(::gg::registry::OpDef __VA_ARGS__)
// GG_REGISTER_OVERLOAD({"pow", static_cast<Tensor (*)(const Tensor&, double)>(&pow)});
#define GG_REGISTER_OVERLOAD(...) \
  static const ::gg::registry::Registrar GG_REGISTRY_CAT(gg_registrar_, __COUNTER__)(::gg::registry::Overload __VA_ARGS__)
// GG_REGISTER_OPERATOR({"__add__", {number_fn, tensor_fn}});
#define GG_REGISTER_OPERATOR(...) \
  static const ::gg::registry::Registrar GG_REGISTRY_CAT(gg_registrar_, __COUNTER__)(::gg::registry::Operator __VA_ARGS__)
