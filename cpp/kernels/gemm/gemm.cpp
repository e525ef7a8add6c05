// GEMM framework (Goto/BLIS): kernel choice, cache blocking, packing calls and threading.
// The ISA-specific pieces (micro-kernels, packing compiled with their flags) are behind the
// MicroKernel tables of microkernel.h; this file is compiled for the generic ISA (x86-64 without extensions).
//
// Loop nest of the packed path (threads share each B panel and take ic blocks, see gemm_packed):
//   jc over N by nc        B panel kc x nc packed (L3), once for all threads
//     pc over K by kc      beta applies only to the first kc block
//       ic over M by mc    A block mc x kc packed (L2) by the thread that takes the block
//         jr over nc by nr   B micro-panel kc x nr reused across the ir loop (L1/L2)
//           ir over mc by mr   micro-kernel on an mr x nr tile of C
// Small problems skip packing (gemm_direct). Every C element is computed by the same tile shape
// and the same kc blocks whatever the thread count, so results are bitwise equal for any count.
#include "kernels/gemm/gemm.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <unistd.h>
#include <utility>
#include <vector>

#include "core/cpu_relax.h"
#include "core/parallel.h"
#include "kernels/gemm/microkernel.h"
#include "kernels/isa.h"
#include "kernels/gemm/work_queue.h"

