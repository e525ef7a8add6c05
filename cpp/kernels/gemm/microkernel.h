// The per-ISA half of the GEMM: register-blocked micro-kernels and the packing routines.
//
// Everything here is a template over a small SIMD "traits" struct S (vector type V, width W,
// load/store/broadcast/fma). Each microkernel_<isa>.cpp defines S with its intrinsics, picks a
// tile shape and calls make_micro_kernel<S, MR, NV>() once per dtype; the blocked loop nest
// that drives these pointers lives in gemm.cpp and is the same for every ISA.
//
// S provides T, V, W and zero, set1, bcast, load, loadn (first n lanes, the rest zero), store,
// storen, mul, fma and hsum (the sum of a vector's lanes).
//
// Every template here takes the ISA's own traits type S as an argument, so no
// inline function compiled with -mavx512f can be picked by the linker for a generic caller.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "kernels/gemm/dot_tile.h"
#include "kernels/transpose4x4.h"

namespace gg::kernels::gemm_detail {

// C[m x n] (m <= mr, n <= nr) = alpha * sum_p A(i, p) * B(p, j) + beta * C; beta == 0 never reads C.
// A(i, p) = a[i * rsa + p * csa]; B(p, j) = b[p * ldb + j], read in whole vectors (so up to
// j < ceil(n / W) * W: an edge panel of B is always a zero-padded packed one); ab = {alpha, beta}. The scalars come
// through memory so that they don't pin two of AVX2's 16 vector registers during the k loop
// (passed by value, GCC keeps them in xmm registers and spills an accumulator instead).
template <class T>
using TileFn = void (*)(int64_t k, const T* a, int64_t rsa, int64_t csa, const T* b, int64_t ldb, T* c,
                        int64_t ldc, const T* ab, int m, int n);
// Packs op(X)'s block of m rows (A) or n columns (B) and k depth into panels (see pack_a/pack_b).
template <class T>
using PackFn = void (*)(const T* x, int64_t ldx, bool trans, int64_t mn, int64_t k, T* dst);

template <class T>
struct MicroKernel {
  const char* name;
  int mr, nr;            // register tile
  int w;                 // elements per vector
  int64_t mc, kc, nc;    // cache blocks: A block mc x kc in L2, B panel kc x nc in L3 (gemm.cpp)
  TileFn<T> packed;      // A packed (rsa = 1, csa = mr), B packed (ldb = nr, zero-padded to whole vectors)
  TileFn<T> direct;      // any A strides, B rows of stride ldb (the small-size path)
  TileFn<T> rows;        // direct, but m <= kDotRows rows and up to dot_cols(m) vectors per row (RowTable)
  DotRowsFn<T> dot;      // up to kDotRows rows of C, B stored transposed (dot_tile.h)
  PackFn<T> pack_a, pack_b;
};

// Packed tiles prefetch the B micro-panel this many k steps ahead, every cache line of its rows.
// It (kc x nr: 64 KB for AVX-512's 512 x 32 floats) does not stay in a 48 KB L1 next to A's, so it
// streams from L2, whose latency the hardware prefetcher does not hide. Sapphire Rapids (2 MB L2),
// one thread, thread CPU time, 4 alternating runs each, medians, load 9-16: prefetching both
// panels took AVX-512 1024^3 128 -> 134 GFLOP/s, 2048^3 121 -> 136 (6 and 24 steps ahead: 138/128,
// 129/125; B alone 16 ahead: 140/134); AVX2 512^3 83 -> 88, 1024^3 79 -> 84, 2048^3 75 -> 78. A's
// rows are not prefetched: 6 floats a k step is a new line every 2-3 steps, so most of those
// prefetches are redundant, and they take load slots from the broadcasts (Zen 2, two loads a
// cycle: the 6x16 AVX2 tile issues 8 loads per 12 FMAs). Zen 2, one thread, thread CPU time,
// variants interleaved with OpenBLAS in one process (24-30 blocks), median ratio to OpenBLAS, A and
// B -> B alone: 512^3 0.92 -> 0.95-0.96, 768^3 0.95 -> 0.98, 1024^3 0.94-0.95 -> 0.98-1.02, 2048^3
// 0.90-0.94 -> 0.93-0.94, the weight gradient 128x784x64 (A transposed, packed) 0.98 -> 1.01;
// without any prefetch 2048^3 fell to 0.90. With everything in L1 (the tile alone on k = 256) it
// costs nothing.
constexpr int64_t kPrefetchK = 12;

// One tile with M rows and NV vectors per row; the last vector holds n - (NV-1)*W valid lanes,
// which only matters for C (masked loads/stores). Packed: A rows are adjacent (rsa == 1).
template <class S, int M, int NV, bool Packed>
void tile(int64_t k, const typename S::T* a, int64_t rsa, int64_t csa, const typename S::T* b, int64_t ldb,
          typename S::T* c, int64_t ldc, const typename S::T* ab, int, int n) {
  using V = typename S::V;
  constexpr int W = S::W;
  if (Packed) rsa = 1;
  const int last = n - (NV - 1) * W;
  V acc[M][NV];
#pragma GCC unroll 32
  for (int i = 0; i < M; ++i) {
    __builtin_prefetch(c + i * ldc, 1);
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = S::zero();
  }
  // Rows of an A read in place lie rsa apart. AVX-512's 12-row tile with an offset register per row
  // ran out of general-purpose registers: every k step reloaded 4 offsets from the stack, 17 loads
  // for 12 FMAs. From two bases half a tile apart the rows need only rsa, 3 rsa and 5 rsa (scaled
  // addressing gives 2x, 4x). Sapphire Rapids, 1 thread, thread CPU time, PyTorch's time over
  // ours in the same process, three alternating runs, before -> after: 256x10x512 1.04-1.08 ->
  // 1.12-1.13, 96^3 (B transposed) 1.09-1.15 -> 1.18-1.20, 128^3 1.07-1.08 -> 1.08-1.11, 64^3 and
  // 256^3 within noise. AVX2's 6-row tile kept one base: split, it ran 2-4% slower (128^3 36.5 -> 37.8 µs).
  constexpr int H = Packed || M <= 6 ? M : (M + 1) / 2;
  const typename S::T* a_hi = a + H * rsa;
#pragma GCC unroll 2
  for (int64_t p = 0; p < k; ++p, a += csa, a_hi += csa, b += ldb) {
    if (Packed) {  // B streams from L2 (see kPrefetchK): every line of its k-th row ahead
      constexpr int kLine = 64 / sizeof(*b);
#pragma GCC unroll 4
      for (int e = 0; e < NV * W; e += kLine) __builtin_prefetch(b + kPrefetchK * ldb + e);
    }
    V bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bv[v] = S::load(b + v * W);
#pragma GCC unroll 32
    for (int i = 0; i < M; ++i) {
      const V ai = S::bcast(i < H ? a + i * rsa : a_hi + (i - H) * rsa);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = S::fma(ai, bv[v], acc[i][v]);
    }
  }
  const auto beta = ab[1];
  const V va = S::set1(ab[0]), vb = S::set1(beta);
#pragma GCC unroll 32
  for (int i = 0; i < M; ++i) {
    auto* ci = c + i * ldc;
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      const int nv = v < NV - 1 ? W : last;
      V r = S::mul(va, acc[i][v]);
      if (beta != 0) r = S::fma(vb, nv == W ? S::load(ci + v * W) : S::loadn(ci + v * W, nv), r);
      if (nv == W)
        S::store(ci + v * W, r);
      else
        S::storen(ci + v * W, r, nv);
    }
  }
}

