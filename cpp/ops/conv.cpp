// Convolution ops (conv.h). Three primitives, each the others' adjoints (kernels/conv/conv.h):
//   conv_fwd(x, w)      -> y     backward: x <- conv_bwd_input(gy, w),  w <- conv_bwd_weight(x, gy)
//   conv_bwd_input(g, w) -> x    backward: g <- conv_fwd(gx, w),        w <- conv_bwd_weight(gx, g)
//   conv_bwd_weight(x, g) -> w   backward: x <- conv_bwd_input(g, gw),  g <- conv_fwd(x, gw)
// All three are bilinear, so each tangent is the sum of the primitive applied to one tangent at
// a time. Higher derivatives of conv and conv_transpose (which is conv_bwd_input) come free.
#include "ops/conv.h"

#include <string>
#include <vector>

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "kernels/conv/conv.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

// Stride, zero padding in front, dilation (S spatial dims) and groups.
struct Spec {
  Shape stride, pad, dil;
  int64_t groups = 1;
};

Shape spatial(const Shape& s) { return Shape(s.begin() + 2, s.end()); }

kernels::ConvGeom geom(const Spec& sp, const Shape& x, int64_t K, const Shape& k, const Shape& out) {
  kernels::ConvGeom g;
  g.N = x[0], g.C = x[1], g.K = K, g.groups = sp.groups;
  const size_t S = k.size(), o = 3 - S;
  for (size_t d = 0; d < S; ++d) {
    g.in[o + d] = x[2 + d], g.out[o + d] = out[d], g.k[o + d] = k[d];
    g.stride[o + d] = sp.stride[d], g.pad[o + d] = sp.pad[d], g.dil[o + d] = sp.dil[d];
  }
  return g;
}

Shape with_spatial(int64_t a, int64_t b, const Shape& sp) {
  Shape s{a, b};
  s.insert(s.end(), sp.begin(), sp.end());
  return s;
}

Tensor as(const Tensor& t, DType d) { return t.dtype() == d ? t : to_dtype(t, d); }

// Bias (K,) as (K, 1, ...) against an output of rank r.
Tensor bias_view(const Tensor& b, int64_t r) {
  Shape s(static_cast<size_t>(r - 1), 1);
  s[0] = b.shape()[0];
  return reshape(b, s);
}

Tensor conv_fwd(const Tensor& x, const Tensor& w, const Tensor& b, const Spec& sp, const Shape& out_sp);
Tensor conv_bwd_input(const Tensor& g, const Tensor& w, const Spec& sp, const Shape& in_sp);
Tensor conv_bwd_weight(const Tensor& x, const Tensor& g, const Spec& sp, const Shape& k_sp, Tensor* gb = nullptr);

Tensor conv_fwd(const Tensor& x0, const Tensor& w0, const Tensor& b0, const Spec& sp, const Shape& out_sp) {
  const DType dt = x0.dtype();
  const Tensor x = x0.contiguous_data(), w = as(w0, dt).contiguous_data();
  const Tensor b = b0.defined() ? as(b0, dt).contiguous_data() : b0;
  const int64_t K = w.shape()[0];
  Tensor y = Tensor::empty(with_spatial(x.shape()[0], K, out_sp), dt);
  const auto g = geom(sp, x.shape(), K, spatial(w.shape()), out_sp);
  dispatch_float(dt, "conv", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::conv_forward<T>(g, x.data<T>(), w.data<T>(), b.defined() ? b.data<T>() : nullptr, y.data<T>());
  });
  std::vector<Tensor> inputs{x0, w0};
  if (b0.defined()) inputs.push_back(b0);
  if (!needs_autograd(inputs)) return y;
  SavedTensor sx(x0, false), sw(w0, false);
  const Shape in_sp = spatial(x0.shape()), k_sp = spatial(w0.shape());
  return record("conv", y, inputs, [sx, sw, sp, in_sp, k_sp](const Tensor& gy, Node& self) {
    std::vector<Tensor> r(self.next.size());
    const bool bias = r.size() > 2 && self.needs_grad(2);
    if (self.needs_grad(0)) r[0] = conv_bwd_input(gy, sw.unpack(&self), sp, in_sp);
    // The bias gradient comes with the weight gradient's pass over gy unless it must be recorded.
    const bool fused = bias && self.needs_grad(1) && !GradMode::is_enabled();
    if (self.needs_grad(1)) r[1] = conv_bwd_weight(sx.unpack(&self), gy, sp, k_sp, fused ? &r[2] : nullptr);
    if (bias && !fused) {
      Axes axes{0};
      for (int64_t d = 2; d < gy.dim(); ++d) axes.push_back(d);
      r[2] = sum(gy, axes);
    }
    return r;
  }, [x0, w0, sp, out_sp, rank = y.dim()](const Tangents& t) {
    Tensor r = tangent_sum(t[0].defined() ? conv_fwd(t[0], w0, Tensor(), sp, out_sp) : Tensor(),
                           t[1].defined() ? conv_fwd(x0, t[1], Tensor(), sp, out_sp) : Tensor());
    return t.size() > 2 && t[2].defined() ? tangent_sum(r, bias_view(t[2], rank)) : r;
  });
}

