// Elementwise math of two tensors beyond the four arithmetic ops (binary_math.cpp), their
// Python-number forms, bitwise and integer-division ops, and the keyword forms of add/sub/div.
// All broadcast, promote as PyTorch and, where differentiable, give gradients to both inputs.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "core/tensor.h"

namespace gg {
namespace registry {
struct PyInt;
}

Tensor pow(const Tensor& x, const Tensor& exponent);
// x ** n for a Python int n: an integer (or bool) x stays an exact integer, and a negative n raises,
// as PyTorch; ops.h's pow(x, double) is x ** a float (float32 for an integer x).
Tensor pow_int(const Tensor& x, registry::PyInt n);
Tensor atan2(const Tensor& a, const Tensor& b);
Tensor hypot(const Tensor& a, const Tensor& b);
Tensor igamma(const Tensor& a, const Tensor& x);   // P(a, x); differentiable in x only, as in PyTorch
Tensor igammac(const Tensor& a, const Tensor& x);  // Q(a, x) = 1 - P(a, x)
Tensor _special_zeta(const Tensor& s, const Tensor& q);  // Hurwitz ζ(s, q); differentiable in q only
Tensor copysign(const Tensor& a, const Tensor& b);
Tensor logaddexp(const Tensor& a, const Tensor& b);
Tensor fmod(const Tensor& a, const Tensor& b);       // C's: the sign of a
Tensor remainder(const Tensor& a, const Tensor& b);  // Python's: the sign of b
Tensor floor_divide(const Tensor& a, const Tensor& b);
Tensor bitwise_and(const Tensor& a, const Tensor& b);
Tensor bitwise_or(const Tensor& a, const Tensor& b);
Tensor bitwise_xor(const Tensor& a, const Tensor& b);
Tensor bitwise_left_shift(const Tensor& a, const Tensor& b);
Tensor bitwise_right_shift(const Tensor& a, const Tensor& b);
Tensor bitwise_not(const Tensor& x);
Tensor logical_and(const Tensor& a, const Tensor& b);  // bool results, any dtype
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_xor(const Tensor& a, const Tensor& b);

// a + alpha * b, a - alpha * b; a / b rounded by mode (None, "trunc" or "floor").
Tensor add(const Tensor& a, const Tensor& b, double alpha);
// alpha * b as add's and add_'s alpha: a whole alpha keeps an integer b integer, as PyTorch.
Tensor alpha_times(const Tensor& b, double alpha);
Tensor sub(const Tensor& a, const Tensor& b, double alpha);
Tensor div(const Tensor& a, const Tensor& b, const std::optional<std::string>& rounding_mode);
Tensor add(const Tensor& a, double b, double alpha);
Tensor sub(const Tensor& a, double b, double alpha);
Tensor div(const Tensor& a, double b, const std::optional<std::string>& rounding_mode);

// where with a Python number for either branch or both (float32 when both are numbers).
Tensor where(const Tensor& cond, const Tensor& a, double b);
Tensor where(const Tensor& cond, double a, const Tensor& b);
Tensor where(const Tensor& cond, double a, double b);

// Each element limited to [lo, hi] (either absent), a tensor or a number each: PyTorch's clamp.
// Gradients go to x where it is inside and to a tensor bound where that bound is the result.
using Bound = std::variant<Tensor, double>;
Tensor clamp_bounds(const Tensor& x, const std::optional<Bound>& lo, const std::optional<Bound>& hi);

// a * (b * s), as mul(a, mul(b, s)) rounds it: one pass and one tensor when nothing records and
// both are float32 or float64 (a backward rule without create_graph, such as pow's g * (x * 2)).
Tensor mul_scaled(const Tensor& a, const Tensor& b, double s);

// A Python number as the operand of an op with x: x's dtype when that keeps its value (an
// integer for an integer tensor), else x's float dtype or float32. Numbers do not promote.
Tensor number_operand(const Tensor& x, double v);

// F(x, number) and F(number, x): the Python-number forms of a binary op (x % 2, 2 % x).
template <Tensor (*F)(const Tensor&, const Tensor&)>
Tensor with_number(const Tensor& x, double v) { return F(x, number_operand(x, v)); }
template <Tensor (*F)(const Tensor&, const Tensor&)>
Tensor number_with(const Tensor& x, double v) { return F(number_operand(x, v), x); }

}  // namespace gg