// Runtime (m, n) -> the tile instantiation with exactly m rows and ceil(n / W) vectors, so
// edge tiles do no wasted work and never touch memory outside the m x n block.
template <class S, int MR, int NV, bool Packed>
struct TileTable {
  using T = typename S::T;
  struct Table { TileFn<T> fn[MR * NV]; };
  template <size_t... I>
  static constexpr Table make(std::index_sequence<I...>) {
    return Table{{&tile<S, int(I / NV) + 1, int(I % NV) + 1, Packed>...}};
  }
  static void run(int64_t k, const T* a, int64_t rsa, int64_t csa, const T* b, int64_t ldb, T* c, int64_t ldc,
                  const T* ab, int m, int n) {
    static constexpr auto table = make(std::make_index_sequence<MR * NV>{});
    table.fn[(m - 1) * NV + (n - 1) / S::W](k, a, rsa, csa, b, ldb, c, ldc, ab, m, n);
  }
};

// The direct tiles for a few rows of C against a row-major B (x · W, W stored (in, out)): m <= kDotRows
// rows and up to dot_cols(m) vectors per row, the same ~12 accumulators as the mr x nr tile. One row
// of the mr x nr tile would have only nr / W independent FMA chains, waiting on the FMA latency.
template <class S>
struct RowTable {
  using T = typename S::T;
  static constexpr int kVectors = dot_cols(1);
  template <int M, size_t... V>
  static constexpr std::array<TileFn<T>, kVectors> row(std::index_sequence<V...>) {
    return {{(int(V) < dot_cols(M) ? &tile<S, M, (int(V) < dot_cols(M) ? int(V) + 1 : 1), false> : nullptr)...}};
  }
  static void run(int64_t k, const T* a, int64_t rsa, int64_t csa, const T* b, int64_t ldb, T* c, int64_t ldc,
                  const T* ab, int m, int n) {
    using Seq = std::make_index_sequence<kVectors>;
    static constexpr std::array<TileFn<T>, kVectors> table[kDotRows] = {row<1>(Seq{}), row<2>(Seq{}), row<3>(Seq{}),
                                                                        row<4>(Seq{})};
    table[m - 1][(n - 1) / S::W](k, a, rsa, csa, b, ldb, c, ldc, ab, m, n);
  }
};

