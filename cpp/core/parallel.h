// Thread settings and the parallel loops every kernel uses, on graphgrad's own thread pool.
//
// Work is split into chunks that depend only on the thread count, never on timing, so results
// (and reduction order) are reproducible. Which thread runs a chunk is decided at run time:
// each of the caller and the pool's workers claims the chunks of its own contiguous share first,
// then what is left of the others', and the caller returns when every chunk is done, without
// waiting for workers that never showed up. On a shared
// machine a worker whose core is busy elsewhere may not run for milliseconds; a fork-join team
// (OpenMP) waits for it at the join, which made a 50 µs GEMM take 850 µs with 2 threads here
// while another process compiled. Below `grain` elements per thread loops run serially: small
// tensors pay no threading cost.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace gg {

int get_num_threads();
void set_num_threads(int n);

// Elements of a bandwidth-bound loop below which a second thread does not pay.
constexpr int64_t kGrainElementwise = 1 << 16;

// Number of threads `n` items of work are split across.
inline int threads_for(int64_t n, int64_t grain) {
  if (n <= grain) return 1;
  return static_cast<int>(std::min<int64_t>(get_num_threads(), std::max<int64_t>(1, n / grain)));
}

// Size of each of the nt chunks [0, n) is split into.
inline int64_t chunk_size(int64_t n, int nt) { return (n + nt - 1) / nt; }

namespace detail {
void run_tasks(int ntasks, void (*call)(void*, int), void* ctx);
}

// f(t) for every t in [0, ntasks), on the caller and the pool's workers; returns when all are
// done and rethrows the first exception a task threw. Calls from inside a task run serially.
template <class F>
void parallel_tasks(int ntasks, F&& f) {
  if (ntasks <= 0) return;
  if (ntasks == 1) {
    f(0);
    return;
  }
  detail::run_tasks(ntasks, [](void* ctx, int t) { (*static_cast<std::remove_reference_t<F>*>(ctx))(t); },
                    const_cast<void*>(static_cast<const void*>(&f)));
}

// f(c, begin, end) for the nt contiguous chunks c of [0, n). A kernel that sizes anything by the
// thread count (partial sums) reads it once and passes it here: set_num_threads from another
// thread must not change the partition mid-flight.
template <class F>
void parallel_chunks(int64_t n, int nt, F&& f) {
  if (nt <= 1) {
    if (n > 0) f(0, int64_t{0}, n);
    return;
  }
  const int64_t chunk = chunk_size(n, nt);
  parallel_tasks(nt, [&](int c) {
    const int64_t b = std::min<int64_t>(n, c * chunk), e = std::min<int64_t>(n, b + chunk);
    if (b < e) f(c, b, e);
  });
}

// Chunks per thread of parallel_for. A worker woken for a job may start tens of µs late (a halted
// vCPU's wake-up on a VM; 64K floats of exp take 50 µs on one core): with one chunk per thread the
// caller then runs the worker's chunk too, and two threads gain nothing. With four, the late
// worker still takes a share of what is left.
constexpr int kChunksPerThread = 4;

// How many chunks parallel_for splits [0, n) into: one on one thread, else up to kChunksPerThread
// a thread (for loops that keep a result per chunk and combine them in order).
inline int chunks_for(int64_t n, int64_t grain) {
  const int nt = threads_for(n, grain);
  return nt <= 1 ? nt : static_cast<int>(std::min<int64_t>(n, int64_t{nt} * kChunksPerThread));
}

// f(begin, end) over [0, n), split in chunks_for(n, grain) contiguous chunks that the caller and
// the workers claim as they come (which thread runs a chunk varies; the chunks do not).
template <class F>
void parallel_for(int64_t n, int64_t grain, F&& f) {
  parallel_chunks(n, chunks_for(n, grain), [&](int, int64_t b, int64_t e) { f(b, e); });
}

}  // namespace gg
