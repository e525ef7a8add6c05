// The GEMV-shaped half of the GEMM (included by microkernel.h, templated over the same SIMD traits
// S): products with one to four rows of C whose B operand is stored transposed, as in a linear
// layer at batch 1 (x · Wᵀ, W stored (out, in)) or, transposed, W · h for a column h. Each C element
// is a dot product of two contiguous rows of length k, so both operands are read in place, with
// vectors along k; packing B would copy all of it to use each element once.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace gg::kernels::gemm_detail {

// C(i, j) = alpha * sum_p a[i * lda + p] * b[j * ldb + p] + beta * C(i, j) for i < m, j < n, with
// C(i, j) at c[i * rsc + j * csc]; beta == 0 never reads C; ab = {alpha, beta}.
template <class T>
using DotFn = void (*)(int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t rsc,
                       int64_t csc, const T* ab, int m, int n);
// The same for any number n of B's rows, in tiles.
template <class T>
using DotRowsFn = void (*)(int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t rsc,
                           int64_t csc, const T* ab, int m, int64_t n);

// Rows of C a dot tile has at most, and how many rows of B it takes at a time for m rows: about
// 12 accumulators plus the loads fit AVX2's 16 registers (and leave AVX-512 room).
constexpr int kDotRows = 4;
constexpr int dot_cols(int m) { return m == 1 ? 8 : m == 2 ? 6 : m == 3 ? 4 : 3; }

// One tile of exactly M rows and NB rows of B. The last k % W elements come in through masked
// (zero-filling) loads, so no element past a row's end is read. Always inlined into DotTable's
// loop (the table's entries are its out-of-line copies).
template <class S, int M, int NB>
[[gnu::always_inline]] inline void dot_tile(int64_t k, const typename S::T* a, int64_t lda,
                                            const typename S::T* b, int64_t ldb, typename S::T* c, int64_t rsc,
                                            int64_t csc, const typename S::T* ab, int, int) {
  using V = typename S::V;
  constexpr int W = S::W;
  V acc[M][NB];
#pragma GCC unroll 8
  for (int i = 0; i < M; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) acc[i][j] = S::zero();
  const auto step = [&](int64_t p, auto load) {
    V av[M];
#pragma GCC unroll 8
    for (int i = 0; i < M; ++i) av[i] = load(a + i * lda + p);
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) {
      const V bv = load(b + j * ldb + p);
#pragma GCC unroll 8
      for (int i = 0; i < M; ++i) acc[i][j] = S::fma(av[i], bv, acc[i][j]);
    }
  };
  int64_t p = 0;
  for (; p + W <= k; p += W) step(p, [](const typename S::T* x) { return S::load(x); });
  if (p < k) {
    const int rest = int(k - p);
    step(p, [rest](const typename S::T* x) { return S::loadn(x, rest); });
  }
  const auto alpha = ab[0], beta = ab[1];
#pragma GCC unroll 8
  for (int i = 0; i < M; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) {
      auto& out = c[i * rsc + j * csc];
      const auto r = alpha * S::hsum(acc[i][j]);
      out = beta == 0 ? r : r + beta * out;
    }
}

// Runtime (m, n) -> dot_tiles of m <= kDotRows rows over any n rows of B, tile by tile. The loop
// here rather than in the caller, and the whole tiles called directly, save a call through a
// table's pointer and its eleven arguments per tile: x·W_ihᵀ and h·W_hhᵀ of an LSTMCell(200, 200),
// 200 tiles, 121,700 -> 115,900 instructions at AVX2 with callgrind (the loop) -> 105,500 (the tile
// inlined into it); W(800x200) GEMV at AVX2, 1 thread, thread CPU time 6.1-6.3 -> 5.7-5.9 µs (AVX-512
// unchanged, 6.9-7.2 µs: L2-bound).
template <class S>
struct DotTable {
  using T = typename S::T;
  static constexpr int kCols = dot_cols(1);
  template <int M, size_t... J>
  static constexpr std::array<DotFn<T>, kCols> row(std::index_sequence<J...>) {
    return {{(int(J) < dot_cols(M) ? &dot_tile<S, M, (int(J) < dot_cols(M) ? int(J) + 1 : 1)> : nullptr)...}};
  }
  // The whole tiles of M rows called directly (inlined: no call through the table per tile),
  // the last partial one through the table.
  template <int M>
  static void tiles(int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t rsc, int64_t csc,
                    const T* ab, int64_t n) {
    using Seq = std::make_index_sequence<kCols>;
    static constexpr std::array<DotFn<T>, kCols> partial = row<M>(Seq{});
    constexpr int cols = dot_cols(M);
    int64_t j = 0;
    for (; j + cols <= n; j += cols)
      dot_tile<S, M, cols>(k, a, lda, b + j * ldb, ldb, c + j * csc, rsc, csc, ab, M, cols);
    if (j < n) partial[n - j - 1](k, a, lda, b + j * ldb, ldb, c + j * csc, rsc, csc, ab, M, int(n - j));
  }
  static void run(int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t rsc, int64_t csc,
                  const T* ab, int m, int64_t n) {
    switch (m) {
      case 1: return tiles<1>(k, a, lda, b, ldb, c, rsc, csc, ab, n);
      case 2: return tiles<2>(k, a, lda, b, ldb, c, rsc, csc, ab, n);
      case 3: return tiles<3>(k, a, lda, b, ldb, c, rsc, csc, ab, n);
      default: return tiles<4>(k, a, lda, b, ldb, c, rsc, csc, ab, n);
    }
  }
};

}  // namespace gg::kernels::gemm_detail
