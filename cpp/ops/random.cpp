// Random tensors from the global counter-based generator.
#include "core/generator.h"
#include "core/error.h"
#include "kernels/philox.h"
#include "ops/ops.h"
#include "ops/random.h"

namespace gg {

void uniform_fill(const Tensor& t, double lo, double hi) {
  if (!t.is_contiguous()) throw ValueError("uniform_: the tensor must be contiguous");
  auto& g = Generator::global();
  const uint64_t off = g.reserve(static_cast<uint64_t>(t.numel()));
  dispatch_float(t.dtype(), "uniform_", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::uniform<T>(t.data<T>(), t.numel(), g.seed.load(), off, static_cast<T>(lo), static_cast<T>(hi));
  });
  t.bump_version();
}

void normal_fill(const Tensor& t, double mean, double std) {
  if (!t.is_contiguous()) throw ValueError("normal_: the tensor must be contiguous");
  if (std < 0) throw ValueError(msg("normal_: std must be non-negative, got ", std));
  auto& g = Generator::global();
  const uint64_t off = g.reserve(static_cast<uint64_t>(t.numel()));
  dispatch_float(t.dtype(), "normal_", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::normal<T>(t.data<T>(), t.numel(), g.seed.load(), off, static_cast<T>(mean), static_cast<T>(std));
  });
  t.bump_version();
}

Tensor rand(const Shape& shape, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  uniform_fill(t, 0.0, 1.0);
  return t;
}

Tensor randn(const Shape& shape, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  normal_fill(t, 0.0, 1.0);
  return t;
}

Tensor& uniform_(Tensor& self, double a, double b) {
  Tensor r = Tensor::empty(self.shape(), self.dtype());
  uniform_fill(r, a, b);
  return assign_inplace("uniform_", self, r);
}

Tensor& normal_(Tensor& self, double mean, double std) {
  Tensor r = Tensor::empty(self.shape(), self.dtype());
  normal_fill(r, mean, std);
  return assign_inplace("normal_", self, r);
}

}  // namespace gg
