// Element types, PyTorch's type promotion, and the dtypes kernels compute in.
//
// Kernels are instantiated for the compute dtypes only (bool, int64, float32, float64). The
// storage dtypes hold values and convert at the edges: uint8/int8/int16/int32 compute in int64
// and narrow on store (the same bits as wrapping arithmetic in the narrow type), float16 and
// bfloat16 compute in float32 and round on store. Op families cast to `compute_dtype` in their
// shared helper (binary_ops.cpp's binary(), unary_ops.h's unary_op, the reductions' kernels);
// a storage dtype reaching `dispatch_all` is an internal error naming the op.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "core/half.h"

namespace gg {

enum class DType : uint8_t { Bool, UInt8, Int8, Int16, Int32, Int64, Float16, BFloat16, Float32, Float64 };

// A table with an entry for every value of the enum's byte (0 past Float64): one load, without the
// switch's range check (every op's output reads it).
inline size_t itemsize(DType d) {
  static constexpr uint8_t kSizes[256] = {1, 1, 1, 2, 4, 8, 2, 2, 4, 8};
  return kSizes[static_cast<uint8_t>(d)];
}

inline const char* dtype_name(DType d) {
  switch (d) {
    case DType::Bool: return "bool";
    case DType::UInt8: return "uint8";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
  }
  return "?";
}

inline bool is_floating(DType d) { return d >= DType::Float16; }
inline bool is_integer(DType d) { return d != DType::Bool && !is_floating(d); }  // bool excluded

// What kernels compute a dtype in: small integers in int64, 16-bit floats in float32.
inline DType compute_dtype(DType d) {
  if (is_integer(d)) return DType::Int64;
  if (d == DType::Float16 || d == DType::BFloat16) return DType::Float32;
  return d;
}

// PyTorch's dtype categories, in promotion order: 0 bool, 1 integers, 2 floats.
inline int dtype_category(DType d) { return d == DType::Bool ? 0 : (is_floating(d) ? 2 : 1); }

// Result dtype of an op between two tensors (PyTorch's lattice): bool < integers < floats;
// uint8 with int8 gives int16, other integers the wider; float16 with bfloat16 gives float32,
// other floats the wider; an integer meeting a float gives the float.
inline DType promote(DType a, DType b) {
  if (a == b) return a;
  if (dtype_category(a) != dtype_category(b)) return dtype_category(a) > dtype_category(b) ? a : b;
  if (dtype_category(a) == 1) {
    if ((a == DType::UInt8 && b == DType::Int8) || (a == DType::Int8 && b == DType::UInt8)) return DType::Int16;
    return itemsize(a) >= itemsize(b) ? a : b;
  }
  if (itemsize(a) == itemsize(b)) return DType::Float32;  // float16 with bfloat16
  return itemsize(a) > itemsize(b) ? a : b;
}

template <class T> struct TypeOf {};
template <> struct TypeOf<bool> { static constexpr DType value = DType::Bool; };
template <> struct TypeOf<uint8_t> { static constexpr DType value = DType::UInt8; };
template <> struct TypeOf<int8_t> { static constexpr DType value = DType::Int8; };
template <> struct TypeOf<int16_t> { static constexpr DType value = DType::Int16; };
template <> struct TypeOf<int32_t> { static constexpr DType value = DType::Int32; };
template <> struct TypeOf<int64_t> { static constexpr DType value = DType::Int64; };
template <> struct TypeOf<Half> { static constexpr DType value = DType::Float16; };
template <> struct TypeOf<BFloat16> { static constexpr DType value = DType::BFloat16; };
template <> struct TypeOf<float> { static constexpr DType value = DType::Float32; };
template <> struct TypeOf<double> { static constexpr DType value = DType::Float64; };

template <class T> struct Tag { using type = T; };

// Calls f(Tag<T>{}) with T the C++ type of a float32/float64 dtype; other dtypes are a TypeError
// naming `op` (ops without a float16 path raise it for float16 and bfloat16 too).
template <class F>
decltype(auto) dispatch_float(DType d, const char* op, F&& f) {
  switch (d) {
    case DType::Float32: return f(Tag<float>{});
    case DType::Float64: return f(Tag<double>{});
    case DType::Float16: case DType::BFloat16:
      throw TypeError(std::string(op) + ": " + dtype_name(d) + " is a storage dtype for this op; convert with .float()");
    default: throw TypeError(std::string(op) + ": expected a float32 or float64 tensor, got " + dtype_name(d));
  }
}

// Same over every compute dtype. A storage dtype here is a bug in `op`'s family helper, which
// should have cast to compute_dtype first.
template <class F>
decltype(auto) dispatch_all(DType d, const char* op, F&& f) {
  switch (d) {
    case DType::Bool: return f(Tag<bool>{});
    case DType::Int64: return f(Tag<int64_t>{});
    case DType::Float32: return f(Tag<float>{});
    case DType::Float64: return f(Tag<double>{});
    default:
      throw std::logic_error(std::string("internal error: ") + op + " reached a compute kernel with the storage dtype " +
                             dtype_name(d) + " (not cast to its compute dtype)");
  }
}

// Over every dtype, storage ones included: for copies, casts and fills only (core/tensor.cpp).
template <class F>
decltype(auto) dispatch_storage(DType d, F&& f) {
  switch (d) {
    case DType::Bool: return f(Tag<bool>{});
    case DType::UInt8: return f(Tag<uint8_t>{});
    case DType::Int8: return f(Tag<int8_t>{});
    case DType::Int16: return f(Tag<int16_t>{});
    case DType::Int32: return f(Tag<int32_t>{});
    case DType::Int64: return f(Tag<int64_t>{});
    case DType::Float16: return f(Tag<Half>{});
    case DType::BFloat16: return f(Tag<BFloat16>{});
    case DType::Float32: return f(Tag<float>{});
    default: return f(Tag<double>{});
  }
}

}  // namespace gg
