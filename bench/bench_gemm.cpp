// GEMM microbenchmarks: every kernel this CPU can run, 1 thread and all threads, on the square
// sgemm sizes, the MLP layer shapes (forward X·W and the backward's X^T·G and G·W^T) and dgemm.
// Counter FLOPS = 2*M*N*K per second. Example:
//   bench_gemm --benchmark_filter='sgemm/avx512/.*/threads:2' --benchmark_repetitions=5
//              --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/parallel.h"
#include "kernels/gemm/gemm.h"
#include "kernels/isa.h"

namespace {

struct Shape {
  const char* label;  // what the product is in the model
  bool ta, tb;
  int64_t M, N, K;
};

template <class T>
void run_gemm(benchmark::State& state, std::string kernel, Shape s, int threads) {
  try {
    gg::kernels::set_isa(kernel);
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  gg::set_num_threads(threads);
  // Stored shapes: op(A) is M x K, op(B) is K x N.
  const int64_t lda = s.ta ? s.M : s.K, ldb = s.tb ? s.K : s.N;
  std::vector<T> A(s.M * s.K), B(s.K * s.N), C(s.M * s.N);
  for (size_t i = 0; i < A.size(); ++i) A[i] = T((i % 17) - 8) / 8;
  for (size_t i = 0; i < B.size(); ++i) B[i] = T((i % 13) - 6) / 6;
  for (auto _ : state) {
    gg::kernels::gemm(s.ta, s.tb, s.M, s.N, s.K, T(1), A.data(), lda, B.data(), ldb, T(0), C.data(), s.N);
    benchmark::DoNotOptimize(C.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOPS"] = benchmark::Counter(2.0 * s.M * s.N * s.K, benchmark::Counter::kIsIterationInvariantRate,
                                               benchmark::Counter::kIs1000);
}

std::string dims(const Shape& s) {
  return std::string(s.ta ? "T" : "N") + (s.tb ? "T" : "N") + "/" + std::to_string(s.M) + "x" + std::to_string(s.N) +
         "x" + std::to_string(s.K);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<Shape> sgemm;
  for (int64_t n : {64, 128, 256, 512, 1024, 2048}) sgemm.push_back({"square", false, false, n, n, n});
  // Linear layer with batch 256: Y = X·W (forward), dW = X^T·G and dX = G·W^T (backward).
  for (auto [in, out] : {std::pair<int64_t, int64_t>{784, 512}, {512, 512}, {512, 10}}) {
    sgemm.push_back({"mlp_fwd", false, false, 256, out, in});
    sgemm.push_back({"mlp_dW", true, false, in, out, 256});
    sgemm.push_back({"mlp_dX", false, true, 256, in, out});
  }
  // The 784-128-10 MLP step at batch 64 (linear: x·Wᵀ): layer 1 forward and weight gradient gᵀ·x,
  // layer 2 forward, input gradient g·W and weight gradient.
  sgemm.push_back({"mlp64_fwd1", false, true, 64, 128, 784});
  sgemm.push_back({"mlp64_dW1", true, false, 128, 784, 64});
  sgemm.push_back({"mlp64_fwd2", false, true, 64, 10, 128});
  sgemm.push_back({"mlp64_dX2", false, false, 64, 128, 10});
  sgemm.push_back({"mlp64_dW2", true, false, 10, 128, 64});
  // GEMV (the dot path): an LSTMCell(200, 200) step at batch 1, x·W_ihᵀ and W_hh·h.
  sgemm.push_back({"gemv_xWt", false, true, 1, 800, 200});
  sgemm.push_back({"gemv_Wh", false, false, 800, 1, 200});
  const Shape dgemm{"square", false, false, 512, 512, 512};
  const int max_threads = gg::get_num_threads();
  std::vector<int> thread_counts{1};
  if (max_threads > 1) thread_counts.push_back(max_threads);

  for (std::string kernel : {"avx512", "avx2", "generic"}) {
    if (std::string(kernel) == "avx512" && gg::kernels::best_isa() != gg::kernels::Isa::Avx512) continue;
    if (std::string(kernel) == "avx2" && gg::kernels::best_isa() == gg::kernels::Isa::Generic) continue;
    for (int nt : thread_counts) {
      const std::string suffix = "/threads:" + std::to_string(nt);
      for (const Shape& s : sgemm)
        benchmark::RegisterBenchmark(("sgemm/" + kernel + "/" + s.label + "/" + dims(s) + suffix).c_str(),
                                     run_gemm<float>, kernel, s, nt)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
      benchmark::RegisterBenchmark(("dgemm/" + kernel + "/" + dgemm.label + "/" + dims(dgemm) + suffix).c_str(),
                                   run_gemm<double>, kernel, dgemm, nt)
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
