// Vectorized float32 math: elementwise transcendentals (and the fused backward of gelu and silu)
// and the line loops of the softmax family. std::exp and friends are opaque libm calls that keep
// a loop scalar, and GCC vectorizes range checks with selects only under AVX-512 masks, so the
// bodies are written once over explicit SIMD (vmath_impl.h) and compiled per instruction set;
// vmath() returns the copy of the level kernels/isa.h chose. Accuracy: see vmath_impl.h.
#pragma once
#include <cstdint>

namespace gg::kernels {

// Elements below which a second thread does not pay for these loops (tens of instructions per
// element, not bandwidth bound): a quarter of kGrainElementwise, so that 64K elements split.
constexpr int64_t kGrainVmath = 1 << 14;

using VmathUnary = void (*)(const float* x, float* y, int64_t n);

// In-place arithmetic y = y + a x, y * x, y / x (ops/inplace.cpp's float32 path).
enum class Arith { Axpy, Mul, Div };

struct VmathKernels {
  const char* name;
  // y[i] = f(x[i]); y may alias x.
  struct {
    VmathUnary exp, expm1, log, log1p, sigmoid, tanh, erf, gelu, silu;
  } unary;
  void (*softplus)(const float* x, float* y, int64_t n, float beta, float threshold);
  // y[i] = g[i] * f'(x[i]).
  void (*gelu_backward)(const float* x, const float* g, float* y, int64_t n);
  void (*silu_backward)(const float* x, const float* g, float* y, int64_t n);
  // Unit-stride lines (softmax.cpp): max (-inf for n = 0), sum, dot product.
  float (*max)(const float* x, int64_t n);
  float (*sum)(const float* x, int64_t n);
  float (*dot)(const float* x, const float* y, int64_t n);
  // y = e^{x - shift} * scale (y may be null); returns the sum of e^{x - shift}.
  float (*exp_shifted)(const float* x, float* y, int64_t n, float shift, float scale);
  // Sum of e^{x - m} over the elements below m = max(x); *ties = how many equal m.
  float (*exp_rest)(const float* x, int64_t n, float m, float* ties);
  // y = (x - a) - b.
  void (*sub2)(const float* x, float* y, int64_t n, float a, float b);
  void (*scale)(float* y, int64_t n, float c);
  // softmax: gx = y (g - acc); log_softmax (log): gx = g - e^y acc.
  void (*softmax_backward)(const float* y, const float* g, float* gx, int64_t n, float acc, bool log);
  // y[i] = y[i] (op) x[i], x one repeated value when x_stride is 0; x may be y itself. Axpy is
  // fused where the level has FMA (as PyTorch's add with alpha), exact for a = +-1 either way.
  void (*arith)(float* y, const float* x, int64_t x_stride, int64_t n, float a, Arith op);
};

const VmathKernels& vmath();

// One table per instruction set (vmath.cpp, vmath_avx2.cpp, vmath_avx512.cpp).
const VmathKernels& vmath_generic();
#if GG_X86
const VmathKernels& vmath_avx2();
const VmathKernels& vmath_avx512();
#endif

}  // namespace gg::kernels
