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

#include "core/cpu_relax.h"

namespace gg {

namespace {

// After a job a worker polls for the next one before it sleeps: for a quarter of the last job's
// wall time, at most 1 ms (GRAPHGRAD_SPIN_US fixes it instead). A sleeping worker costs each job
// a futex wake-up (about 10 us for the caller on this project's 2-vCPU VMs, measured with an
// empty job), and there it is often woken onto the caller's busy vCPU and stays stacked there
// (bench/README.md, GEMM): in session 6's quiet run 2 threads were no faster than 1 for a 1M
// sigmoid (1.37 against 1.28 ms) or a (4096, 1000) softmax, while PyTorch's polling OpenMP
// threads halved them. Polling in proportion to the job keeps the worker on its own vCPU through
// a loop of kernels and wastes at most a quarter of the time the pool worked. A fixed 50 us cost
// a 784-128-10 MLP step 16% in session 5 (10 us: 2%); its jobs of tens of us now poll a few us.
// (Polling with sched_yield between polls, which would hand a stacked caller its vCPU back,
// made the worker take a fifth as many tasks under load, measured with a 2-thread test job.)
std::chrono::nanoseconds spin_time(std::chrono::nanoseconds last_job) {
  static const long long fixed_us = [] {
    const char* env = std::getenv("GRAPHGRAD_SPIN_US");
    return env ? std::max(0, std::atoi(env)) : -1LL;
  }();
  if (fixed_us >= 0) return std::chrono::microseconds(fixed_us);
  return std::min<std::chrono::nanoseconds>(std::chrono::milliseconds(1), last_job / 4);
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
  explicit Pool(int workers) : requested_(workers + 1) {
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
    const auto start = std::chrono::steady_clock::now();
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
    last_job_ns_.store((std::chrono::steady_clock::now() - start).count(), std::memory_order_relaxed);
  }

 private:
  void loop(int self) {
    in_task = true;
    uint64_t seen = 0;
    for (;;) {
      const auto until =
          std::chrono::steady_clock::now() +
          spin_time(std::chrono::nanoseconds(last_job_ns_.load(std::memory_order_relaxed)));
      for (int i = 0; gen_.load(std::memory_order_acquire) == seen; ++i) {
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) break;
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
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<int64_t> last_job_ns_{0};  // wall time of the last job, caller's view
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