namespace gg::kernels {
namespace {

using namespace gemm_detail;

// Up to this many multiply-adds (M*N*K) the operands stay in L2 and packing costs more than it
// saves: tiles read A and B in place (gemm_direct). Measured on Zen 5 (1 MB L2), single thread,
// square fp32, direct vs packed GFLOP/s: avx512 240 vs 205 at n = 96, 254 vs 238 at 256, even at
// 512; avx2 127 vs 113 at 96, 128 vs 124 at 256 (but 115 vs 123 for A^T); fp64 and generic alike.
constexpr int64_t kDirectMacs = 256 * 256 * 256;
// Each thread gets at least this many multiply-adds per lane of a 256-bit vector (fp32 512 K,
// fp64 256 K), whatever the micro-kernel's width. Four times as many while the pool's workers slept
// between jobs (a share had to outlast a wake-up: on Zen 5 2 threads were 0.72x one at 128^3 with
// 60 µs of other work between calls); now that they poll 1 ms for the next job (core/parallel.cpp)
// a second thread pays from about 72^3 back to back. Session-14 Xeon, AVX-512, 2 threads, builds
// swapped between alternating processes, torch/gg: 128^3 0.70 -> 1.07-1.26, 256x512·512x10 0.71 ->
// 1.07, 96^3 and 192^3 unchanged (one and two threads either way), the 784-128-10 MLP step within
// noise. Not per AVX-512 lane: Zen 4 runs AVX-512 on 256-bit units, at AVX2's multiply-add rate.
constexpr int64_t kMacsPerThreadPer256BitLane = 64 << 10;
// A GEMV's operand bytes per thread (see gemm_any). Each thread's part stays in its own core's L2
// from call to call (the pool deals the same share to the same thread), as an LSTMCell's weights
// do step after step.
constexpr int64_t kStreamBytesPerThread = 256 << 10;
// The direct path packs a row-major B panel (K x nr) when at least this many tile rows reuse it.
// Read in place, its K rows lie ldb apart, and a power-of-two or large ldb maps them to a few L1
// sets (Zen 2's 32 KB 8-way L1: rows 1 KB apart share 4 of its 64 sets), so every tile after the
// first rereads the panel from L2; packed, it is K x nr contiguous floats. Zen 2, AVX2, one thread,
// thread CPU time interleaved with OpenBLAS (12 blocks), median ratio to OpenBLAS, in place ->
// packed: 256^3 (43 tile rows) 0.92-0.96 -> 1.05-1.07, 250^3 0.93 -> 1.09, 200x256x256
// 0.94-1.02 -> 1.05-1.07, 48x512x512 (8 rows) 0.73 -> 0.88, 120x500x300 0.92 -> 0.95, the weight
// gradient 128x784x64 0.97 -> 1.02, 64x784x128 (11 rows, ldb 128) 1.12 -> 1.09; with fewer rows the
// copy costs more than it saves: 24x256x256 (4 rows) 1.21 -> 1.07, 12x256x256 1.61 -> 1.09. So
// does a panel whose rows span no more than a 32 KB L1 (they then fall into distinct sets): 64^3,
// in place 1.18, packed 1.04.
constexpr int64_t kPackBTileRows = 8;
constexpr int64_t kPackBSpanBytes = 32 << 10;
// Tiles of the direct path a task takes at a time from its share (fewer atomic operations).
constexpr int64_t kDirectTilesPerClaim = 4;

template <class T>
const MicroKernel<T>& micro_kernel() {
  [[maybe_unused]] const Isa level = isa();
  if constexpr (std::is_same_v<T, float>) {
#if defined(GG_X86)
    if (level == Isa::Avx512) return avx512_f32();
    if (level == Isa::Avx2) return avx2_f32();
#endif
    return generic_f32();
  } else {
#if defined(GG_X86)
    if (level == Isa::Avx512) return avx512_f64();
    if (level == Isa::Avx2) return avx2_f64();
#endif
    return generic_f64();
  }
}

// The kernels' mc and kc were measured on a 1 MB L2 (Zen 5); a 2 MB L2 takes both twice as large:
// B's micro-panel (kc x nr) and the A block (mc x kc) then keep their share of it, and C is loaded
// and stored half as often. Sapphire Rapids (2 MB), AVX-512, thread CPU time, blocking variants and
// PyTorch interleaved in one process (7 blocks, median), GFLOP/s, (mc, kc) = (48, 512) -> (96, 1024):
// 1 thread 2048^3 169 -> 177 (torch 182), 1536^3 165 -> 170; 2 threads (process CPU time) 2048^3
// 165 -> 170 and 155 -> 163; 1024^3 unchanged (153). AVX2 (48, 384) -> (96, 768): unchanged, 112.
// Smaller L2s (Zen 2's 512 KB) keep the measured values.
int64_t l2_scale() {
#if defined(_SC_LEVEL2_CACHE_SIZE)
  static const int64_t s = sysconf(_SC_LEVEL2_CACHE_SIZE) >= (2 << 20) ? 2 : 1;
  return s;
#else
  return 1;
#endif
}

// Per-thread scratch that grows and is kept (at most kc x nc of B, mc x kc of A: 8-16 MB per thread):
// a fresh multi-megabyte allocation per call would be page-faulted in every time.
template <int Slot>
void* scratch(size_t bytes) {
  struct Buffer {
    void* p = nullptr;
    size_t cap = 0;
    ~Buffer() { std::free(p); }
  };
  static thread_local Buffer buf;
  if (bytes > buf.cap) {
    const size_t cap = (bytes + 4095) / 4096 * 4096;
    std::free(buf.p);
    buf.p = std::aligned_alloc(64, cap);
    buf.cap = buf.p ? cap : 0;
    if (!buf.p) throw std::bad_alloc();
  }
  return buf.p;
}

// Pointer to element (r, c) of op(X), X stored row-major with leading dimension ld.
template <class T>
const T* at(const T* x, int64_t ld, bool trans, int64_t r, int64_t c) {
  return trans ? x + c * ld + r : x + r * ld + c;
}

template <class T>
void scale_c(int64_t M, int64_t N, T beta, T* C, int64_t ldc) {
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) C[i * ldc + j] = beta == T(0) ? T(0) : beta * C[i * ldc + j];
}

// Operands that sit in cache: tiles read A in place (any layout, via strides) and B rows in place.
// Panels of a transposed B, the last, partial panel of B (zero-padded, so that tiles load whole
// vectors) and every panel that many tile rows reuse (kPackBTileRows) are packed, each just before
// its column of tiles, and so is a transposed A that many panels reuse (below). No K blocking, so
// C is loaded and stored once. Threads share the tiles through a WorkQueue (nr-wide column panel
// x mr rows each, panel-major, so a thread packs a panel once for all its tiles under it): these calls
// last tens of microseconds, about what a sleeping worker takes to wake up, and the caller takes
// over the tiles of a worker that is late instead of waiting for it (256^3 with 2 threads,
// interleaved with NumPy: 0.88-0.95x its speed with one rectangle of C per thread, 1.08-1.17x
// with shared tiles).
template <class T>
void gemm_direct(const MicroKernel<T>& uk, int nt, bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha,
                 const T* A, int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  const int64_t MR = uk.mr, NR = uk.nr, rsa = ta ? 1 : lda, csa = ta ? lda : 1;
  const int64_t tile_rows = (M + MR - 1) / MR;
  const T ab[2] = {alpha, beta};
  const bool pack_b = tb || (tile_rows >= kPackBTileRows && K * ldb * int64_t{sizeof(T)} > kPackBSpanBytes);
  T* bufs = pack_b || N % NR ? static_cast<T*>(scratch<1>(sizeof(T) * K * NR * nt)) : nullptr;
  const int64_t units = (N + NR - 1) / NR * tile_rows;
  // A transposed (the weight gradient gᵀ·x) is read along k with stride lda, and an lda that is a
  // multiple of a few cache lines crowds its rows into a few L1 sets. When many panels of B reuse
  // it, it is packed once into mr-row panels, as in the packed path, and each tile reads its panel
  // contiguously; the tiles compute the same. Thread CPU time, interleaved, loaded machine:
  // 128x784x64 (lda 128, 49 panels) 1.03-1.15x; 10x128x64 (8 panels) 0.85-0.88x; a row-major A
  // packed too: 64x128x784 0.85x.
  const bool pack_a = ta && N >= 16 * NR;
  T* ap = pack_a ? static_cast<T*>(scratch<0>(sizeof(T) * tile_rows * MR * K)) : nullptr;
  if (pack_a) uk.pack_a(A, lda, ta, M, K, ap);
  const TileFn<T> tile = pack_a ? uk.packed : uk.direct;
  const int64_t rs = pack_a ? K : rsa, ts = pack_a ? 1 : rsa, ks = pack_a ? MR : csa;
  const T* a = pack_a ? ap : A;
  // A remainder of fewer than mr/2 rows shares the last two tiles with the tile before it (M = 20
  // at AVX2's 6-row tile: 6+6+4+4, not 6+6+6+2): a 2-row tile has too few independent FMA chains to
  // cover the FMA latency. Zen 4, AVX2, x(20x200)·W(200x800): 3.64 µs a row of C against 3.39 at
  // M = 24. Packed A keeps mr-row panels, and every element's sum is the same whatever its tile.
  const int64_t rem = M % MR, shared = !pack_a && tile_rows >= 2 && rem > 0 && 2 * rem < MR ? MR + rem : 0;
  const int64_t last_two = tile_rows - 2;
  const auto rows_of = [&](int64_t r) -> std::pair<int64_t, int64_t> {  // first row, height
    if (!shared || r < last_two) return {r * MR, std::min(MR, M - r * MR)};
    const int64_t upper = (shared + 1) / 2;
    return r == last_two ? std::pair{r * MR, upper} : std::pair{last_two * MR + upper, shared - upper};
  };
  // Tiles [u0, u1), each (panel, tile row) in panel-major order; packed: the panel in buf, if any.
  const auto run = [&](int64_t u0, int64_t u1, T* buf, int64_t& packed) {
    for (int64_t panel = u0 / tile_rows, r = u0 % tile_rows, u = u0; u < u1; ++panel, r = 0) {
      const int64_t j = panel * NR, n = std::min(NR, N - j);
      const bool pack = pack_b || n < NR;
      if (pack && packed != panel) uk.pack_b(at(B, ldb, tb, int64_t{0}, j), ldb, tb, n, K, buf), packed = panel;
      const T* b = pack ? buf : B + j;
      const int64_t ldp = pack ? NR : ldb;
      for (; r < tile_rows && u < u1; ++r, ++u) {
        const auto [i, m] = rows_of(r);
        tile(K, a + i * rs, ts, ks, b, ldp, C + i * ldc + j, ldc, ab, int(m), int(n));
      }
    }
  };
  if (nt == 1) {  // no work queue: its atomics cost as much as a small tile (K = 64 in a weight gradient)
    int64_t packed = -1;
    return run(0, units, bufs, packed);
  }
  WorkQueue work(units, nt);
  parallel_tasks(nt, [&](int task) {
    T* buf = bufs ? bufs + task * K * NR : nullptr;
    for (int64_t packed = -1;;) {
      const auto [u0, u1] = work.claim(task, kDirectTilesPerClaim);
      if (u0 == u1) break;
      run(u0, u1, buf, packed);
    }
  });
}

// C (m x n, element (i, j) at c[i * rsc + j * csc]) from m <= kDotRows rows of a (element (i, p) at
// a[i * rsa + p * csa]) and the n rows of b (stride ldb), each C element one dot product over
// contiguous rows (dot_tile.h): the GEMV shapes. Rows of a that are not contiguous along k are
// copied first (m * k elements, against the n * k of b read in place). Threads take contiguous
// ranges of b's rows.
template <class T>
void gemm_dot(const MicroKernel<T>& uk, int nt, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t rsa,
              int64_t csa, const T* b, int64_t ldb, T beta, T* c, int64_t rsc, int64_t csc) {
  if (csa != 1) {
    T* buf = static_cast<T*>(scratch<0>(sizeof(T) * m * k));
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < k; ++p) buf[i * k + p] = a[i * rsa + p * csa];
    a = buf, rsa = k;
  }
  const T ab[2] = {alpha, beta};
  parallel_chunks(n, nt, [&](int, int64_t j0, int64_t j1) {
    uk.dot(k, a, rsa, b + j0 * ldb, ldb, c + j0 * csc, rsc, csc, ab, int(m), j1 - j0);
  });
}

