// The one driver of core/strided_copy.h's casting copies, compiled once for every dtype pair.
#include "core/strided_copy.h"

#include <array>

#include "core/strided_loop.h"

namespace gg::detail {

void copy_runs(char* dst, size_t dst_size, const Shape& shape, const Shape& dst_strides, const char* src,
               size_t src_size, const Shape& src_strides, CopyRunFn run) {
  const std::array<Shape, 2> st{byte_strides(dst_strides, dst_size), byte_strides(src_strides, src_size)};
  const int64_t ds = static_cast<int64_t>(dst_size), ss = static_cast<int64_t>(src_size);
  for_each_strided<2>(shape, {dst, const_cast<char*>(src)}, st,
                      [&](std::array<char*, 2> p, const std::array<int64_t, 2>& s, int64_t m) {
                        run(p[0], p[1], s[0] / ds, s[1] / ss, m);
                      });
}

}  // namespace gg::detail
