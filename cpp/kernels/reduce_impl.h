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

// The one loop of the flat reductions: four accumulators (hiding the step's latency) start at
// init and take x a vector at a time (a tail loaded with fill); join combines them pairwise.
template <class T, class Step, class Join>
typename Lanes<T>::S::F fold_lanes(const T* x, int64_t n, T init, T fill, Step step, Join join) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W;
  typename S::F a0 = S::set(init), a1 = a0, a2 = a0, a3 = a0;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    a0 = step(a0, S::load(x + i));
    a1 = step(a1, S::load(x + i + W));
    a2 = step(a2, S::load(x + i + 2 * W));
    a3 = step(a3, S::load(x + i + 3 * W));
  }
  for (; i + W <= n; i += W) a0 = step(a0, S::load(x + i));
  if (i < n) a1 = step(a1, S::loadn(x + i, n - i, fill));
  return join(join(a0, a1), join(a2, a3));
}

// The one loop of the middle-axis reductions: R rows of a chunk of cw <= 4 W columns folded by step
// into b[k] (vector k of the chunk; a partial one loaded with fill[k]).
template <class T, class Step>
void fold_rows(const T* x, int64_t R, int64_t ld, int64_t cw, typename Lanes<T>::S::F* b, const T* fill, Step step) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W;
  if (cw == 4 * W) {
    for (int64_t r = 0; r < R; ++r, x += ld)
      for (int k = 0; k < 4; ++k) b[k] = step(b[k], S::load(x + k * W));
  } else {
    for (int64_t r = 0; r < R; ++r, x += ld)
      for (int k = 0; k * W < cw; ++k) b[k] = step(b[k], S::loadn(x + k * W, min_of(W, cw - k * W), fill[k]));
  }
}

template <class T, bool Square>
double sum_lanes(const T* x, int64_t n) {
  using S = typename Lanes<T>::S;
  const auto step = [](typename S::F a, typename S::F v) { return accumulate<S, Square>(a, v); };
  const auto join = [](typename S::F a, typename S::F b) { return S::add(a, b); };
  return S::hsum(fold_lanes(x, n, T(0), T(0), step, join));
}

// Columns in chunks of four vectors, each summed over the R rows in registers.
template <class T, bool Square>
void sum_cols(const T* x, int64_t R, int64_t ld, int64_t w, double* acc) {
  using S = typename Lanes<T>::S;
  constexpr int64_t W = S::W, C = 4 * W;
  const T zeros[4] = {T(0), T(0), T(0), T(0)};
  for (int64_t i = 0; i < w; i += C) {
    const int64_t cw = min_of(C, w - i);
    typename S::F a[4] = {S::set(T(0)), S::set(T(0)), S::set(T(0)), S::set(T(0))};
    fold_rows(x + i, R, ld, cw, a, zeros, [](typename S::F s, typename S::F v) { return accumulate<S, Square>(s, v); });
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
  // NaN survives each step and join either way round.
  const auto step = [](typename S::F b, typename S::F v) { return extreme_step<S, Greater>(b, v); };
  T lanes[W];
  S::store(lanes, fold_lanes(x, n, x[0], x[0], step, step));
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
    T lanes[C], fill[4];
    for (int64_t j = 0; j < C; ++j) lanes[j] = best[i + min_of(j, cw - 1)];
    for (int k = 0; k < nv; ++k) b[k] = S::load(lanes + k * W), fill[k] = lanes[k * W];
    fold_rows(x + i, R, ld, cw, b, fill, [](typename S::F m, typename S::F v) { return extreme_step<S, Greater>(m, v); });
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
