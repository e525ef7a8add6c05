// Softmax family kernels (see softmax.h). Each line is processed in two or three passes that
// stay in cache; a float32 line with unit stride (inner == 1, the common (N, C) case) runs the
// explicit SIMD loops of kernels/vmath.h, other lines scalar loops.
#include "kernels/softmax.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/parallel.h"
#include "kernels/vmath.h"

namespace gg::kernels {

namespace {

using Unit = std::integral_constant<int64_t, 1>;

// Lines that take the vectorized float32 loops.
template <class T, class S>
constexpr bool kVector = std::is_same_v<T, float> && std::is_same_v<S, Unit>;

// Calls f(line_offset, stride) for every line, split across threads; f is instantiated with a
// compile-time unit stride when inner == 1.
template <class F>
void for_each_line(int64_t outer, int64_t D, int64_t inner, F&& f) {
  const int64_t lines = outer * inner;
  const int64_t grain = std::max<int64_t>(1, kGrainVmath / std::max<int64_t>(D, 1));  // exp-bound lines
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

// log(sum exp(x - m)) of one line, with m = max(x) (returned too). Kept apart from m so that
// callers can subtract m from nearby values first: m + log(acc) rounds at m's magnitude. The
// max's own term is exactly 1, so the rest is summed alone and log1p keeps small tails exact
// (log(1 + e^-30) is 9.36e-14, not a rounding of 1).
template <class T, class S>
T line_log_sum_exp_shifted(const T* x, int64_t D, S s, T& m) {
  if constexpr (kVector<T, S>) {
    const VmathKernels& k = vmath();
    m = k.max(x, D);
    if (std::isinf(m) || std::isnan(m)) return std::isnan(m) ? m : D > 0 && m > 0 ? T(0) : std::log(T(D > 0));
    float ties;
    const float rest = k.exp_rest(x, D, m, &ties);
    return std::log1p((ties - 1) + rest);  // every maximal element's term is exactly 1
  } else {
    int64_t im = 0;
    m = D > 0 ? x[0] : -std::numeric_limits<T>::infinity();
    for (int64_t d = 1; d < D; ++d)
      if (x[d * s] > m) m = x[d * s], im = d;
    if (std::isinf(m)) return D > 0 && m > 0 ? T(0) : std::log(T(D > 0));
    T rest = 0;
    for (int64_t d = 0; d < D; ++d) rest += d == im ? T(0) : std::exp(x[d * s] - m);
    return std::log1p(rest);
  }
}

}  // namespace

template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t D, int64_t inner, bool log) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const T* xl = x + base;
    T* yl = y + base;
    if (log) {
      T m;
      const T r = line_log_sum_exp_shifted(xl, D, s, m);
      if constexpr (kVector<T, decltype(s)>) {
        vmath().sub2(xl, yl, D, m, r);
      } else {
        for (int64_t d = 0; d < D; ++d) yl[d * s] = (xl[d * s] - m) - r;
      }
      return;
    }
    if constexpr (kVector<T, decltype(s)>) {
      const VmathKernels& k = vmath();
      const float m = k.max(xl, D);
      k.scale(yl, D, 1.0f / k.exp_shifted(xl, yl, D, m, 1.0f));
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
    if constexpr (kVector<T, decltype(s)>) {
      const VmathKernels& k = vmath();
      k.softmax_backward(yl, gl, ol, D, log ? k.sum(gl, D) : k.dot(gl, yl, D), log);
      return;
    }
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

namespace {

// ol = e^{xl - v} * gl along one line.
template <class T, class S>
void line_exp_times(const T* xl, T* ol, int64_t D, S s, T v, T gl) {
  if constexpr (kVector<T, S>) {
    vmath().exp_shifted(xl, ol, D, v, gl);
  } else {
    for (int64_t d = 0; d < D; ++d) ol[d * s] = std::exp(xl[d * s] - v) * gl;
  }
}

// Index of a line's output (outer * inner of them) from its first element's offset.
int64_t line_index(int64_t base, int64_t D, int64_t inner) { return (base / (D * inner)) * inner + base % (D * inner); }

}  // namespace

template <class T>
void logsumexp_forward(const T* x, T* lse, int64_t outer, int64_t D, int64_t inner) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    T m;
    const T r = line_log_sum_exp_shifted(x + base, D, s, m);
    lse[line_index(base, D, inner)] = m + r;
  });
}

template <class T>
void logsumexp_backward(const T* x, const T* lse, const T* g, T* gx, int64_t outer, int64_t D, int64_t inner) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const int64_t line = line_index(base, D, inner);
    line_exp_times(x + base, gx + base, D, s, lse[line], g[line]);
  });
}

template <class T>
void cross_entropy_forward(const T* x, const int64_t* labels, T* loss, T* lse, int64_t outer, int64_t D,
                           int64_t inner, int64_t ignore_index) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const int64_t line = line_index(base, D, inner);
    if (labels[line] == ignore_index) {
      loss[line] = lse[line] = T(0);
      return;
    }
    T m;
    const T r = line_log_sum_exp_shifted(x + base, D, s, m);
    lse[line] = m + r;
    loss[line] = (m - x[base + labels[line] * s]) + r;  // exact difference first (logits of +-1e4)
  });
}

template <class T>
void cross_entropy_backward(const T* x, const T* lse, const int64_t* labels, const T* g, T* gx, int64_t outer,
                            int64_t D, int64_t inner, int64_t ignore_index) {
  for_each_line(outer, D, inner, [&](int64_t base, auto s) {
    const int64_t line = line_index(base, D, inner);
    T* ol = gx + base;
    if (labels[line] == ignore_index) {
      for (int64_t d = 0; d < D; ++d) ol[d * s] = T(0);
      return;
    }
    line_exp_times(x + base, ol, D, s, lse[line], g[line]);
    ol[labels[line] * s] -= g[line];
  });
}

#define GG_INSTANTIATE(T)                                                                                   \
  template void logsumexp_forward<T>(const T*, T*, int64_t, int64_t, int64_t);                              \
  template void logsumexp_backward<T>(const T*, const T*, const T*, T*, int64_t, int64_t, int64_t);         \
  template void softmax_forward<T>(const T*, T*, int64_t, int64_t, int64_t, bool);                         \
  template void softmax_backward<T>(const T*, const T*, T*, int64_t, int64_t, int64_t, bool);              \
  template void cross_entropy_forward<T>(const T*, const int64_t*, T*, T*, int64_t, int64_t, int64_t, int64_t); \
  template void cross_entropy_backward<T>(const T*, const T*, const int64_t*, const T*, T*, int64_t, int64_t, \
                                          int64_t, int64_t);
GG_INSTANTIATE(float)
GG_INSTANTIATE(double)
#undef GG_INSTANTIATE

}  // namespace gg::kernels
