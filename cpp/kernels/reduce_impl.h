// The reduction loops of reduce_isa.h, written once over the SIMD abstraction of one level
// (V for float, VD for double: kernels/simd_*.h) and compiled once per instruction set. Each
// includer defines GG_REDUCE_ISA (its own namespace), aliases V and VD in it, then includes this
// header. It includes no library header (no std::min, no std::isnan): no shared inline function is
// ever compiled with wider instructions than the CPU has.
#ifndef GG_REDUCE_ISA
#error "define GG_REDUCE_ISA, V and VD before including reduce_impl.h"
#endif
#include "kernels/reduce_isa.h"

namespace gg::kernels::GG_REDUCE_ISA {
namespace {

inline int64_t min_of(int64_t a, int64_t b) { return a < b ? a : b; }
template <class T> bool is_nan(T v) { return v != v; }

template <class T> struct Lanes;
template <> struct Lanes<float> { using S = V; };
template <> struct Lanes<double> { using S = VD; };

template <class S, bool Square>
typename S::F accumulate(typename S::F acc, typename S::F v) {
  if constexpr (Square) return S::fma(v, v, acc);
  return S::add(acc, v);
}

// Four accumulators hide the add latency; a tail is loaded with zeros.
template <class T, bool Square>
double sum_lanes(const T* x, int64_t n) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W;
  typename S::F a0 = S::set(T(0)), a1 = a0, a2 = a0, a3 = a0;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    a0 = accumulate<S, Square>(a0, S::load(x + i));
    a1 = accumulate<S, Square>(a1, S::load(x + i + W));
    a2 = accumulate<S, Square>(a2, S::load(x + i + 2 * W));
    a3 = accumulate<S, Square>(a3, S::load(x + i + 3 * W));
  }
  for (; i + W <= n; i += W) a0 = accumulate<S, Square>(a0, S::load(x + i));
  if (i < n) a1 = accumulate<S, Square>(a1, S::loadn(x + i, n - i, T(0)));
  return S::hsum(S::add(S::add(a0, a1), S::add(a2, a3)));
}

// Columns in chunks of four vectors, each summed over the R rows in registers.
template <class T, bool Square>
void sum_cols(const T* x, int64_t R, int64_t ld, int64_t w, double* acc) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W, C = 4 * W;
  for (int64_t i = 0; i < w; i += C) {
    const int64_t cw = min_of(C, w - i);
    typename S::F a[4] = {S::set(T(0)), S::set(T(0)), S::set(T(0)), S::set(T(0))};
    const T* xi = x + i;
    if (cw == C) {
      for (int64_t r = 0; r < R; ++r, xi += ld)
        for (int k = 0; k < 4; ++k) a[k] = accumulate<S, Square>(a[k], S::load(xi + k * W));
    } else {
      for (int64_t r = 0; r < R; ++r, xi += ld)
        for (int k = 0; k * W < cw; ++k) a[k] = accumulate<S, Square>(a[k], S::loadn(xi + k * W, min_of(W, cw - k * W), T(0)));
    }
    T lanes[C];
    for (int k = 0; k < 4; ++k) S::store(lanes + k * W, a[k]);
    for (int64_t j = 0; j < cw; ++j) acc[i + j] += lanes[j];
  }
}

// V::max(v, b) returns b when either is NaN, so a NaN in b stays; a NaN in v is selected.
template <class S, bool Greater>
typename S::F extreme_step(typename S::F b, typename S::F v) {
  return S::sel(S::isnan(v), v, Greater ? S::max(v, b) : S::min(v, b));
}

template <class T, bool Greater>
T extreme_lanes(const T* x, int64_t n) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W;
  typename S::F b0 = S::set(x[0]), b1 = b0, b2 = b0, b3 = b0;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    b0 = extreme_step<S, Greater>(b0, S::load(x + i));
    b1 = extreme_step<S, Greater>(b1, S::load(x + i + W));
    b2 = extreme_step<S, Greater>(b2, S::load(x + i + 2 * W));
    b3 = extreme_step<S, Greater>(b3, S::load(x + i + 3 * W));
  }
  for (; i + W <= n; i += W) b0 = extreme_step<S, Greater>(b0, S::load(x + i));
  if (i < n) b1 = extreme_step<S, Greater>(b1, S::loadn(x + i, n - i, x[0]));
  // NaN survives each step either way round.
  b0 = extreme_step<S, Greater>(extreme_step<S, Greater>(b0, b1), extreme_step<S, Greater>(b2, b3));
  T lanes[W];
  S::store(lanes, b0);
  T best = lanes[0];
  for (int64_t j = 0; j < W; ++j) {
    if (is_nan(lanes[j])) return lanes[j];
    if (Greater ? lanes[j] > best : lanes[j] < best) best = lanes[j];
  }
  return best;
}