// g (N, K, *out), w (K, C / groups, *k) -> (N, C, *in_sp).
Tensor conv_bwd_input(const Tensor& g0, const Tensor& w0, const Spec& sp, const Shape& in_sp) {
  const DType dt = w0.dtype();
  const Tensor g = as(g0, dt).contiguous_data(), w = w0.contiguous_data();
  const int64_t C = w.shape()[1] * sp.groups;
  Tensor x = Tensor::empty(with_spatial(g.shape()[0], C, in_sp), dt);
  const auto ge = geom(sp, x.shape(), w.shape()[0], spatial(w.shape()), spatial(g.shape()));
  dispatch_float(dt, "conv_backward_input", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::conv_backward_input<T>(ge, g.data<T>(), w.data<T>(), x.data<T>());
  });
  if (!needs_autograd({&g0, &w0})) return x;
  SavedTensor sg(g0, false), sw(w0, false);
  const Shape out_sp = spatial(g0.shape()), k_sp = spatial(w0.shape());
  return record("conv_backward_input", x, {&g0, &w0}, [sg, sw, sp, out_sp, k_sp](const Tensor& gx, Node& self) {
    std::vector<Tensor> r(2);
    if (self.needs_grad(0)) r[0] = conv_fwd(gx, sw.unpack(&self), Tensor(), sp, out_sp);
    if (self.needs_grad(1)) r[1] = conv_bwd_weight(gx, sg.unpack(&self), sp, k_sp);
    return r;
  }, [g0, w0, sp, in_sp](const Tangents& t) {
    return tangent_sum(t[0].defined() ? conv_bwd_input(t[0], w0, sp, in_sp) : Tensor(),
                       t[1].defined() ? conv_bwd_input(g0, t[1], sp, in_sp) : Tensor());
  });
}

// x (N, C, *in), g (N, K, *out) -> (K, C / groups, *k_sp); with gb, also *gb = g summed over all
// but dim 1 (never recorded: only for a backward that builds no graph).
Tensor conv_bwd_weight(const Tensor& x0, const Tensor& g0, const Spec& sp, const Shape& k_sp, Tensor* gb) {
  const DType dt = x0.dtype();
  const Tensor x = x0.contiguous_data(), g = as(g0, dt).contiguous_data();
  const int64_t K = g.shape()[1];
  Tensor w = Tensor::empty(with_spatial(K, x.shape()[1] / sp.groups, k_sp), dt);
  if (gb) *gb = Tensor::empty({K}, dt);
  const auto ge = geom(sp, x.shape(), K, k_sp, spatial(g.shape()));
  dispatch_float(dt, "conv_backward_weight", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::conv_backward_weight<T>(ge, x.data<T>(), g.data<T>(), w.data<T>(), gb ? gb->data<T>() : nullptr);
  });
  if (!needs_autograd({&x0, &g0})) return w;
  SavedTensor sx(x0, false), sg(g0, false);
  const Shape in_sp = spatial(x0.shape()), out_sp = spatial(g0.shape());
  return record("conv_backward_weight", w, {&x0, &g0}, [sx, sg, sp, in_sp, out_sp](const Tensor& gw, Node& self) {
    std::vector<Tensor> r(2);
    if (self.needs_grad(0)) r[0] = conv_bwd_input(sg.unpack(&self), gw, sp, in_sp);
    if (self.needs_grad(1)) r[1] = conv_fwd(sx.unpack(&self), gw, Tensor(), sp, out_sp);
    return r;
  }, [x0, g0, sp, k_sp](const Tangents& t) {
    return tangent_sum(t[0].defined() ? conv_bwd_weight(t[0], g0, sp, k_sp) : Tensor(),
                       t[1].defined() ? conv_bwd_weight(x0, t[1], sp, k_sp) : Tensor());
  });
}

