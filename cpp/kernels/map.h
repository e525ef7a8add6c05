// Elementwise maps over raw memory: one functor per op, one template per arity. The output is
// always contiguous; inputs are strided (broadcast axes have stride 0). Contiguous and scalar
// operands take dedicated inner loops that the compiler vectorizes.
//
// Only the loop over one run of elements is a template (run1/run2/run3 below: one compiled loop
// per element function and dtypes). The driver that splits a shape into runs and the runs across
// threads is compiled once (map.cpp) and calls the loop through a pointer: inlined into every op,
// dtype and fast path, it made the elementwise op files the slowest units of the build (issue 20).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/shape.h"

namespace gg::kernels {

namespace detail {

// One run of n elements: p[0] the output (contiguous), p[k] input k, s[k] its stride in elements
// (0: one repeated value); f the element function.
using RunFn = void (*)(const void* f, char* const* p, const int64_t* s, int64_t n);

// Calls `run` over runs covering `shape` for `k` operands (the output and k - 1 inputs, k <= 4):
// base pointers, element strides of the inputs (already broadcast), element sizes of all.
void map_runs(int k, const Shape& shape, char* const* base, const Shape* const* strides, const size_t* itemsize,
              RunFn run, const void* f);

template <class T>
char* bytes(const T* p) { return reinterpret_cast<char*>(const_cast<T*>(p)); }

template <class O, class A, class F>
void run1(const void* fp, char* const* p, const int64_t* s, int64_t n) {
  const F& f = *static_cast<const F*>(fp);
  O* o = reinterpret_cast<O*>(p[0]);
  const A* x = reinterpret_cast<const A*>(p[1]);
  const int64_t sx = s[1];
  if (sx == 1)
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
  else
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx]);
}

template <class O, class A, class B, class F>
void run2(const void* fp, char* const* p, const int64_t* s, int64_t n) {
  const F& f = *static_cast<const F*>(fp);
  O* o = reinterpret_cast<O*>(p[0]);
  const A* x = reinterpret_cast<const A*>(p[1]);
  const B* y = reinterpret_cast<const B*>(p[2]);
  const int64_t sx = s[1], sy = s[2];
  if (sx == 1 && sy == 1) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
  } else if (sx == 1 && sy == 0) {
    const B yv = *y;
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], yv);
  } else if (sx == 0 && sy == 1) {
    const A xv = *x;
    for (int64_t i = 0; i < n; ++i) o[i] = f(xv, y[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx], y[i * sy]);
  }
}

template <class O, class A, class B, class C, class F>
void run3(const void* fp, char* const* p, const int64_t* s, int64_t n) {
  const F& f = *static_cast<const F*>(fp);
  O* o = reinterpret_cast<O*>(p[0]);
  const A* x = reinterpret_cast<const A*>(p[1]);
  const B* y = reinterpret_cast<const B*>(p[2]);
  const C* z = reinterpret_cast<const C*>(p[3]);
  const int64_t sx = s[1], sy = s[2], sz = s[3];
  for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx], y[i * sy], z[i * sz]);
}

}  // namespace detail

// out = f(a) with a strided over `shape`.
template <class O, class A, class F>
void map1(O* out, const Shape& shape, const A* a, const Shape& a_strides, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a)};
  const Shape* const strides[] = {&a_strides};
  const size_t sizes[] = {sizeof(O), sizeof(A)};
  detail::map_runs(2, shape, base, strides, sizes, &detail::run1<O, A, F>, &f);
}

// out = f(a, b) over broadcast `shape`; a_strides/b_strides are already broadcast (0 = repeated).
template <class O, class A, class B, class F>
void map2(O* out, const Shape& shape, const A* a, const Shape& a_strides, const B* b, const Shape& b_strides, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a), detail::bytes(b)};
  const Shape* const strides[] = {&a_strides, &b_strides};
  const size_t sizes[] = {sizeof(O), sizeof(A), sizeof(B)};
  detail::map_runs(3, shape, base, strides, sizes, &detail::run2<O, A, B, F>, &f);
}

// out = f(a, b, c) over broadcast `shape` (used by where and fused backward rules).
template <class O, class A, class B, class C, class F>
void map3(O* out, const Shape& shape, const A* a, const Shape& as, const B* b, const Shape& bs, const C* c,
          const Shape& cs, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a), detail::bytes(b), detail::bytes(c)};
  const Shape* const strides[] = {&as, &bs, &cs};
  const size_t sizes[] = {sizeof(O), sizeof(A), sizeof(B), sizeof(C)};
  detail::map_runs(4, shape, base, strides, sizes, &detail::run3<O, A, B, C, F>, &f);
}

}  // namespace gg::kernels