template <class T>
int64_t find(const T* x, int64_t n, T v) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W;
  const bool nan = is_nan(v);
  const typename S::F vv = S::set(v);
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    const typename S::F xv = S::load(x + i);
    if (S::any(nan ? S::isnan(xv) : S::eq(xv, vv))) break;
  }
  for (; i < n; ++i)
    if (nan ? is_nan(x[i]) : x[i] == v) return i;
  return n;
}

// Columns in chunks of four vectors, their running extremes loaded from best and stored back.
template <class T, bool Greater>
void extreme_cols(const T* x, int64_t R, int64_t ld, int64_t w, T* best) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W, C = 4 * W;
  for (int64_t i = 0; i < w; i += C) {
    const int64_t cw = min_of(C, w - i);
    const int nv = static_cast<int>((cw + W - 1) / W);
    typename S::F b[4];
    T lanes[C];
    for (int64_t j = 0; j < C; ++j) lanes[j] = best[i + min_of(j, cw - 1)];
    for (int k = 0; k < nv; ++k) b[k] = S::load(lanes + k * W);
    const T* xi = x + i;
    if (cw == C) {
      for (int64_t r = 0; r < R; ++r, xi += ld)
        for (int k = 0; k < 4; ++k) b[k] = extreme_step<S, Greater>(b[k], S::load(xi + k * W));
    } else {
      for (int64_t r = 0; r < R; ++r, xi += ld)
        for (int k = 0; k < nv; ++k) b[k] = extreme_step<S, Greater>(b[k], S::loadn(xi + k * W, min_of(W, cw - k * W), lanes[k * W]));
    }
    for (int k = 0; k < nv; ++k) S::store(lanes + k * W, b[k]);
    for (int64_t j = 0; j < cw; ++j) best[i + j] = lanes[j];
  }
}

// The same with the row of each extreme: rows are numbered from r0, and a row replaces the best so
// far only when strictly beyond it (the first among ties), its number held in a lane of T (exact:
// R is a small block). A NaN is found by a scalar pass over the columns of a chunk that met one.
template <class T, bool Greater>
void arg_extreme_cols(const T* x, int64_t R, int64_t ld, int64_t w, int64_t r0, T* best, int64_t* idx) {
  using S = typename Lanes<T>::S;
  using F = typename S::F;
  constexpr int64_t W = S::W, C = 4 * W;
  for (int64_t i = 0; i < w; i += C) {
    const int64_t cw = min_of(C, w - i);
    const int nv = static_cast<int>((cw + W - 1) / W);
    auto load = [&](const T* p, int k) { return k * W + W <= cw ? S::load(p + k * W) : S::loadn(p + k * W, cw - k * W, T(0)); };
    F b[4], bi[4];
    typename S::M nan = S::isnan(S::set(T(0)));
    for (int k = 0; k < nv; ++k) {
      b[k] = load(best + i, k);
      bi[k] = S::set(T(-1));  // no row of this block yet
    }
    const T* xi = x + i;
    for (int64_t r = 0; r < R; ++r, xi += ld) {
      const F row = S::set(static_cast<T>(r));
      for (int k = 0; k < nv; ++k) {
        const F v = load(xi, k);
        const auto m = Greater ? S::gt(v, b[k]) : S::lt(v, b[k]);
        b[k] = S::sel(m, v, b[k]);
        bi[k] = S::sel(m, row, bi[k]);
        nan = S::mor(nan, S::isnan(v));
      }
    }
    T lb[C], li[C];
    for (int k = 0; k < nv; ++k) {
      S::store(lb + k * W, b[k]);
      S::store(li + k * W, bi[k]);
    }
    const bool any_nan = S::any(nan);
    for (int64_t j = 0; j < cw; ++j) {
      // A best that is NaN came in so: nothing replaces it.
      int64_t r = R;
      if (any_nan && !is_nan(lb[j]))
        for (r = 0; r < R && !is_nan(x[r * ld + i + j]); ++r) {
        }
      if (r < R) {
        best[i + j] = x[r * ld + i + j];
        idx[i + j] = r0 + r;
      } else if (li[j] >= 0) {
        best[i + j] = lb[j];
        idx[i + j] = r0 + static_cast<int64_t>(li[j]);
      }
    }
  }
}

template <class T>
reduce_detail::ReduceLoops<T> make_loops() {
  return {&sum_lanes<T, false>,         &sum_lanes<T, true>,           &sum_cols<T, false>,
          &sum_cols<T, true>,           &extreme_lanes<T, true>,       &extreme_lanes<T, false>,
          &find<T>,                     &extreme_cols<T, true>,        &extreme_cols<T, false>,
          &arg_extreme_cols<T, true>,   &arg_extreme_cols<T, false>};
}

}  // namespace
}  // namespace gg::kernels::GG_REDUCE_ISA
