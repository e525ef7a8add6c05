// GEMM framework (Goto/BLIS): kernel choice, cache blocking, packing calls and threading.
// The ISA-specific pieces (micro-kernels, packing compiled with their flags) are behind the
// MicroKernel tables of microkernel.h; this file is compiled for the baseline ISA.
//
// Loop nest of the packed path (gemm_packed; the tasks share the jc phases' packed B and take
// blocks of rows of C, see team.h):
//   jc over N by np          B block K x np packed, all k blocks (L3)
//     ic over M by mc        rows of C taken by one task
//       pc over K by kc      A block mc x kc packed (L2); beta applies only to the first kc block
//         jr over np by nr   B micro-panel kc x nr reused across the ir loop (L1/L2)
//           ir over mc by mr   micro-kernel on an mr x nr tile of C
// Small problems skip packing (gemm_direct). Every C element is computed by the same tile shape
// and the same kc blocks whatever the thread count, so results are bitwise equal for any count.
#include "kernels/gemm/gemm.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "core/parallel.h"
#include "kernels/gemm/microkernel.h"
#include "kernels/gemm/team.h"

namespace gg::kernels {
namespace {

using namespace gemm_detail;

// Up to this many multiply-adds (M*N*K) the operands stay in L2 and packing costs more than it
// saves: tiles read A and B in place (gemm_direct). Measured on Zen 5 (1 MB L2), single thread,
// square fp32, direct vs packed GFLOP/s: avx512 240 vs 205 at n = 96, 254 vs 238 at 256, even at
// 512; avx2 127 vs 113 at 96, 128 vs 124 at 256 (but 115 vs 123 for A^T); fp64 and generic alike.
constexpr int64_t kDirectMacs = 256 * 256 * 256;
// Each thread gets at least this many multiply-adds (so 2 threads from 2 * 64^3 = 0.5 M, i.e.
// 1 MFLOP, about 80^3). Measured on Zen 5, best of many runs with 2 threads forced: a second
// thread loses at 48^3 (0.95x), breaks even at 56-64^3 (0.9-1.2x) and wins from 72^3 on (1.4x at
// 80^3, 1.7x at 96^3); below that the fork/join costs more than half the work saves.
constexpr int64_t kMacsPerThread = 64 * 64 * 64;
// Tiles of the direct path a task takes at a time from its share (fewer atomic operations).
constexpr int64_t kDirectTilesPerClaim = 4;

enum class Isa : int { unset, generic, avx2, avx512 };
std::atomic<Isa> g_isa{Isa::unset};

bool cpu_can_run(Isa isa) {
#if defined(GG_X86)
  __builtin_cpu_init();
  if (isa == Isa::avx512)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (isa == Isa::avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return isa == Isa::generic;
}

Isa best_isa() {
  for (Isa isa : {Isa::avx512, Isa::avx2})
    if (cpu_can_run(isa)) return isa;
  return Isa::generic;
}

// "auto" -> best; unknown names -> unset.
Isa parse_isa(const std::string& name) {
  if (name == "auto") return best_isa();
  if (name == "generic") return Isa::generic;
  if (name == "avx2") return Isa::avx2;
  if (name == "avx512") return Isa::avx512;
  return Isa::unset;
}

// First use honours GRAPHGRAD_GEMM_KERNEL (ignored when this CPU cannot run the kernel it names).
Isa current_isa() {
  Isa isa = g_isa.load(std::memory_order_relaxed);
  if (isa != Isa::unset) return isa;
  const char* env = std::getenv("GRAPHGRAD_GEMM_KERNEL");
  isa = env ? parse_isa(env) : Isa::unset;
  if (isa == Isa::unset || !cpu_can_run(isa)) isa = best_isa();
  g_isa.store(isa, std::memory_order_relaxed);
  return isa;
}

template <class T>
const MicroKernel<T>& micro_kernel() {
  [[maybe_unused]] const Isa isa = current_isa();
  if constexpr (std::is_same_v<T, float>) {
#if defined(GG_X86)
    if (isa == Isa::avx512) return avx512_f32();
    if (isa == Isa::avx2) return avx2_f32();
#endif
    return generic_f32();
  } else {
#if defined(GG_X86)
    if (isa == Isa::avx512) return avx512_f64();
    if (isa == Isa::avx2) return avx2_f64();
#endif
    return generic_f64();
  }
}

// Per-thread scratch that grows and is kept (the packed path's A and B buffers, ~8 MB in all): a
// fresh multi-megabyte allocation per call would be page-faulted in every time. Only the calling
// thread allocates, before the tasks start, so nothing inside a task can throw.
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
// Only panels of a transposed B and the last, partial panel of B (zero-padded, so that tiles load
// whole vectors) are packed, each just before its column of tiles. No K blocking, so C is loaded
// and stored once. A work unit is one tile (nr-wide column panel x mr rows), in panel-major order,
// so a task packs a panel once for all the tiles it computes under it.
template <class T>
void gemm_direct(const MicroKernel<T>& uk, int nt, bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha,
                 const T* A, int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  const int64_t MR = uk.mr, NR = uk.nr, rsa = ta ? 1 : lda, csa = ta ? lda : 1;
  const int64_t tile_rows = (M + MR - 1) / MR;
  const T ab[2] = {alpha, beta};
  T* bufs = tb || N % NR ? static_cast<T*>(scratch<1>(sizeof(T) * K * NR * nt)) : nullptr;
  WorkQueue work((N + NR - 1) / NR * tile_rows, nt);
  parallel_tasks(nt, [&](int task) {
    T* buf = bufs ? bufs + task * K * NR : nullptr;
    for (int64_t packed = -1;;) {
      const auto [u0, u1] = work.claim(task, kDirectTilesPerClaim);
      if (u0 == u1) break;
      for (int64_t u = u0; u < u1; ++u) {
        const int64_t panel = u / tile_rows, i = u % tile_rows * MR, j = panel * NR, n = std::min(NR, N - j);
        const bool pack = tb || n < NR;
        if (pack && packed != panel) uk.pack_b(at(B, ldb, tb, int64_t{0}, j), ldb, tb, n, K, buf), packed = panel;
        uk.direct(K, A + i * rsa, rsa, csa, pack ? buf : B + j, pack ? NR : ldb, C + i * ldc + j, ldc, ab,
                  int(std::min(MR, M - i)), int(n));
      }
    }
  });
}

// Bytes of B packed at once: all of K deep and as many columns as fit. Every block of rows of C
// reads all of it, so it must stay in L3 (beside the other tenants' data: this L3 is shared).
// Measured on Zen 5 at 2048^3 fp32: single-threaded (thread CPU time) 205-210 GFLOP/s with
// 16 MB, 227-230 with 2 MB, 240-250 with 4-8 MB; 2 threads 405-430 with 16 MB, 460-470 with 4-8.
constexpr int64_t kPackedBBytes = int64_t{8} << 20;
// Columns of B (in nr-wide panels) one task packs at a time: small enough that a task waiting for
// a k block of B never waits long for the other's last unit.
constexpr int64_t kPanelsPerPackUnit = 4;

// The Goto/BLIS loop nest (see the top of this file), shared by the tasks of team.h. For each
// phase (a block of columns of B and C), the tasks first pack B together (units of a k block x a
// few panels, taken from a shared counter), then take blocks of rows of C from a WorkQueue; a
// task packs the A block of its rows into its own buffer and starts on a k block of B as soon as
// that block is packed. Each operand is packed once, no thread idles while work is left, and the
// only waits are for a unit of B still being packed and, before B's buffer is reused for the next
// phase, for the previous phase's last rows (one phase up to K x N = 2 M elements, e.g.
// 1024 x 2048 fp32).
template <class T>
void gemm_packed(const MicroKernel<T>& uk, int nt, bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha,
                 const T* A, int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  const int64_t MR = uk.mr, NR = uk.nr, MC = uk.mc, KC = std::min(K, uk.kc), kblocks = (K + KC - 1) / KC;
  const int64_t NP = std::clamp<int64_t>(kPackedBBytes / int64_t(sizeof(T) * K) / NR, 1, (N + NR - 1) / NR) * NR;
  const int64_t phases = (N + NP - 1) / NP, tile_rows = (M + MR - 1) / MR;
  T* bbuf = static_cast<T*>(scratch<1>(sizeof(T) * K * NP));
  T* abufs = static_cast<T*>(scratch<0>(sizeof(T) * MC * KC * nt));
  // Per phase: the next B unit to pack, the number of tile rows of C done, then the number of B
  // units packed for each k block.
  const int64_t stride = 2 + kblocks;
  std::vector<std::atomic<int64_t>> counters(phases * stride);
  std::vector<WorkQueue> rows;
  rows.reserve(phases);
  for (int64_t ph = 0; ph < phases; ++ph) rows.emplace_back(tile_rows, nt);

  parallel_tasks(nt, [&](int task) {
    T* abuf = abufs + task * MC * KC;
    for (int64_t ph = 0; ph < phases; ++ph) {
      std::atomic<int64_t>* count = &counters[ph * stride];
      const int64_t j0 = ph * NP, np = std::min(NP, N - j0), panels = (np + NR - 1) / NR;
      const int64_t groups = (panels + kPanelsPerPackUnit - 1) / kPanelsPerPackUnit;
      for (int64_t u; (u = count[0].fetch_add(1, std::memory_order_relaxed)) < kblocks * groups;) {
        // B's buffer is free once the previous phase's rows are done (all claimed, so running).
        if (ph > 0) wait_for(count[1 - stride], tile_rows);
        const int64_t kb = u / groups, pc = kb * KC, kc = std::min(KC, K - pc);
        const int64_t p0 = u % groups * kPanelsPerPackUnit, n = std::min(np - p0 * NR, kPanelsPerPackUnit * NR);
        uk.pack_b(at(B, ldb, tb, pc, j0 + p0 * NR), ldb, tb, n, kc, bbuf + pc * panels * NR + p0 * NR * kc);
        count[2 + kb].fetch_add(1, std::memory_order_release);
      }
      for (;;) {
        const auto [r0, r1] = rows[ph].claim(task, MC / MR);
        if (r0 == r1) break;
        const int64_t ic = r0 * MR, mc = std::min(M, r1 * MR) - ic;
        for (int64_t kb = 0; kb < kblocks; ++kb) {
          const int64_t pc = kb * KC, kc = std::min(KC, K - pc);
          const T* bk = bbuf + pc * panels * NR;
          const T ab[2] = {alpha, kb == 0 ? beta : T(1)};
          uk.pack_a(at(A, lda, ta, ic, pc), lda, ta, mc, kc, abuf);
          wait_for(count[2 + kb], groups);
          for (int64_t jr = 0; jr < np; jr += NR)
            for (int64_t ir = 0; ir < mc; ir += MR)
              uk.packed(kc, abuf + ir * kc, 1, MR, bk + jr * kc, NR, C + (ic + ir) * ldc + j0 + jr, ldc, ab,
                        int(std::min(MR, mc - ir)), int(std::min(NR, np - jr)));
        }
        count[1].fetch_add(r1 - r0, std::memory_order_release);
      }
    }
  });
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
  const int nt = int(std::clamp<int64_t>(macs / kMacsPerThread, 1, get_num_threads()));
  // A single column of tiles gains nothing from packing A, a single row nothing from packing B.
  // The choice must not depend on nt: direct sums K in one block, packed in kc blocks.
  const bool direct = macs <= kDirectMacs || N <= uk.nr || M <= uk.mr;
  (direct ? gemm_direct<T> : gemm_packed<T>)(uk, nt, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
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

bool gemm_set_kernel(const std::string& name) {
  const Isa isa = parse_isa(name);
  if (isa == Isa::unset || !cpu_can_run(isa)) return false;
  g_isa.store(isa, std::memory_order_relaxed);
  return true;
}

}  // namespace gg::kernels