// Checks shared by conv and conv_transpose; returns the common dtype.
DType check_common(const char* op, const Tensor& x, const Tensor& w, const Tensor& b, size_t S, int64_t groups,
                   std::initializer_list<std::pair<const char*, const Shape*>> params) {
  if (!is_floating(x.dtype()) || !is_floating(w.dtype()) || (b.defined() && !is_floating(b.dtype())))
    throw TypeError(msg(op, ": expected float tensors, got input ", dtype_name(x.dtype()), " and weight ",
                        dtype_name(w.dtype()), b.defined() ? std::string(" and bias ") + dtype_name(b.dtype()) : ""));
  if (x.dtype() != w.dtype() || (b.defined() && b.dtype() != x.dtype()))
    throw TypeError(msg(op, ": input (", dtype_name(x.dtype()), ") and weight (", dtype_name(w.dtype()),
                        ") must have the same dtype", b.defined() ? std::string(", as must bias (") + dtype_name(b.dtype()) + ")" : ""));
  if (S < 1 || S > 3 || x.dim() != static_cast<int64_t>(S) + 2 || w.dim() != x.dim())
    throw ValueError(msg(op, ": expected a batched input (N, C, *spatial) and a weight of the same rank with 1 to 3 "
                         "spatial dims, got input ", shape_str(x.shape()), " and weight ", shape_str(w.shape())));
  for (const auto& [name, p] : params)
    if (p->size() != S)
      throw ValueError(msg(op, ": ", name, " needs ", S, " values for ", S, " spatial dims, got ", shape_str(*p)));
  if (groups < 1) throw ValueError(msg(op, ": groups must be positive, got ", groups));
  for (int64_t d = 2; d < w.dim(); ++d)
    if (w.shape()[d] < 1) throw ValueError(msg(op, ": kernel sizes must be positive, got weight ", shape_str(w.shape())));
  return x.dtype();
}

void check_positive(const char* op, const char* name, const Shape& v, int64_t min) {
  for (int64_t e : v)
    if (e < min) throw ValueError(msg(op, ": ", name, " must be ", min == 0 ? "non-negative" : "positive", ", got ", shape_str(v)));
}

}  // namespace

Tensor conv(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b0, const Shape& stride, const Shape& pad_begin,
            const Shape& pad_end, const Shape& dilation, int64_t groups) {
  const Tensor b = b0.value_or(Tensor());
  const size_t S = stride.size();
  check_common("conv", x, w, b, S, groups,
               {{"stride", &stride}, {"padding", &pad_begin}, {"padding", &pad_end}, {"dilation", &dilation}});
  check_positive("conv", "stride", stride, 1);
  check_positive("conv", "dilation", dilation, 1);
  check_positive("conv", "padding", pad_begin, 0);
  check_positive("conv", "padding", pad_end, 0);
  const int64_t C = x.shape()[1], K = w.shape()[0];
  if (C % groups != 0 || K % groups != 0 || w.shape()[1] * groups != C)
    throw ValueError(msg("conv: input ", shape_str(x.shape()), " with ", C, " channels and groups=", groups,
                         " does not match weight ", shape_str(w.shape()), " (expected weight (K, C / groups, *kernel) with K ",
                         "and C divisible by groups)"));
  if (b.defined() && !(b.dim() == 1 && b.shape()[0] == K))
    throw ValueError(msg("conv: bias ", shape_str(b.shape()), " does not match the ", K, " output channels of weight ",
                         shape_str(w.shape())));
  Shape out(S);
  for (size_t d = 0; d < S; ++d) {
    const int64_t span = dilation[d] * (w.shape()[2 + d] - 1) + 1, padded = x.shape()[2 + d] + pad_begin[d] + pad_end[d];
    if (padded < span)
      throw ValueError(msg("conv: input ", shape_str(x.shape()), " padded to ", padded, " in spatial dim ", d,
                           " is smaller than the kernel's extent ", span, " (weight ", shape_str(w.shape()), ")"));
    out[d] = (padded - span) / stride[d] + 1;
  }
  return conv_fwd(x, w, b, Spec{stride, pad_begin, dilation, groups}, out);
}

