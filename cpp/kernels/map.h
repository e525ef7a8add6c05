// Elementwise maps over raw memory: one functor per op, one template per arity. The output is
// always contiguous; inputs are strided (broadcast axes have stride 0). Contiguous and scalar
// operands take dedicated inner loops that the compiler vectorizes.
#pragma once
#include <algorithm>
#include <cstring>

#include "core/strided_loop.h"

namespace gg::kernels {

// out[i] = f(a[i]) on contiguous memory.
template <class O, class A, class F>
void map_contiguous(O* out, const A* a, int64_t n, F f) {
  parallel_for(n, kGrainElementwise, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) out[i] = f(a[i]);
  });
}

// out = f(a) with a strided over `shape`.
template <class O, class A, class F>
void map1(O* out, const Shape& shape, const A* a, const Shape& a_strides, F f) {
  const int64_t n = numel_of(shape);
  if (a_strides == contiguous_strides(shape)) return map_contiguous(out, a, n, f);
  std::array<Shape, 2> st{byte_strides(contiguous_strides(shape), sizeof(O)), byte_strides(a_strides, sizeof(A))};
  for_each_strided<2>(shape, {reinterpret_cast<char*>(out), reinterpret_cast<char*>(const_cast<A*>(a))}, st,
                      [&](std::array<char*, 2> p, const std::array<int64_t, 2>& s, int64_t m) {
                        O* o = reinterpret_cast<O*>(p[0]);
                        const A* x = reinterpret_cast<const A*>(p[1]);
                        const int64_t sx = s[1] / static_cast<int64_t>(sizeof(A));
                        if (sx == 1)
                          for (int64_t i = 0; i < m; ++i) o[i] = f(x[i]);
                        else
                          for (int64_t i = 0; i < m; ++i) o[i] = f(x[i * sx]);
                      });
}

// out = f(a, b) over broadcast `shape`; a_strides/b_strides are already broadcast (0 = repeated).
template <class O, class A, class B, class F>
void map2(O* out, const Shape& shape, const A* a, const Shape& a_strides, const B* b, const Shape& b_strides, F f) {
  // Fast paths without the general strided machinery: both operands dense in the output's
  // layout, or one of them a single repeated value (scalars: the per-op overhead matters).
  const int64_t n = numel_of(shape);
  const Shape dense = contiguous_strides(shape);
  const bool a_scalar = std::all_of(a_strides.begin(), a_strides.end(), [](int64_t s) { return s == 0; });
  const bool b_scalar = std::all_of(b_strides.begin(), b_strides.end(), [](int64_t s) { return s == 0; });
  const bool a_dense = a_scalar ? n <= 1 : a_strides == dense;
  const bool b_dense = b_scalar ? n <= 1 : b_strides == dense;
  if ((a_dense || a_scalar) && (b_dense || b_scalar)) {
    if (n <= 1) {
      if (n == 1) out[0] = f(a[0], b[0]);
      return;
    }
    const A av = a[0];
    const B bv = b[0];
    parallel_for(n, kGrainElementwise, [&](int64_t lo, int64_t hi) {
      if (a_dense && b_dense)
        for (int64_t i = lo; i < hi; ++i) out[i] = f(a[i], b[i]);
      else if (a_dense)
        for (int64_t i = lo; i < hi; ++i) out[i] = f(a[i], bv);
      else if (b_dense)
        for (int64_t i = lo; i < hi; ++i) out[i] = f(av, b[i]);
      else
        for (int64_t i = lo; i < hi; ++i) out[i] = f(av, bv);
    });
    return;
  }
  std::array<Shape, 3> st{byte_strides(contiguous_strides(shape), sizeof(O)), byte_strides(a_strides, sizeof(A)),
                          byte_strides(b_strides, sizeof(B))};
  for_each_strided<3>(
      shape,
      {reinterpret_cast<char*>(out), reinterpret_cast<char*>(const_cast<A*>(a)),
       reinterpret_cast<char*>(const_cast<B*>(b))},
      st, [&](std::array<char*, 3> p, const std::array<int64_t, 3>& s, int64_t m) {
        O* o = reinterpret_cast<O*>(p[0]);
        const A* x = reinterpret_cast<const A*>(p[1]);
        const B* y = reinterpret_cast<const B*>(p[2]);
        const int64_t sx = s[1] / static_cast<int64_t>(sizeof(A)), sy = s[2] / static_cast<int64_t>(sizeof(B));
        if (sx == 1 && sy == 1) {
          for (int64_t i = 0; i < m; ++i) o[i] = f(x[i], y[i]);
        } else if (sx == 1 && sy == 0) {
          const B yv = *y;
          for (int64_t i = 0; i < m; ++i) o[i] = f(x[i], yv);
        } else if (sx == 0 && sy == 1) {
          const A xv = *x;
          for (int64_t i = 0; i < m; ++i) o[i] = f(xv, y[i]);
        } else {
          for (int64_t i = 0; i < m; ++i) o[i] = f(x[i * sx], y[i * sy]);
        }
      });
}

// out = f(a, b, c) over broadcast `shape` (used by where and fused backward rules).
template <class O, class A, class B, class C, class F>
void map3(O* out, const Shape& shape, const A* a, const Shape& as, const B* b, const Shape& bs, const C* c,
          const Shape& cs, F f) {
  std::array<Shape, 4> st{byte_strides(contiguous_strides(shape), sizeof(O)), byte_strides(as, sizeof(A)),
                          byte_strides(bs, sizeof(B)), byte_strides(cs, sizeof(C))};
  for_each_strided<4>(shape,
                      {reinterpret_cast<char*>(out), reinterpret_cast<char*>(const_cast<A*>(a)),
                       reinterpret_cast<char*>(const_cast<B*>(b)), reinterpret_cast<char*>(const_cast<C*>(c))},
                      st, [&](std::array<char*, 4> p, const std::array<int64_t, 4>& s, int64_t m) {
                        O* o = reinterpret_cast<O*>(p[0]);
                        const A* x = reinterpret_cast<const A*>(p[1]);
                        const B* y = reinterpret_cast<const B*>(p[2]);
                        const C* z = reinterpret_cast<const C*>(p[3]);
                        const int64_t sx = s[1] / int64_t(sizeof(A)), sy = s[2] / int64_t(sizeof(B)),
                                      sz = s[3] / int64_t(sizeof(C));
                        for (int64_t i = 0; i < m; ++i) o[i] = f(x[i * sx], y[i * sy], z[i * sz]);
                      });
}

}  // namespace gg::kernels
