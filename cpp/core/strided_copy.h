// Fill and (casting, broadcasting) strided copy: the tensor-level copies of core/tensor.cpp.
#pragma once
#include "core/half.h"
#include "core/parallel.h"
#include "core/strided_loop.h"

namespace gg {

// d[i] = x[i] over a contiguous run, casting; float16 <-> float32 runs have their own (F16C)
// overloads in core/half.h.
template <class D, class S>
void convert_run(D* d, const S* x, int64_t m) {
  for (int64_t i = 0; i < m; ++i) d[i] = static_cast<D>(x[i]);
}

template <class T>
void fill(T* out, int64_t n, T value) {
  parallel_for(n, kGrainElementwise, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) out[i] = value;
  });
}

// dst (strided) = src (strided, broadcast to dst's shape), casting.
template <class D, class S>
void assign(D* dst, const Shape& shape, const Shape& dst_strides, const S* src, const Shape& src_strides) {
  std::array<Shape, 2> st{byte_strides(dst_strides, sizeof(D)), byte_strides(src_strides, sizeof(S))};
  for_each_strided<2>(shape, {reinterpret_cast<char*>(dst), reinterpret_cast<char*>(const_cast<S*>(src))}, st,
                      [](std::array<char*, 2> p, const std::array<int64_t, 2>& s, int64_t m) {
                        D* d = reinterpret_cast<D*>(p[0]);
                        const S* x = reinterpret_cast<const S*>(p[1]);
                        const int64_t sd = s[0] / int64_t(sizeof(D)), sx = s[1] / int64_t(sizeof(S));
                        if (sd == 1 && sx == 1)  // the contiguous run, vectorized
                          convert_run(d, x, m);
                        else
                          for (int64_t i = 0; i < m; ++i) d[i * sd] = static_cast<D>(x[i * sx]);
                      });
}

// out (contiguous) = in (strided), casting.
template <class I, class O>
void strided_copy(const I* in, const Shape& shape, const Shape& strides, O* out) {
  assign(out, shape, contiguous_strides(shape), in, strides);
}

}  // namespace gg
