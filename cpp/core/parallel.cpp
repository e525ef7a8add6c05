#include "core/parallel.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sched.h>

#include "core/cpu_relax.h"

namespace gg {

namespace {

// After a job a worker polls for the next one for 1 ms before it sleeps (GRAPHGRAD_SPIN_US sets
// another time; 0 sleeps at once), as PyTorch's OpenMP threads do. A sleeping worker costs a job
// its futex wake-up, and on a VM the halted vCPU's wake-up: tens of us, often longer than the
// job. The gaps between the jobs of one training step (Python, the autograd engine, allocating a
// result) are often tens of us too, so a poll sized to the last job (a quarter of it, sessions
// 6-13) slept through them. Measured on session 14's 2-vCPU Xeon, 2 threads, against PyTorch:
// a 784-128-10 MLP SGD step 2.0x -> 2.5x, sigmoid 64K 0.71x -> 1.3x, log_softmax (256, 1000)
// 0.61x -> 1.5x, with polls of 0 / a quarter job / 100 / 200 / 400 / 1000 us in that order of
// speed. With more threads than CPUs a polling worker would hold a CPU another one needs: it
// sleeps at once.
// Every 64 polls (a few µs) it yields its CPU to any thread waiting for it: polling alone, a 1 ms
// poll after each job held the CPU that NumPy's OpenBLAS worker needed next (a 2-thread sigmoid
// 128K then a 256^3 NumPy matmul, per step: 450 µs polling, 230 µs sleeping at once, 250 µs
// polling with the yields; the MLP step and log_softmax rows above keep their gains). (A yield
// after every poll had made the worker take a fifth as many tasks under load, measured earlier
// with a 2-thread test job.)
std::chrono::microseconds spin_time(int threads) {
  static const long long fixed_us = [] {
    const char* env = std::getenv("GRAPHGRAD_SPIN_US");
    return env ? std::max(0, std::atoi(env)) : -1LL;
  }();
  if (fixed_us >= 0) return std::chrono::microseconds(fixed_us);
  cpu_set_t cpus;
  const int ncpu = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
  return std::chrono::microseconds(threads > ncpu ? 0 : 1000);
}

// A job's tasks are dealt in contiguous shares, one per participant (share 0 the caller's, share
// i worker i's). A participant runs its own share first, then what is left of the others': when
// every worker keeps up, the same thread runs the same chunks call after call, so that a loop of
// kernels over the same tensors finds its part in its own core's cache instead of the other
// core's (claiming from one shared counter dealt the chunks out anew each call); a late worker's
// share is still taken by the others.
struct Job {
  struct alignas(64) Share {  // a cache line each: the participants claim without sharing one
    std::atomic<int> next{0};
    int end = 0;
  };
  void (*call)(void*, int);
  void* ctx;
  int ntasks, nshares;
  std::unique_ptr<Share[]> shares;
  std::atomic<int> done{0};
  std::mutex error_mutex;
  std::exception_ptr error;

  Job(void (*call)(void*, int), void* ctx, int ntasks, int participants)
      : call(call), ctx(ctx), ntasks(ntasks), nshares(participants), shares(new Share[participants]) {
    for (int i = 0; i < participants; ++i) {
      shares[i].next.store(static_cast<int>(int64_t{ntasks} * i / participants), std::memory_order_relaxed);
      shares[i].end = static_cast<int>(int64_t{ntasks} * (i + 1) / participants);
    }
  }