Tensor conv_transpose(const Tensor& x, const Tensor& w, const std::optional<Tensor>& b0, const Shape& stride,
                      const Shape& padding, const Shape& output_padding, const Shape& dilation, int64_t groups) {
  const Tensor b = b0.value_or(Tensor());
  const size_t S = stride.size();
  check_common("conv_transpose", x, w, b, S, groups,
               {{"stride", &stride}, {"padding", &padding}, {"output_padding", &output_padding}, {"dilation", &dilation}});
  check_positive("conv_transpose", "stride", stride, 1);
  check_positive("conv_transpose", "dilation", dilation, 1);
  check_positive("conv_transpose", "padding", padding, 0);
  check_positive("conv_transpose", "output_padding", output_padding, 0);
  const int64_t Cin = x.shape()[1], Cout = w.shape()[1] * groups;
  if (w.shape()[0] != Cin || Cin % groups != 0)
    throw ValueError(msg("conv_transpose: input ", shape_str(x.shape()), " with ", Cin, " channels and groups=", groups,
                         " does not match weight ", shape_str(w.shape()), " (expected weight (C_in, C_out / groups, *kernel) ",
                         "with C_in divisible by groups)"));
  if (b.defined() && !(b.dim() == 1 && b.shape()[0] == Cout))
    throw ValueError(msg("conv_transpose: bias ", shape_str(b.shape()), " does not match the ", Cout, " output channels"));
  Shape out(S);
  for (size_t d = 0; d < S; ++d) {
    if (output_padding[d] >= stride[d] && output_padding[d] >= dilation[d])
      throw ValueError(msg("conv_transpose: output_padding ", shape_str(output_padding),
                           " must be smaller than either stride ", shape_str(stride), " or dilation ", shape_str(dilation)));
    out[d] = (x.shape()[2 + d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (w.shape()[2 + d] - 1) +
             output_padding[d] + 1;
    if (x.shape()[2 + d] < 1 || out[d] < 1)
      throw ValueError(msg("conv_transpose: input ", shape_str(x.shape()), " with weight ", shape_str(w.shape()),
                           " gives output size ", out[d], " in spatial dim ", d, " (expected a positive size)"));
  }
  const Tensor y = conv_bwd_input(x, w, Spec{stride, padding, dilation, groups}, out);
  return b.defined() ? add(y, bias_view(b, y.dim())) : y;
}

using namespace registry;

// Entry points that graphgrad.nn.functional wraps with PyTorch's signatures (tests/test_conv.py).
GG_REGISTER_OP({"_conv", &conv,
                {{"input"}, {"weight"}, {"bias"}, {"stride"}, {"pad_begin"}, {"pad_end"}, {"dilation"}, {"groups"}},
                "Convolution of (N, C, *spatial) with (K, C / groups, *kernel), 1 to 3 spatial dims; zero padding "
                "pad_begin / pad_end before / after each spatial dim.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_conv_transpose", &conv_transpose,
                {{"input"}, {"weight"}, {"bias"}, {"stride"}, {"padding"}, {"output_padding"}, {"dilation"}, {"groups"}},
                "Transposed convolution of (N, C_in, *spatial) with (C_in, C_out / groups, *kernel).", kFunction, {}, {},
                false, true});

}  // namespace gg
