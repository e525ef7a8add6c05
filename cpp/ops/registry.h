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
// the ends), "nonzero" (|x| >= 0.5), "distinct" (no ties, for kinks such as max), "int" (an
// int64 index-like tensor). `kwargs` is a Python literal dict of extra arguments.
enum TestFlags : unsigned {
  kDiff = 1,         // differentiable: gradcheck, gradgradcheck and jvp run
  kNoGradGrad = 2,   // ... but no second derivative
  kIntegers = 4,     // accepts int64 and bool inputs too (checked against NumPy)
  kFloatResult = 8,  // integer inputs give float32, as in PyTorch (sin, sqrt, ...)
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
using Fn = std::variant<
    Tensor (*)(const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, double),
    Tensor (*)(const Tensor&, double, double),
    Tensor (*)(const Tensor&, std::optional<double>, std::optional<double>),
    Tensor (*)(const Tensor&, const Axes&, bool),
    Tensor (*)(const Tensor&, std::optional<int64_t>, bool),
    Tensor (*)(const Tensor&, const Axes&, double, bool),
    Tensor (*)(const Tensor&, double, const Axes&, bool),
    Tensor (*)(const Tensor&, int64_t),
    Tensor (*)(const Tensor&, std::optional<int64_t>),
    Tensor (*)(const Tensor&, int64_t, int64_t),
    Tensor (*)(const Tensor&, int64_t, int64_t, int64_t),
    Tensor (*)(const Tensor&, const std::vector<int64_t>&),
    Tensor (*)(const Tensor&, std::vector<int64_t>),
    Tensor (*)(const std::vector<Tensor>&, int64_t),
    Tensor (*)(const Tensor&, double, bool),
    Tensor (*)(const Tensor&, const Tensor&, const OptTensor&),
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
    Tensor (*)(const Tensor&, int64_t, bool, bool),
    Tensor (*)(const Tensor&, int64_t, std::optional<DType>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&, std::optional<std::string>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, double, std::optional<std::string>),
    Tensor (*)(const Tensor&, int64_t, const Tensor&, const Tensor&, const std::string&, bool),
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

struct Registrar {
  explicit Registrar(OpDef def);
};

}  // namespace gg::registry

#define GG_REGISTRY_CAT2(a, b) a##b
#define GG_REGISTRY_CAT(a, b) GG_REGISTRY_CAT2(a, b)
// GG_REGISTER_OP({"name", &fn, {{"input"}, {"dim", NoneDefault{}}}, "doc", ...});
#define GG_REGISTER_OP(...) \
  static const ::gg::registry::Registrar GG_REGISTRY_CAT(gg_registrar_, __COUNTER__)(::gg::registry::OpDef __VA_ARGS__)
