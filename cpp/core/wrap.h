// Integer arithmetic that wraps modulo 2^64, as NumPy and PyTorch do, instead of signed overflow
// (undefined behaviour). Floats pass through unchanged.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace gg {

template <class T>
T wrap_add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) + static_cast<std::make_unsigned_t<T>>(b));
  else
    return a + b;
}

template <class T>
T wrap_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) - static_cast<std::make_unsigned_t<T>>(b));
  else
    return a - b;
}

template <class T>
T wrap_mul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) * static_cast<std::make_unsigned_t<T>>(b));
  else
    return a * b;
}

template <class T>
T wrap_neg(T a) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(std::make_unsigned_t<T>(0) - static_cast<std::make_unsigned_t<T>>(a));
  else
    return -a;  // keeps the sign of zero
}

// |a|, with |INT64_MIN| = INT64_MIN as NumPy and PyTorch wrap it.
template <class T>
T wrap_abs(T a) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return a < 0 ? wrap_neg(a) : a;
  else
    return std::abs(a);
}

}  // namespace gg