// C (m x N, m <= kDotRows) from a few rows of op(A) (any strides) and a row-major B read in place:
// the other GEMV shape (x · W with W stored (in, out)). Panels of dot_cols(m) vectors per row of C
// (RowTable); a last panel whose width is not a whole number of vectors is split into its whole
// vectors, read in place, and the rest packed zero-padded (the tiles load whole vectors of B).
// Threads take contiguous ranges of panels.
template <class T>
void gemm_rows(const MicroKernel<T>& uk, int nt, int64_t m, int64_t N, int64_t K, T alpha, const T* A,
               int64_t rsa, int64_t csa, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  const T ab[2] = {alpha, beta};
  const int64_t W = uk.w, width = dot_cols(int(m)) * W;
  parallel_chunks((N + width - 1) / width, nt, [&](int, int64_t p0, int64_t p1) {
    for (int64_t j = p0 * width; j < std::min(N, p1 * width); j += width) {
      const int64_t n = std::min(width, N - j), whole = n / W * W;
      if (whole > 0) uk.rows(K, A, rsa, csa, B + j, ldb, C + j, ldc, ab, int(m), int(whole));
      if (whole == n) continue;
      T* buf = static_cast<T*>(scratch<1>(sizeof(T) * K * uk.nr));
      uk.pack_b(B + j + whole, ldb, false, n - whole, K, buf);
      uk.rows(K, A, rsa, csa, buf, uk.nr, C + j + whole, ldc, ab, int(m), int(n - whole));
    }
  });
}

