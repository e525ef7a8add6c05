// Scans along the middle axis of a contiguous (outer, R, inner) block, forward or in reverse:
//   sum / prod:   y[o, r, i] = x[o, 0, i] (op) ... (op) x[o, r, i]
//   logsumexp:    y[o, r, i] = log(exp(x[o, 0, i]) + ... + exp(x[o, r, i]))
//   extreme:      the running max (min) and the position it was last reached at (PyTorch's ties
//                 and NaN rule: a NaN, once met, is the running value)
//   decay:        y[r] = sum over s <= r of exp(w[s] - w[r]) b[s] (reverse: s >= r, exp(w[r] - w[s])),
//                 by the recurrence y[r] = exp(w[r - 1] - w[r]) y[r - 1] + b[r]: the derivatives of
//                 logcumsumexp (w is its output, nondecreasing, so every exponent is <= 0)
// Columns (o, i) are independent: threads split `outer`, the inner loop runs over i.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "core/parallel.h"
#include "core/wrap.h"

namespace gg::kernels {

enum class Scan { Sum, Prod, LogSumExp };

template <class T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

// log(exp(a) + exp(b)) without overflow; -inf + -inf stays -inf.
template <class T>
T log_add_exp(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
  const T m = std::max(a, b);
  if (std::isinf(m) && (m < 0 || a == b)) return m;
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

// Visits every column of an (outer, R, inner) block, in either direction along R:
// f(base offset of the column's first element along R order, step between consecutive r).
template <class F>
void for_columns(int64_t outer, int64_t R, int64_t inner, bool reverse, F&& f) {
  const int64_t work = R * inner;
  parallel_for(outer, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(work, 1)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t first = o * R * inner + i + (reverse ? (R - 1) * inner : 0);
        f(first, reverse ? -inner : inner);
      }
  });
}

template <class T>
void scan_axis(const T* x, T* y, int64_t outer, int64_t R, int64_t inner, Scan op, bool reverse) {
  if (R == 0) return;
  // Accumulate floats in double (as PyTorch's CPU scans), integers wrapping modulo 2^64.
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
  for_columns(outer, R, inner, reverse, [&](int64_t p, int64_t step) {
    Acc acc = static_cast<Acc>(x[p]);
    y[p] = static_cast<T>(acc);
    for (int64_t r = 1; r < R; ++r) {
      p += step;
      const Acc v = static_cast<Acc>(x[p]);
      if (op == Scan::Sum) acc = wrap_add(acc, v);
      else if (op == Scan::Prod) acc = wrap_mul(acc, v);
      else if constexpr (std::is_floating_point_v<T>) acc = log_add_exp(acc, v);
      y[p] = static_cast<T>(acc);
    }
  });
}

template <class T>
void cum_extreme_axis(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner, bool greater) {
  if (R == 0) return;
  for_columns(outer, R, inner, false, [&](int64_t p, int64_t step) {
    T best = x[p];
    int64_t at = 0;
    for (int64_t r = 0; r < R; ++r, p += step) {
      const T v = x[p];
      if (!is_nan(best) && (is_nan(v) || (greater ? v >= best : v <= best))) {
        best = v;
        at = r;
      }
      y[p] = best;
      idx[p] = at;
    }
  });
}

template <class T>
void decay_scan_axis(const T* w, const T* b, T* y, int64_t outer, int64_t R, int64_t inner, bool reverse) {
  if (R == 0) return;
  for_columns(outer, R, inner, reverse, [&](int64_t p, int64_t step) {
    double acc = b[p];
    y[p] = static_cast<T>(acc);
    for (int64_t r = 1; r < R; ++r) {
      const double prev = w[p];
      p += step;
      // exp(w[lower position] - w[higher position]); equal infinities: no decay
      const double d = prev == w[p] ? 0.0 : reverse ? w[p] - prev : prev - w[p];
      acc = std::exp(d) * acc + b[p];
      y[p] = static_cast<T>(acc);
    }
  });
}

}  // namespace gg::kernels
