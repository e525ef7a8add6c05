// Shapes, strides and NumPy broadcasting.
#pragma once
#include <cstdint>
#include <ostream>
#include <vector>

namespace gg {

using Shape = std::vector<int64_t>;

// Element count of a shape made by check_shape (unchecked: every tensor's shape was checked).
// Inline: Tensor::numel is asked on every op's path, mostly of a 0-d or short shape.
inline int64_t numel_of(const Shape& s) {
  int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}
Shape contiguous_strides(const Shape& s);

// Overflow-checked size arithmetic: the one place shapes, element and byte counts, strides and
// offsets are made from user input. Overflow is a ValueError naming `op`, never a wrapped value
// (a wrapped byte count gives a tiny allocation and then a heap overflow).
int64_t checked_mul(int64_t a, int64_t b, const char* op);
int64_t checked_add(int64_t a, int64_t b, const char* op);
// The element count of `shape` for `itemsize`-byte elements: ValueError naming `op` for a negative
// dimension, or when the count or its byte size does not fit in int64.
int64_t check_shape(const Shape& shape, size_t itemsize, const char* op);
// "(3, 4)"; a 1-tuple prints as "(3,)" like Python.
std::string shape_str(const Shape& s);

// NumPy broadcast of two shapes; ValueError naming `op` when they are incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);
// Strides of `shape`/`strides` seen through broadcast `out` (0 on broadcast axes).
Shape broadcast_strides(const Shape& shape, const Shape& strides, const Shape& out);
// Wraps a possibly negative axis into [0, ndim); IndexError naming `op` when out of range.
int64_t wrap_axis(int64_t axis, int64_t ndim, const char* op);

struct ShapeOut { const Shape& s; };
inline std::ostream& operator<<(std::ostream& os, ShapeOut s) { return os << shape_str(s.s); }

}  // namespace gg
