// Blocking, threading and the combination of partial results for the reductions of reduce.h;
// the per-ISA loops (reduce_impl.h) do each serial pass.
#include "kernels/reduce.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "core/parallel.h"
#include "kernels/isa.h"
#include "kernels/reduce_isa.h"

namespace gg::kernels {

namespace {

using reduce_detail::IsaLoops;
using reduce_detail::ReduceLoops;

// Elements a contiguous sum adds in lanes of T before its total goes to double (a fixed block
// grid from the start of each row, whatever the threads).
constexpr int64_t kBlock = 4096;
// Rows a column sums in a lane of T before going to double; the row blocks of max/min too.
constexpr int64_t kRows = 128;
// Columns per task of the middle-axis loops.
constexpr int64_t kTile = 256;

// Read on every call: a level forced at run time applies at once. Each table is built on first
// use only: loops_avx512() itself runs AVX-512 instructions.
const IsaLoops& loops() {
#ifdef GG_X86
  if (isa() == Isa::Avx512) {
    static const IsaLoops avx512 = reduce_detail::loops_avx512();
    return avx512;
  }
  if (isa() == Isa::Avx2) {
    static const IsaLoops avx2 = reduce_detail::loops_avx2();
    return avx2;
  }
#endif
  static const IsaLoops generic = reduce_detail::loops_generic();
  return generic;
}

template <class T>
const ReduceLoops<T>& loops_for() {
  if constexpr (std::is_same_v<T, float>) return loops().f32;
  else return loops().f64;
}

template <class T>
double blocked_sum(const ReduceLoops<T>& L, const T* x, int64_t n, bool square) {
  double total = 0;
  for (int64_t b = 0; b < n; b += kBlock) total += (square ? L.sumsq : L.sum)(x + b, std::min(kBlock, n - b));
  return total;
}

template <class T, bool Greater>
bool beats(T v, T best) {
  return std::isnan(v) || (Greater ? v > best : v < best);
}

template <class T>
struct Extreme {
  T value;
  int64_t index;
};

// The first extreme of x[0, n) and its index, block by block: a block's extreme (a vector pass)
// is looked up (a second pass, in L1) only when it beats the best so far.
template <class T, bool Greater>
Extreme<T> first_extreme(const ReduceLoops<T>& L, const T* x, int64_t n) {
  Extreme<T> best{x[0], 0};
  for (int64_t b = 0; b < n && !std::isnan(best.value); b += kBlock) {
    const int64_t len = std::min(kBlock, n - b);
    const T m = (Greater ? L.max : L.min)(x + b, len);
    if (beats<T, Greater>(m, best.value)) best = {m, b + L.find(x + b, len, m)};
  }
  return best;
}

}  // namespace

template <class T>
void reduce_sum(const T* x, T* y, int64_t outer, int64_t R, int64_t inner, bool square) {
  const ReduceLoops<T>& L = loops_for<T>();
  if (inner == 1 && outer == 1) {
    // Blocks in parallel, their sums added in order: the same additions as one thread.
    const int64_t nb = (R + kBlock - 1) / kBlock;
    std::vector<double> part(nb);
    parallel_for(nb, std::max<int64_t>(1, kGrainElementwise / kBlock), [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k) part[k] = (square ? L.sumsq : L.sum)(x + k * kBlock, std::min(kBlock, R - k * kBlock));
    });
    double total = 0;
    for (double p : part) total += p;
    y[0] = static_cast<T>(total);
    return;
  }
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R * std::min(inner, kTile), 1));
  if (inner == 1) {
    parallel_for(outer, grain, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) y[o] = static_cast<T>(blocked_sum(L, x + o * R, R, square));
    });
    return;
  }
  const int64_t tiles = (inner + kTile - 1) / kTile;
  parallel_for(outer * tiles, grain, [&](int64_t b, int64_t e) {
    double acc[kTile];
    for (int64_t t = b; t < e; ++t) {
      const int64_t o = t / tiles, i0 = t % tiles * kTile, w = std::min(kTile, inner - i0);
      std::fill(acc, acc + w, 0.0);
      const T* xo = x + o * R * inner + i0;
      for (int64_t r = 0; r < R; r += kRows)
        (square ? L.sumsq_cols : L.sum_cols)(xo + r * inner, std::min(kRows, R - r), inner, w, acc);
      for (int64_t j = 0; j < w; ++j) y[o * inner + i0 + j] = static_cast<T>(acc[j]);
    }
  });
}

template <class T, bool Greater>
void reduce_extreme(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner) {
  const ReduceLoops<T>& L = loops_for<T>();
  if (inner == 1 && outer == 1) {
    // Chunks in parallel, combined in order: the first extreme whatever the chunks. Several per
    // thread, as parallel_for makes them: with one each, a worker that starts late left the
    // caller to run its chunk too (2 threads slower than 1: amax 1M 110 vs 92 µs on Zen 2).
    const int nc = chunks_for(R, kGrainElementwise);
    std::vector<Extreme<T>> part(nc, Extreme<T>{x[0], 0});
    parallel_chunks(R, nc, [&](int c, int64_t b, int64_t e) {
      if (idx) {
        part[c] = first_extreme<T, Greater>(L, x + b, e - b);
        part[c].index += b;
      } else {
        part[c] = {(Greater ? L.max : L.min)(x + b, e - b), b};
      }
    });
    Extreme<T> best = part[0];
    for (int c = 1; c < nc && !std::isnan(best.value); ++c)
      if (beats<T, Greater>(part[c].value, best.value)) best = part[c];
    y[0] = best.value;
    if (idx) idx[0] = best.index;
    return;
  }
  const int64_t grain = std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R * std::min(inner, kTile), 1));
  if (inner == 1) {
    parallel_for(outer, grain, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        if (idx) {
          const Extreme<T> m = first_extreme<T, Greater>(L, x + o * R, R);
          y[o] = m.value;
          idx[o] = m.index;
        } else {
          y[o] = (Greater ? L.max : L.min)(x + o * R, R);
        }
      }
    });
    return;
  }
  // Row 0 starts every column; blocks of kRows rows follow, each column chunk in registers.
  const int64_t tiles = (inner + kTile - 1) / kTile;
  parallel_for(outer * tiles, grain, [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t o = t / tiles, i0 = t % tiles * kTile, w = std::min(kTile, inner - i0), at = o * inner + i0;
      const T* xo = x + o * R * inner + i0;
      std::copy(xo, xo + w, y + at);
      if (idx) std::fill(idx + at, idx + at + w, int64_t{0});
      for (int64_t r = 1; r < R; r += kRows) {
        const int64_t rows = std::min(kRows, R - r);
        if (idx) (Greater ? L.argmax_cols : L.argmin_cols)(xo + r * inner, rows, inner, w, r, y + at, idx + at);
        else (Greater ? L.max_cols : L.min_cols)(xo + r * inner, rows, inner, w, y + at);
      }
    }
  });
}

const char* reduce_kernel_isa() { return loops().name; }

template void reduce_sum<float>(const float*, float*, int64_t, int64_t, int64_t, bool);
template void reduce_sum<double>(const double*, double*, int64_t, int64_t, int64_t, bool);
template void reduce_extreme<float, true>(const float*, float*, int64_t*, int64_t, int64_t, int64_t);
template void reduce_extreme<float, false>(const float*, float*, int64_t*, int64_t, int64_t, int64_t);
template void reduce_extreme<double, true>(const double*, double*, int64_t*, int64_t, int64_t, int64_t);
template void reduce_extreme<double, false>(const double*, double*, int64_t*, int64_t, int64_t, int64_t);

}  // namespace gg::kernels
