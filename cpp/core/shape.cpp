#include "core/shape.h"

#include "core/error.h"

namespace gg {

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  uint64_t acc = 1;  // unsigned: a shape not yet checked may overflow (it is rejected right after)
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = static_cast<int64_t>(acc);
    acc *= static_cast<uint64_t>(s[i]);
  }
  return st;
}

int64_t checked_mul(int64_t a, int64_t b, const char* op) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) throw ValueError(msg(op, ": size ", a, " * ", b, " overflows int64"));
  return r;
}

int64_t checked_add(int64_t a, int64_t b, const char* op) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) throw ValueError(msg(op, ": size ", a, " + ", b, " overflows int64"));
  return r;
}

int64_t check_shape(const Shape& shape, size_t itemsize, const char* op) {
  // Like NumPy, the nonzero dimensions must fit even when another is 0: then contiguous strides
  // (products of trailing sizes) cannot overflow either.
  int64_t n = static_cast<int64_t>(itemsize);
  bool zero = false, over = false;
  for (auto d : shape) {
    if (d < 0) throw ValueError(msg(op, ": negative dimension ", d, " in shape ", shape_str(shape)));
    if (d == 0) zero = true;
    else over = over || __builtin_mul_overflow(n, d, &n);
  }
  if (over)
    throw ValueError(msg(op, ": shape ", shape_str(shape), " has too many elements (its byte size overflows int64)"));
  return zero ? 0 : n / static_cast<int64_t>(itemsize);
}

std::string shape_str(const Shape& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  const size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      throw ValueError(msg(op, ": shapes ", shape_str(a), " and ", shape_str(b), " cannot be broadcast together"));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

Shape broadcast_strides(const Shape& shape, const Shape& strides, const Shape& out) {
  Shape st(out.size(), 0);
  const size_t off = out.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) st[off + i] = shape[i] == 1 ? 0 : strides[i];
  return st;
}

int64_t wrap_axis(int64_t axis, int64_t ndim, const char* op) {
  const int64_t n = std::max<int64_t>(ndim, 1);
  if (axis < -n || axis >= n)
    throw IndexError(msg(op, ": axis ", axis, " is out of range for a tensor of ", ndim, " dimensions"));
  return axis < 0 ? axis + n : axis;
}

}  // namespace gg