// 8 x 8 floats transposed in registers: 8 rows of x (at r, stride ldx) from column p to dst[(p + c) * LD + r]
// for c < 8, in 24 shuffles (3 stages: interleave pairs, pairs of pairs, 128-bit halves).
template <class S, int LD>
void transpose8x8(const float* x, int64_t ldx, float* dst) {
  typedef float V8 __attribute__((vector_size(32)));
  V8 v[8], t[8], s[8];
#pragma GCC unroll 8
  for (int q = 0; q < 8; ++q) __builtin_memcpy(&v[q], x + q * ldx, sizeof(V8));
#pragma GCC unroll 4
  for (int q = 0; q < 8; q += 2) {
    t[q] = __builtin_shufflevector(v[q], v[q + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[q + 1] = __builtin_shufflevector(v[q], v[q + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
#pragma GCC unroll 2
  for (int q = 0; q < 8; q += 4)
#pragma GCC unroll 2
    for (int h = 0; h < 2; ++h) {
      s[q + 2 * h] = __builtin_shufflevector(t[q + h], t[q + h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
      s[q + 2 * h + 1] = __builtin_shufflevector(t[q + h], t[q + h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    }
#pragma GCC unroll 4
  for (int c = 0; c < 4; ++c) {
    const V8 lo = __builtin_shufflevector(s[c], s[c + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    const V8 hi = __builtin_shufflevector(s[c], s[c + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    __builtin_memcpy(dst + c * LD, &lo, sizeof(V8));
    __builtin_memcpy(dst + (c + 4) * LD, &hi, sizeof(V8));
  }
}

// dst[p * LD + r] = x[r * ldx + p] for r < rows, p < k: the transposing half of packing (A not
// transposed, B transposed). Blocks are transposed in registers: 8 x 8 floats in 24 shuffles
// where a panel is a multiple of 8 wide (B, nr = 16: 40% fewer instructions than 4 x 4 blocks,
// the forward of a linear layer packs its whole weight), else 4 x 4 (8 shuffles for 16 values,
// ~4x faster than element by element), in runs of 64 p so that the rows read and the dst lines
// written stay in L1.
template <class S, int LD>
void transpose_into(const typename S::T* x, int64_t ldx, int rows, int64_t k, typename S::T* dst) {
  using T = typename S::T;
  constexpr int64_t kRun = 64;
  constexpr bool kBlocks8 = std::is_same_v<T, float> && LD % 8 == 0 && S::W >= 8;
  for (int64_t p0 = 0; p0 < k; p0 += kRun) {
    const int64_t p1 = p0 + kRun < k ? p0 + kRun : k;
    int r = 0;
    if constexpr (kBlocks8)
      for (; r + 8 <= rows; r += 8) {
        int64_t p = p0;
        for (; p + 8 <= p1; p += 8) transpose8x8<S, LD>(x + r * ldx + p, ldx, dst + p * LD + r);
        for (; p < p1; ++p)
          for (int q = 0; q < 8; ++q) dst[p * LD + r + q] = x[(r + q) * ldx + p];
      }
    for (; r + 4 <= rows; r += 4) {
      int64_t p = p0;
      for (; p + 4 <= p1; p += 4) transpose4x4(x + r * ldx + p, ldx, dst + p * LD + r, LD);
      for (; p < p1; ++p)
        for (int q = 0; q < 4; ++q) dst[p * LD + r + q] = x[(r + q) * ldx + p];
    }
    for (; r < rows; ++r)
      for (int64_t p = p0; p < p1; ++p) dst[p * LD + r] = x[r * ldx + p];
  }
}

// dst[0, n) = x[0, n), n <= N: the non-transposing half of packing. A full row is a
// constant-size copy, which the compiler turns into a few vector moves.
template <class S, int N>
void copy_row(const typename S::T* x, int n, typename S::T* dst) {
  if (n == N)
    __builtin_memcpy(dst, x, N * sizeof(*x));
  else
    for (int i = 0; i < n; ++i) dst[i] = x[i];
}

// A panel: for each p, MR consecutive rows (dst[p * MR + i]); the last panel may have fewer valid
// rows (the tile reads only m of them). op(A) is x (M x K, ldx) or x^T (x stored K x M).
template <class S, int MR>
void pack_a(const typename S::T* x, int64_t ldx, bool trans, int64_t m, int64_t k, typename S::T* dst) {
  for (int64_t i0 = 0; i0 < m; i0 += MR, dst += MR * k) {
    const int mr = m - i0 < MR ? int(m - i0) : MR;
    if (trans) {
      for (int64_t p = 0; p < k; ++p) copy_row<S, MR>(x + p * ldx + i0, mr, dst + p * MR);
    } else {
      transpose_into<S, MR>(x + i0 * ldx, ldx, mr, k, dst);
    }
  }
}

// B panel: for each p, NR consecutive columns (dst[p * NR + j]), zero-padded to whole vectors. op(B) is x
// (K x N, ldx) or x^T (x stored N x K).
template <class S, int NR>
void pack_b(const typename S::T* x, int64_t ldx, bool trans, int64_t n, int64_t k, typename S::T* dst) {
  for (int64_t j0 = 0; j0 < n; j0 += NR, dst += NR * k) {
    const int nr = n - j0 < NR ? int(n - j0) : NR;
    if (trans) {
      transpose_into<S, NR>(x + j0 * ldx, ldx, nr, k, dst);
    } else {
      for (int64_t p = 0; p < k; ++p) copy_row<S, NR>(x + p * ldx + j0, nr, dst + p * NR);
    }
    // Tiles read whole vectors of the valid columns only (TileTable), so zeros up to the next W.
    const int pad = (nr + S::W - 1) / S::W * S::W;
    if (nr < pad)
      for (int64_t p = 0; p < k; ++p)
        for (int j = nr; j < pad; ++j) dst[p * NR + j] = 0;
  }
}

// `dot` defaults to S's own dot tiles (a default argument is instantiated only when used: a kernel
// that borrows another level's tiles compiles none of its own).
template <class S, int MR, int NV>
MicroKernel<typename S::T> make_micro_kernel(const char* name, int64_t mc, int64_t kc, int64_t nc,
                                             DotRowsFn<typename S::T> dot = &DotTable<S>::run) {
  constexpr int NR = NV * S::W;
  return {name, MR, NR, S::W, mc, kc, nc, &TileTable<S, MR, NV, true>::run, &TileTable<S, MR, NV, false>::run,
          &RowTable<S>::run, dot, &pack_a<S, MR>, &pack_b<S, NR>};
}

// One getter per ISA and dtype (microkernel_<isa>.cpp); the AVX ones exist only on x86.
const MicroKernel<float>& generic_f32();
const MicroKernel<double>& generic_f64();
#if defined(GG_X86)
const MicroKernel<float>& avx2_f32();
const MicroKernel<double>& avx2_f64();
const MicroKernel<float>& avx512_f32();
const MicroKernel<double>& avx512_f64();
#endif

}  // namespace gg::kernels::gemm_detail