  // Claims and runs tasks, participant `self`'s share first, until none is left.
  void work(int self) {
    for (int k = 0; k < nshares; ++k) {
      Share& s = shares[(self + k) % nshares];
      for (int t; (t = s.next.fetch_add(1, std::memory_order_relaxed)) < s.end;) {
        try {
          call(ctx, t);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
        }
        done.fetch_add(1, std::memory_order_release);
      }
    }
  }
};

thread_local bool in_task = false;  // nested parallel calls run serially

class Pool {
 public:
  // When no more threads can be made (process limits, memory), the pool runs with those it has:
  // tasks are claimed, so fewer workers only means less parallelism.
  explicit Pool(int workers) : requested_(workers + 1), spin_(spin_time(workers + 1)) {
    for (int i = 1; i <= workers; ++i) {
      try {
        threads_.emplace_back([this, i] { loop(i); });
      } catch (const std::system_error&) {
        break;
      }
    }
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int requested() const { return requested_; }

  void run(const std::shared_ptr<Job>& job) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(m_);
      current_ = job;
      gen_.fetch_add(1, std::memory_order_release);
      wake = sleepers_ > 0;
    }
    if (wake) cv_.notify_all();
    in_task = true;
    job->work(0);
    in_task = false;
    // Only tasks a worker has claimed can be outstanding here.
    for (int i = 0; job->done.load(std::memory_order_acquire) < job->ntasks; ++i) {
      if (i < 4096) cpu_relax();
      else std::this_thread::yield();
    }
  }

 private:
  void loop(int self) {
    in_task = true;
    uint64_t seen = 0;
    for (;;) {
      const auto until = std::chrono::steady_clock::now() + spin_;
      for (int i = 0; gen_.load(std::memory_order_acquire) == seen; ++i) {
        if ((i & 63) == 63) {
          if (std::chrono::steady_clock::now() > until) break;
          sched_yield();  // a thread waiting for this CPU (another library's worker) runs now
        }
        cpu_relax();
      }
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        if (gen_.load(std::memory_order_relaxed) == seen) {
          ++sleepers_;
          cv_.wait(lock, [&] { return gen_.load(std::memory_order_relaxed) != seen; });
          --sleepers_;
        }
        seen = gen_.load(std::memory_order_relaxed);
        if (stop_) return;
        job = current_;
      }
      job->work(self);
    }
  }

  const int requested_;
  const std::chrono::microseconds spin_;  // how long an idle worker polls before it sleeps
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::shared_ptr<Job> current_;
  int sleepers_ = 0;
  bool stop_ = false;
};

int default_threads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

struct State {
  std::atomic<int> threads{default_threads()};
  std::atomic_flag busy = ATOMIC_FLAG_INIT;  // a caller is using the pool
  Pool* pool = nullptr;                      // created on first use, sized threads - 1
};

// Never destroyed: kernels may run during interpreter teardown, after static destructors.
State& state() {
  static State* s = [] {
    auto* st = new State;
    // A forked child has none of the parent's threads: it starts a pool of its own (the old
    // one is abandoned, not destroyed, since its threads and lock states are the parent's).
    pthread_atfork(nullptr, nullptr, [] {
      state().pool = nullptr;
      state().busy.clear();
    });
    return st;
  }();
  return *s;
}

}  // namespace

int get_num_threads() { return state().threads.load(std::memory_order_relaxed); }

void set_num_threads(int n) {
  if (n < 1) throw std::invalid_argument("set_num_threads: expected a positive thread count, got " + std::to_string(n));
  state().threads.store(n, std::memory_order_relaxed);
}

namespace detail {

void run_tasks(int ntasks, void (*call)(void*, int), void* ctx) {
  State& s = state();
  // Nested in a task, or another thread is using the pool: this caller runs its tasks alone.
  if (in_task || s.busy.test_and_set(std::memory_order_acquire)) {
    for (int t = 0; t < ntasks; ++t) call(ctx, t);
    return;
  }
  struct Release {
    State& s;
    ~Release() { s.busy.clear(std::memory_order_release); }
  } release{s};
  const int want = get_num_threads();
  if (!s.pool || s.pool->requested() != want) {
    delete s.pool;
    s.pool = nullptr;
    s.pool = new Pool(want - 1);
  }
  auto job = std::make_shared<Job>(call, ctx, ntasks, want);
  s.pool->run(job);
  if (job->error) std::rethrow_exception(job->error);
}

}  // namespace detail

}  // namespace gg
