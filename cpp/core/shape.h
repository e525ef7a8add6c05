// Shapes, strides and NumPy broadcasting.
#pragma once
#include <cstdint>
#include <ostream>
#include <vector>

namespace gg {

using Shape = std::vector<int64_t>;

int64_t numel_of(const Shape& s);
Shape contiguous_strides(const Shape& s);
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