// The Goto/BLIS loop nest (see the top of this file) on nt threads that share each packed B panel.
// Per (jc, pc) block one job: the threads take blocks of mc rows of C from a WorkQueue (each packs
// its own A block; a late thread's blocks are taken over) and run every nr-wide panel of B against
// them. A panel is packed by whichever thread first needs it, and a thread that finds it being
// packed waits for the packer, which is running (never for a thread that may not have started);
// the threads start their sweeps at different panels, so each packs a share of B. Before, each
// thread had a rectangle of C with private panels and packed one operand in full (square: all of
// A, transposed into panels, for half of C). Zen 4, 2 threads, process CPU time per product
// (both threads, so the spread of a loaded machine counts less), interleaved, private -> shared:
// AVX2 512^3 57 -> 73 GFLOP per CPU-second, 1024^3 74 -> 78; AVX-512 512^3 64 -> 81, 2048^3 98 -> 100.
template <class T>
void gemm_packed(const MicroKernel<T>& uk, int nt, bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha,
                 const T* A, int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  const int64_t MR = uk.mr, NR = uk.nr, MC = uk.mc * l2_scale(), KCmax = uk.kc * l2_scale();
  // K in equal blocks of at most kc: a remainder block (784 = 2 x 384 + 16) would load and store
  // all of C for a few k steps.
  const int64_t kblocks = (K + KCmax - 1) / KCmax;
  const int64_t NC = std::min((N + NR - 1) / NR * NR, uk.nc), KC = (K + kblocks - 1) / kblocks;
  T* bbuf = static_cast<T*>(scratch<1>(sizeof(T) * KC * NC));
  const int64_t tile_rows = (M + MR - 1) / MR;
  // Per panel of B: 0 not packed, 1 being packed, 2 packed.
  std::vector<std::atomic<int>> state((NC + NR - 1) / NR);
  for (int64_t jc = 0; jc < N; jc += NC) {
    const int64_t nc = std::min(NC, N - jc), panels = (nc + NR - 1) / NR;
    for (int64_t pc = 0; pc < K; pc += KC) {
      const int64_t kc = std::min(KC, K - pc);
      const T ab[2] = {alpha, pc == 0 ? beta : T(1)};
      for (auto& s : state) s.store(0, std::memory_order_relaxed);
      const auto panel = [&](int64_t q) {  // panel q of B, packed by this thread if no other began it
        T* bp = bbuf + q * NR * kc;
        std::atomic<int>& s = state[q];
        int expected = 0;
        if (s.load(std::memory_order_acquire) == 2) return bp;
        if (s.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
          uk.pack_b(at(B, ldb, tb, pc, jc + q * NR), ldb, tb, std::min(NR, nc - q * NR), kc, bp);
          s.store(2, std::memory_order_release);
        } else {
          while (s.load(std::memory_order_acquire) != 2) cpu_relax();
        }
        return bp;
      };
      WorkQueue work(tile_rows, nt);
      parallel_tasks(nt, [&](int task) {
        T* abuf = static_cast<T*>(scratch<0>(sizeof(T) * MC * kc));
        for (;;) {
          const auto [r0, r1] = work.claim(task, MC / MR);
          if (r0 == r1) break;
          const int64_t ic = r0 * MR, mc = std::min(M, r1 * MR) - ic;
          uk.pack_a(at(A, lda, ta, ic, pc), lda, ta, mc, kc, abuf);
          for (int64_t i = 0; i < panels; ++i) {
            const int64_t q = (i + task * panels / nt) % panels, jr = q * NR;
            const T* bp = panel(q);
            for (int64_t ir = 0; ir < mc; ir += MR)
              uk.packed(kc, abuf + ir * kc, 1, MR, bp, NR, C + (ic + ir) * ldc + jc + jr, ldc, ab,
                        int(std::min(MR, mc - ir)), int(std::min(NR, nc - jr)));
          }
        }
      });
    }
  }
}

