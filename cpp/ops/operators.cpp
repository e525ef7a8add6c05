// Tensor's Python operators, as registrations (ops/registry.h): each names its C++ functions in the
// order pybind11 tries them. Python numbers come first, since rejecting a number for the tensor
// overload costs more than the op itself; a reflected operator (`2 - x`: x.__rsub__(2)) takes the
// number only.
#include "ops/binary_math.h"
#include "ops/ops.h"
#include "ops/registry.h"

namespace gg {

namespace {

using namespace registry;
using TT = Tensor (*)(const Tensor&, const Tensor&);
using TD = Tensor (*)(const Tensor&, double);

// Python ints are exact, in x's dtype (int_scalar_like): an int64 tensor + 1 stays int64 exact.
Tensor add_int(const Tensor& a, PyInt b) { return add(a, int_scalar_like(a, b.v)); }
Tensor sub_int(const Tensor& a, PyInt b) { return sub(a, int_scalar_like(a, b.v)); }
Tensor rsub_int(const Tensor& a, PyInt b) { return sub(int_scalar_like(a, b.v), a); }
Tensor mul_int(const Tensor& a, PyInt b) { return mul(a, int_scalar_like(a, b.v)); }

// Comparisons give bool tensors (no gradient); `2 < x` is Python's x.__gt__(2).
template <Cmp C>
Tensor compare_int(const Tensor& a, PyInt b) { return compare(a, int_scalar_like(a, b.v), C); }
template <Cmp C>
Tensor compare_number(const Tensor& a, double b) { return compare(a, b, C); }
template <Cmp C>
Tensor compare_tensor(const Tensor& a, const Tensor& b) { return compare(a, b, C); }

GG_REGISTER_OPERATOR({"__eq__", {&compare_int<Cmp::Eq>, &compare_number<Cmp::Eq>, &compare_tensor<Cmp::Eq>}});
GG_REGISTER_OPERATOR({"__ne__", {&compare_int<Cmp::Ne>, &compare_number<Cmp::Ne>, &compare_tensor<Cmp::Ne>}});
GG_REGISTER_OPERATOR({"__lt__", {&compare_int<Cmp::Lt>, &compare_number<Cmp::Lt>, &compare_tensor<Cmp::Lt>}});
GG_REGISTER_OPERATOR({"__le__", {&compare_int<Cmp::Le>, &compare_number<Cmp::Le>, &compare_tensor<Cmp::Le>}});
GG_REGISTER_OPERATOR({"__gt__", {&compare_int<Cmp::Gt>, &compare_number<Cmp::Gt>, &compare_tensor<Cmp::Gt>}});
GG_REGISTER_OPERATOR({"__ge__", {&compare_int<Cmp::Ge>, &compare_number<Cmp::Ge>, &compare_tensor<Cmp::Ge>}});

GG_REGISTER_OPERATOR({"__add__", {&add_int, static_cast<TD>(&add), static_cast<TT>(&add)}});
GG_REGISTER_OPERATOR({"__radd__", {&add_int, static_cast<TD>(&add)}});
GG_REGISTER_OPERATOR({"__sub__", {&sub_int, static_cast<TD>(&sub), static_cast<TT>(&sub)}});
GG_REGISTER_OPERATOR({"__rsub__", {&rsub_int, &rsub}});
GG_REGISTER_OPERATOR({"__mul__", {&mul_int, static_cast<TD>(&mul), static_cast<TT>(&mul)}});
GG_REGISTER_OPERATOR({"__rmul__", {&mul_int, static_cast<TD>(&mul)}});
GG_REGISTER_OPERATOR({"__truediv__", {static_cast<TD>(&div), static_cast<TT>(&div)}});
GG_REGISTER_OPERATOR({"__rtruediv__", {&rdiv}});
GG_REGISTER_OPERATOR({"__pow__", {&pow_int, static_cast<TD>(&pow), static_cast<TT>(&pow)}});
GG_REGISTER_OPERATOR({"__rpow__", {&rpow}});
GG_REGISTER_OPERATOR({"__mod__", {&with_number<remainder>, static_cast<TT>(&remainder)}});
GG_REGISTER_OPERATOR({"__rmod__", {&number_with<remainder>}});
GG_REGISTER_OPERATOR({"__floordiv__", {&with_number<floor_divide>, static_cast<TT>(&floor_divide)}});
GG_REGISTER_OPERATOR({"__rfloordiv__", {&number_with<floor_divide>}});
GG_REGISTER_OPERATOR({"__and__", {&with_number<bitwise_and>, static_cast<TT>(&bitwise_and)}});
GG_REGISTER_OPERATOR({"__rand__", {&number_with<bitwise_and>}});
GG_REGISTER_OPERATOR({"__or__", {&with_number<bitwise_or>, static_cast<TT>(&bitwise_or)}});
GG_REGISTER_OPERATOR({"__ror__", {&number_with<bitwise_or>}});
GG_REGISTER_OPERATOR({"__xor__", {&with_number<bitwise_xor>, static_cast<TT>(&bitwise_xor)}});
GG_REGISTER_OPERATOR({"__rxor__", {&number_with<bitwise_xor>}});
GG_REGISTER_OPERATOR({"__lshift__", {&with_number<bitwise_left_shift>, static_cast<TT>(&bitwise_left_shift)}});
GG_REGISTER_OPERATOR({"__rlshift__", {&number_with<bitwise_left_shift>}});
GG_REGISTER_OPERATOR({"__rshift__", {&with_number<bitwise_right_shift>, static_cast<TT>(&bitwise_right_shift)}});
GG_REGISTER_OPERATOR({"__rrshift__", {&number_with<bitwise_right_shift>}});
GG_REGISTER_OPERATOR({"__neg__", {&neg}});
GG_REGISTER_OPERATOR({"__abs__", {&abs}});
GG_REGISTER_OPERATOR({"__invert__", {&bitwise_not}});

}  // namespace

}  // namespace gg
