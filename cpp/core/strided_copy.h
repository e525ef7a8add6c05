// Fill and (casting, broadcasting) strided copy: the tensor-level copies of core/tensor.cpp.
//
// Only the loop over one run of elements is a template (copy_run: one per (dst, src) storage
// dtype pair, 100 of them); the driver that splits a shape into runs and the runs across threads
// is compiled once (strided_copy.cpp) and calls the loop through a pointer, as kernels/map.h does.
// Inlined into every pair, it made core/tensor.cpp one of the slowest units of the build (issue 20).
#pragma once
#include "core/half.h"
#include "core/parallel.h"
#include "core/shape.h"

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

namespace detail {

// One run of m elements, d[i * sd] = x[i * sx] (strides in elements), casting.
using CopyRunFn = void (*)(char* d, const char* x, int64_t sd, int64_t sx, int64_t m);

template <class D, class S>
void copy_run(char* dp, const char* xp, int64_t sd, int64_t sx, int64_t m) {
  D* d = reinterpret_cast<D*>(dp);
  const S* x = reinterpret_cast<const S*>(xp);
  if (sd == 1 && sx == 1)  // the contiguous run, vectorized
    convert_run(d, x, m);
  else
    for (int64_t i = 0; i < m; ++i) d[i * sd] = static_cast<D>(x[i * sx]);
}

// Calls `run` over the runs of dst (strided) = src (strided, broadcast to dst's shape); element
// strides and sizes.
void copy_runs(char* dst, size_t dst_size, const Shape& shape, const Shape& dst_strides, const char* src,
               size_t src_size, const Shape& src_strides, CopyRunFn run);

}  // namespace detail

// dst (strided) = src (strided, broadcast to dst's shape), casting.
template <class D, class S>
void assign(D* dst, const Shape& shape, const Shape& dst_strides, const S* src, const Shape& src_strides) {
  detail::copy_runs(reinterpret_cast<char*>(dst), sizeof(D), shape, dst_strides, reinterpret_cast<const char*>(src),
                    sizeof(S), src_strides, &detail::copy_run<D, S>);
}

// out (contiguous) = in (strided), casting.
template <class I, class O>
void strided_copy(const I* in, const Shape& shape, const Shape& strides, O* out) {
  assign(out, shape, contiguous_strides(shape), in, strides);
}

}  // namespace gg