template <class T>
void gemm_any(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
              int64_t ldb, T beta, T* C, int64_t ldc);

// Fewer columns than a tile's nr from a transposed A (the weight gradient xᵀ·g of a narrow layer):
// C (M x N) = (op(B)ᵀ · op(A)ᵀ)ᵀ, computed as the N x M product into a scratch and added to C
// transposed. There op(A)ᵀ is row-major (A as stored), so its tiles read it in place with every
// lane in use, where C's own tiles would fill N of nr lanes and broadcast A's elements one by one.
// Sapphire Rapids, 1 thread, thread CPU time, medians of 7 interleaved with NumPy and PyTorch,
// before -> after: AVX-512 512x10x256 54.5 -> 25.9 µs (torch 51), 512x24x256 66 -> 57,
// 128x10x64 3.57 -> 3.01, 512x3x256 53.9 -> 9.5 (numpy 20.9); AVX2 512x10x256 53.5 -> 40.3, 512x5x256
// 47 -> 19. Not at N = nr (full lanes: AVX-512 512x32x256 67 -> 74, AVX2 512x16x256 51 -> 63). With A
// not transposed, op(A)ᵀ would have to be packed transposed: 256x10x512 42.3 -> 45.6 µs.
template <class T>
void gemm_narrow_t(bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
                   int64_t ldb, T beta, T* C, int64_t ldc) {
  T* t = static_cast<T*>(scratch<2>(sizeof(T) * N * M));
  gemm_any(!tb, false, N, M, K, alpha, B, ldb, A, lda, T(0), t, M);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      T& c = C[i * ldc + j];
      c = beta == T(0) ? t[j * M + i] : t[j * M + i] + beta * c;
    }
}

