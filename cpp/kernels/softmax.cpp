// Softmax family kernels (see softmax.h). Each line is processed in two or three passes that
// stay in cache; a line with unit stride (inner == 1, the common (N, C) case) gets a loop the
// compiler vectorizes, via the compile-time stride below.
#include "kernels/softmax.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/parallel.h"

namespace gg::kernels {

namespace {

using Unit = std::integral_constant<int64_t, 1>;

// Calls f(line_offset, stride) for every line, split across threads; f is instantiated with a
// compile-time unit stride when inner == 1.
template <class F>
void for_each_line(int64_t outer, int64_t D, int64_t inner, F&& f) {
  const int64_t lines = outer * inner;
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(D, 1));
  parallel_for(lines, grain, [&](int64_t b, int64_t e) {
    for (int64_t l = b; l < e; ++l) {
      const int64_t o = l / inner, i = l % inner;
      const int64_t base = o * D * inner + i;
      if (inner == 1)
        f(base, Unit{});
      else
        f(base, inner);
    }
  });
}

template <class T, class S>
T line_max(const T* x, int64_t D, S s) {
  T m = -std::numeric_limits<T>::infinity();
  for (int64_t d = 0; d < D; ++d) m = std::max(m, x[d * s]);
  return m;
}

// log(sum exp(x)) of one line, shifted by the max; an all -inf line gives -inf.
template <class T, class S>
T line_lse(const T* x, int64_t D, S s) {
  const T m = line_max(x, D, s);
  if (std::isinf(m)) return m;
  T acc = 0;
  for (int64_t d = 0; d < D; ++d) acc += std::exp(x[d * s] - m);
  return m + std::log(acc);
}

}  // namespace

template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t D, int64_t inner, bool log) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const T* xl = x + base;
    T* yl = y + base;
    if (log) {
      const T lse = line_lse(xl, D, s);
      for (int64_t d = 0; d < D; ++d) yl[d * s] = xl[d * s] - lse;
      return;
    }
    const T m = line_max(xl, D, s);
    T acc = 0;
    for (int64_t d = 0; d < D; ++d) {
      const T e = std::exp(xl[d * s] - m);
      yl[d * s] = e;
      acc += e;
    }
    const T inv = T(1) / acc;
    for (int64_t d = 0; d < D; ++d) yl[d * s] *= inv;
  });
}

template <class T>
void softmax_backward(const T* y, const T* g, T* gx, int64_t outer, int64_t D, int64_t inner, bool log) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const T *yl = y + base, *gl = g + base;
    T* ol = gx + base;
    T acc = 0;
    if (log) {
      for (int64_t d = 0; d < D; ++d) acc += gl[d * s];
      for (int64_t d = 0; d < D; ++d) ol[d * s] = gl[d * s] - std::exp(yl[d * s]) * acc;
    } else {
      for (int64_t d = 0; d < D; ++d) acc += gl[d * s] * yl[d * s];
      for (int64_t d = 0; d < D; ++d) ol[d * s] = yl[d * s] * (gl[d * s] - acc);
    }
  });
}

template <class T>
void cross_entropy_forward(const T* x, const int64_t* labels, T* loss, T* lse, int64_t outer, int64_t D,
                           int64_t inner) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const int64_t line = (base / (D * inner)) * inner + base % (D * inner);
    const T v = line_lse(x + base, D, s);
    lse[line] = v;
    loss[line] = v - x[base + labels[line] * s];
  });
}

template <class T>
void cross_entropy_backward(const T* x, const T* lse, const int64_t* labels, const T* g, T* gx, int64_t outer,
                            int64_t D, int64_t inner) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const int64_t line = (base / (D * inner)) * inner + base % (D * inner);
    const T *xl = x + base, v = lse[line], gl = g[line];
    T* ol = gx + base;
    for (int64_t d = 0; d < D; ++d) ol[d * s] = std::exp(xl[d * s] - v) * gl;
    ol[labels[line] * s] -= gl;
  });
}

#define GG_INSTANTIATE(T)                                                                                   \
  template void softmax_forward<T>(const T*, T*, int64_t, int64_t, int64_t, bool);                         \
  template void softmax_backward<T>(const T*, const T*, T*, int64_t, int64_t, int64_t, bool);              \
  template void cross_entropy_forward<T>(const T*, const int64_t*, T*, T*, int64_t, int64_t, int64_t);     \
  template void cross_entropy_backward<T>(const T*, const T*, const int64_t*, const T*, T*, int64_t, int64_t, \
                                          int64_t);
GG_INSTANTIATE(float)
GG_INSTANTIATE(double)
#undef GG_INSTANTIATE

}  // namespace gg::kernels
