// gelu and silu: the forward through the vectorized float32 kernels of kernels/vmath.h (a scalar
// formula for other dtypes or layouts), the backward through one fused kernel unless grad mode
// is on during backward (create_graph), where the derivative is written with ops.
#include "ops/activation.h"

#include <cmath>

#include "core/error.h"
#include "kernels/vmath.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/unary_ops.h"

namespace gg {

namespace {

void require_floating(const Tensor& x, const char* op) {
  if (!is_floating(x.dtype()))
    throw TypeError(msg(op, ": expected a floating-point tensor, got ", dtype_name(x.dtype())));
}

// Φ(x) + x φ(x), with ops.
Tensor gelu_deriv(const Tensor& x) {
  const Tensor cdf = mul(add(erf(mul(x, M_SQRT1_2)), 1.0), 0.5);
  return add(cdf, mul(x, mul(exp(mul(mul(x, x), -0.5)), 0.5 * M_2_SQRTPI * M_SQRT1_2)));
}

// s (1 + x (1 - s)), s = sigmoid(x), with ops.
Tensor silu_deriv(const Tensor& x) {
  const Tensor s = sigmoid(x);
  return mul(s, add(mul(x, rsub(s, 1.0)), 1.0));
}

// g * f'(x) by the fused kernel where it applies (float32, first order), else with ops.
template <class Kernel, class Deriv>
Tensor activation_grad(const Tensor& g, const Tensor& x, Kernel kernel, Deriv deriv) {
  if (GradMode::is_enabled() || x.dtype() != DType::Float32 || g.dtype() != DType::Float32 ||
      g.shape() != x.shape())
    return mul(g, deriv(x));
  const Tensor xc = x.contiguous_data(), gc = g.contiguous_data();
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  const float *xp = xc.data<float>(), *gp = gc.data<float>();
  float* op = out.data<float>();
  parallel_for(x.numel(), kernels::kGrainVmath, [&](int64_t b, int64_t e) { kernel(xp + b, gp + b, op + b, e - b); });
  return out;
}

template <class Kernel, class Deriv>
Tensor record_activation(const char* op, const Tensor& x, Tensor out, Kernel kernel, Deriv deriv) {
  if (!needs_autograd({&x})) return out;
  SavedTensor sx(x, false);
  return record(op, out, {&x}, [sx, kernel, deriv](const Tensor& g, Node& self) {
    return std::vector<Tensor>{activation_grad(g, sx.unpack(&self), kernel, deriv)};
  }, [x, deriv](const Tangents& t) { return mul(t[0], deriv(x)); });
}

}  // namespace

Tensor gelu(const Tensor& x) {
  require_floating(x, "gelu");
  if (is_half(x.dtype())) return in_float32(x, gelu);
  Tensor out = unary_map<false>("gelu", x, [](auto v) {
    using T = decltype(v);
    return v * T(0.5) * std::erfc(-v * T(M_SQRT1_2));  // erfc: no cancellation for v << 0
  }, kernels::vmath().unary.gelu);
  return record_activation("gelu", x, out, kernels::vmath().gelu_backward, gelu_deriv);
}

Tensor silu(const Tensor& x) {
  require_floating(x, "silu");
  if (is_half(x.dtype())) return in_float32(x, silu);
  Tensor out = unary_map<false>("silu", x, [](auto v) {
    using T = decltype(v);
    return v >= 0 ? v / (T(1) + std::exp(-v)) : v * std::exp(v) / (T(1) + std::exp(v));
  }, kernels::vmath().unary.silu);
  return record_activation("silu", x, out, kernels::vmath().silu_backward, silu_deriv);
}

// ---- registration ----
using namespace registry;
GG_REGISTER_OP({"gelu", &gelu, {{"input"}},
                "x * Phi(x), Phi the standard normal CDF (PyTorch's gelu, approximate='none'); one fused kernel each way.",
                kFunction, {"x * (1 + np.vectorize(math.erf)(x / np.sqrt(2))) / 2", "real", kDiff, "{}", 2e-5}});
GG_REGISTER_OP({"silu", &silu, {{"input"}}, "x * sigmoid(x) (swish); one fused kernel each way.", kFunction,
                {"x / (1 + np.exp(-x))", "real"}});

}  // namespace gg
