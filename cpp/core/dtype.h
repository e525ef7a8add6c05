// Element types and type promotion (NumPy/PyTorch order: bool < int64 < float32 < float64).
#pragma once
#include <cstdint>
#include <string>

#include "core/error.h"

namespace gg {

enum class DType : uint8_t { Bool, Int64, Float32, Float64 };

inline size_t itemsize(DType d) {
  switch (d) {
    case DType::Bool: return 1;
    case DType::Int64: return 8;
    case DType::Float32: return 4;
    case DType::Float64: return 8;
  }
  return 0;
}

inline const char* dtype_name(DType d) {
  switch (d) {
    case DType::Bool: return "bool";
    case DType::Int64: return "int64";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
  }
  return "?";
}

inline bool is_floating(DType d) { return d == DType::Float32 || d == DType::Float64; }

// Result dtype of a binary op between two tensors; integers meeting floats give the float.
inline DType promote(DType a, DType b) { return static_cast<uint8_t>(a) >= static_cast<uint8_t>(b) ? a : b; }

template <class T> struct TypeOf {};
template <> struct TypeOf<bool> { static constexpr DType value = DType::Bool; };
template <> struct TypeOf<int64_t> { static constexpr DType value = DType::Int64; };
template <> struct TypeOf<float> { static constexpr DType value = DType::Float32; };
template <> struct TypeOf<double> { static constexpr DType value = DType::Float64; };

template <class T> struct Tag { using type = T; };

// Calls f(Tag<T>{}) with T the C++ type of a floating dtype; other dtypes are a TypeError naming `op`.
template <class F>
decltype(auto) dispatch_float(DType d, const char* op, F&& f) {
  switch (d) {
    case DType::Float32: return f(Tag<float>{});
    case DType::Float64: return f(Tag<double>{});
    default: throw TypeError(std::string(op) + ": expected a float32 or float64 tensor, got " + dtype_name(d));
  }
}

// Same over every dtype.
template <class F>
decltype(auto) dispatch_all(DType d, F&& f) {
  switch (d) {
    case DType::Bool: return f(Tag<bool>{});
    case DType::Int64: return f(Tag<int64_t>{});
    case DType::Float32: return f(Tag<float>{});
    default: return f(Tag<double>{});
  }
}

}  // namespace gg