// Every C element is computed by the same tile code over the same K blocks whatever the thread
// count and whichever thread computes it, so results are bitwise equal for any count.
template <class T>
void gemm_any(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
              int64_t ldb, T beta, T* C, int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == T(0)) return scale_c(M, N, beta, C, ldc);
  const MicroKernel<T>& uk = micro_kernel<T>();
  const int64_t macs = M * N * K;
  const int64_t share = kMacsPerThreadPer256BitLane * int64_t{32 / sizeof(T)};
  const int nt = int(std::clamp<int64_t>(macs / share, 1, get_num_threads()));
  // The GEMV shapes (a few rows or columns of C) stream their large operand once: their threads
  // are counted by its bytes.
  const int nv = std::max(nt, int(std::clamp<int64_t>(std::max(M, N) * K * int64_t{sizeof(T)} / kStreamBytesPerThread, 1,
                                                      get_num_threads())));
  // The choice of path must not depend on nt: each sums K in its own order.
  // A few rows of C against a transposed B, or (transposed) a few columns against a row-major A:
  // dot products of contiguous rows. C^T = op(B)^T op(A)^T: A's rows are then the rows of b.
  if (M <= kDotRows && tb)
    return gemm_dot(uk, nv, M, N, K, alpha, A, ta ? 1 : lda, ta ? lda : 1, B, ldb, beta, C, ldc, int64_t{1});
  if (N <= kDotRows && !ta)
    return gemm_dot(uk, nv, N, M, K, alpha, B, tb ? ldb : 1, tb ? 1 : ldb, A, lda, beta, C, int64_t{1}, ldc);
  if (ta && N < uk.nr && M > N) return gemm_narrow_t(tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  if (M <= kDotRows) return gemm_rows(uk, nv, M, N, K, alpha, A, ta ? 1 : lda, ta ? lda : 1, B, ldb, beta, C, ldc);
  // A single column of tiles gains nothing from packing A, a single row nothing from packing B.
  const bool direct = macs <= kDirectMacs || N <= uk.nr || M <= uk.mr;
  if (direct) return gemm_direct(uk, nt, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  gemm_packed(uk, nt, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace

void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
          const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  gemm_any(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A, int64_t lda,
          const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  gemm_any(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

const char* gemm_kernel_name() { return micro_kernel<float>().name; }

}  // namespace gg::kernels
