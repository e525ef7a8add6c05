// In-place ops: one mechanism for all of them. The result is computed by the ordinary
// (differentiable) op, then written into self's memory; the version counter catches any
// backward that saved self's old value.
#include "ops/inplace.h"

#include <algorithm>
#include <type_traits>

#include "core/error.h"
#include "core/overlap.h"
#include "core/wrap.h"
#include "core/strided_copy.h"
#include "kernels/map.h"
#include "kernels/vmath.h"
#include "ops/binary_math.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/result_type.h"

namespace gg {

namespace {

void check_writable(const char* op, const Tensor& self, bool records) {
  check_no_internal_overlap(self, op);
  if (!GradMode::is_enabled()) return;
  if (self.is_leaf() && self.requires_grad())
    throw GraphError(msg(op, ": a leaf tensor that requires grad is being used in an in-place operation; "
                         "wrap it in `with graphgrad.no_grad():` (as optimizers do)"));
  if (records && self.impl()->is_view)
    throw NotImplemented(msg(op, ": in-place operation on a view of a tensor in the graph is not supported; "
                             "apply it to a clone() or to the base tensor"));
}

// self's handle now denotes `result`'s graph position, with self's own memory.
void rebase(Tensor& self, const Tensor& result, DType self_dtype) {
  Tensor r = result.dtype() == self_dtype ? result : to_dtype(result, self_dtype);
  self.impl()->grad_fn = r.grad_fn();
  self.impl()->requires_grad = true;
}

// Self's tangent after an in-place op is `tangent` (undefined: zero). It is written into self's
// own tangent when self has one, so that views of that tangent change as views of self do.
void update_tangent(const char* op, const Tensor& self, const Tensor& tangent) {
  if (has_tangent(self)) {
    const Tensor own = self.fw_grad();
    own.assign_data(tangent.defined() ? tangent : Tensor::scalar(0.0, own.dtype()));
    own.bump_version();
    return;
  }
  if (!tangent.defined() || ForwardAD::suspended()) return;
  if (self.impl()->is_view)
    throw NotImplemented(msg(op, ": an in-place operation that gives a view a tangent is not supported (its base "
                             "has none); make the base tensor a dual tensor instead"));
  // A copy: the tangent may be another tensor's, which later in-place ops on self must not touch.
  ForwardAD::set_tangent(self, clone(to_dtype(expand(tangent, self.shape()), self.dtype())));
}

}  // namespace

Tensor inplace_source(const Tensor& self) {
  return GradMode::is_enabled() && self.requires_grad() ? clone(self) : self;
}

Tensor& assign_inplace(const char* op, Tensor& self, const Tensor& result) {
  if (result.shape() != self.shape())
    throw ValueError(msg(op, ": the result has shape ", shape_str(result.shape()),
                         " but the in-place tensor has shape ", shape_str(self.shape())));
  // PyTorch's casting rule for outputs: a float result is not truncated into an integer tensor,
  // nor a number into a bool one (int_tensor += 2.5 raises; int_tensor += 2 is fine).
  if (dtype_category(result.dtype()) > dtype_category(self.dtype()))
    throw TypeError(msg(op, ": the result is ", dtype_name(result.dtype()), ", which cannot be written into a ",
                        dtype_name(self.dtype()), " tensor"));
  const bool records = GradMode::is_enabled() && result.requires_grad();
  check_writable(op, self, records);
  if (records && !is_floating(self.dtype()))
    throw TypeError(msg(op, ": cannot write a result that requires grad into a ", dtype_name(self.dtype()), " tensor"));
  self.assign_data(result);
  self.bump_version();
  if (records) rebase(self, result, self.dtype());
  update_tangent(op, self, has_tangent(result) ? result.fw_grad() : Tensor());
  return self;
}

Tensor& copy_(Tensor& self, const Tensor& src) {
  if (broadcast_shapes(self.shape(), src.shape(), "copy_") != self.shape())
    throw ValueError(msg("copy_: cannot broadcast ", shape_str(src.shape()), " into ", shape_str(self.shape())));
  const bool records = GradMode::is_enabled() && src.requires_grad();
  check_writable("copy_", self, records);
  // Overlapping source and destination (x[1:] = x[:-1]) go through a temporary.
  self.assign_data(may_overlap(self, src) ? src.copy_data(src.dtype()) : src);
  self.bump_version();
  if (records) {
    // d(self)/d(src) is the identity summed back to src's shape; self's old value is overwritten.
    Tensor out = self.detach();
    const Shape ss = src.shape();
    const DType sd = src.dtype();
    // `out` only carries the node to self; self's tangent is set by update_tangent below.
    out = record("copy_", out, {&src}, [ss, sd](const Tensor& g, Node&) {
      return std::vector<Tensor>{to_dtype(sum_to(g, ss), sd)};
    }, [](const Tangents&) { return Tensor(); });
    rebase(self, out, self.dtype());
  }
  update_tangent("copy_", self, has_tangent(src) ? src.fw_grad() : Tensor());
  return self;
}

Tensor& fill_(Tensor& self, double value) {
  check_writable("fill_", self, false);
  self.assign_data(Tensor::scalar(value, self.dtype()));
  self.bump_version();
  if (GradMode::is_enabled() && self.requires_grad()) {
    // A constant now: gradients stop here.
    self.impl()->grad_fn = nullptr;
    self.impl()->requires_grad = false;
  }
  update_tangent("fill_", self, Tensor());
  return self;
}

namespace {

// Memory shared other than as the very same view (x.add_(x) is fine elementwise; x[1:] += x[:-1]
// must read the old values).
bool may_overlap_partially(const Tensor& a, const Tensor& b) {
  const bool same_view = a.storage() == b.storage() && a.offset() == b.offset() && a.shape() == b.shape() &&
                         a.strides() == b.strides();
  return !same_view && may_overlap(a, b);
}

const char* inplace_name(InplaceOp op) {
  switch (op) {
    case InplaceOp::Add: return "add_";
    case InplaceOp::Sub: return "sub_";
    case InplaceOp::Mul: return "mul_";
    default: return "div_";
  }
}

// Contiguous float32 self with a dense or single-valued other: the explicit SIMD loop of the
// ISA level (kernels/vmath.h), which the compiler's baseline-ISA vectorization of map2 trails.
bool direct_float32(InplaceOp op, Tensor& self, const Tensor& other, const Shape& os, double alpha) {
  const bool dense = os == contiguous_strides(self.shape());
  if (!dense && !std::all_of(os.begin(), os.end(), [](int64_t s) { return s == 0; })) return false;
  const kernels::Arith k = op == InplaceOp::Mul ? kernels::Arith::Mul
                           : op == InplaceOp::Div ? kernels::Arith::Div
                                                  : kernels::Arith::Axpy;
  const float a = static_cast<float>(op == InplaceOp::Sub ? -alpha : alpha);
  float* dst = self.data<float>();
  const float* src = other.data<float>();
  const auto arith = kernels::vmath().arith;
  parallel_for(self.numel(), kGrainElementwise, [&](int64_t b, int64_t e) {
    arith(dst + b, dense ? src + b : src, dense ? 1 : 0, e - b, a, k);
  });
  return true;
}

// One pass self[i] = self[i] (op) alpha * other[i]; false (nothing written) when it does not apply.
bool direct_inplace(InplaceOp op, Tensor& self, const Tensor& other, double alpha) {
  const bool integer = self.dtype() == DType::Int64;  // counters (BatchNorm's num_batches_tracked)
  const bool compute = compute_dtype(self.dtype()) == self.dtype();  // storage dtypes take the ordinary path
  if (!compute || !(is_floating(self.dtype()) || (integer && op != InplaceOp::Div && alpha == 1.0)) ||
      other.dtype() != self.dtype() || !self.is_contiguous() ||
      needs_autograd({&self, &other}) || may_overlap_partially(self, other))
    return false;
  Shape shape;
  try {
    shape = broadcast_shapes(self.shape(), other.shape(), inplace_name(op));
  } catch (const ValueError&) {
    return false;  // the ordinary path raises the op's own error
  }
  if (shape != self.shape()) return false;
  const Shape os = broadcast_strides(other.shape(), other.strides(), self.shape());
  if (self.dtype() == DType::Float32 && direct_float32(op, self, other, os, alpha)) {
    self.bump_version();
    return true;
  }
  dispatch_all(self.dtype(), inplace_name(op), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (!std::is_same_v<T, bool>) {
      T* dst = self.data<T>();
      const T* src = other.data<T>();
      const T a = static_cast<T>(alpha);
      auto run = [&](auto f) { kernels::map2(dst, self.shape(), dst, self.strides(), src, os, f); };
      if (op == InplaceOp::Add && a == T(1)) run([](T x, T y) { return wrap_add(x, y); });
      else if (op == InplaceOp::Add) run([a](T x, T y) { return x + a * y; });
      else if (op == InplaceOp::Sub && a == T(1)) run([](T x, T y) { return wrap_sub(x, y); });
      else if (op == InplaceOp::Sub) run([a](T x, T y) { return x - a * y; });
      else if (op == InplaceOp::Mul) run([](T x, T y) { return wrap_mul(x, y); });
      else run([](T x, T y) { return x / y; });
    }
  });
  self.bump_version();
  return true;
}

}  // namespace

Tensor& binary_inplace(InplaceOp op, Tensor& self, const Tensor& other, double alpha) {
  if (direct_inplace(op, self, other, alpha)) return self;
  const Tensor src = inplace_source(self);
  const Tensor o = alpha_times(other, alpha);
  switch (op) {
    case InplaceOp::Add: return assign_inplace("add_", self, add(src, o));
    case InplaceOp::Sub: return assign_inplace("sub_", self, sub(src, o));
    case InplaceOp::Mul: return assign_inplace("mul_", self, mul(src, other));
    default: return assign_inplace("div_", self, div(src, other));
  }
}

Tensor& binary_inplace(InplaceOp op, Tensor& self, double other) {
  return binary_inplace(op, self, scalar_like(self, other));
}

Tensor& binary_inplace(InplaceOp op, Tensor& self, int64_t other, bool is_bool) {
  return binary_inplace(op, self, is_bool ? Tensor::scalar(static_cast<double>(other), DType::Bool)
                                          : int_scalar_like(self, other));
}

}  // namespace gg
