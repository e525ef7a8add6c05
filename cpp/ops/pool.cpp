// Pooling ops (conv.h). Max pooling is a gather of the input at the maxima's indices, so its
// backward is a scatter and the scatter's backward the gather again (max_unpool is that scatter);
// average pooling is linear, its backward the adjoint kernel and the adjoint's backward the
// pooling again. Both pairs are differentiable to any order.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "kernels/conv/pool.h"
#include "ops/conv.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace {

using kernels::PoolAxis;
using Axes2 = std::shared_ptr<const std::pair<PoolAxis, PoolAxis>>;  // (H, W); shared by the nodes

// x (N, C, *spatial) with 1 or 2 spatial dims, float.
void check_input(const char* op, const Tensor& x, size_t S) {
  if (!is_floating(x.dtype())) throw TypeError(msg(op, ": expected a float tensor, got ", dtype_name(x.dtype())));
  if (S < 1 || S > 2 || x.dim() != static_cast<int64_t>(S) + 2)
    throw ValueError(msg(op, ": expected a batched input (N, C, *spatial) with ", S, " spatial dims, got ",
                         shape_str(x.shape())));
}

void check_params(const char* op, size_t S, std::initializer_list<std::pair<const char*, const Shape*>> params) {
  for (const auto& [name, p] : params)
    if (p->size() != S) throw ValueError(msg(op, ": ", name, " needs ", S, " values, got ", shape_str(*p)));
}

int64_t planes_of(const Shape& s) { return s[0] * s[1]; }
PoolAxis unit_axis() {
  PoolAxis a;
  a.first = {0}, a.count = {1}, a.div = {1.0};
  return a;
}

Shape out_shape(const Shape& in, const PoolAxis& h, const PoolAxis& w, size_t S) {
  Shape s{in[0], in[1]};
  if (S == 2) s.push_back(h.out);
  s.push_back(w.out);
  return s;
}

// PyTorch's pooling output size, with ceil_mode's rule that the last window starts inside the
// input or its front padding.
int64_t pooled_size(const char* op, int64_t L, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode) {
  const int64_t num = L + 2 * p - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
  int64_t out = (num >= 0 ? num / s : -((-num + s - 1) / s)) + 1;  // floor division
  if (ceil_mode && (out - 1) * s >= L + p) --out;
  if (out < 1)
    throw ValueError(msg(op, ": input size ", L, " with kernel ", k, ", padding ", p, ", dilation ", d,
                         " gives output size ", out, ", which is too small"));
  return out;
}

// PyTorch's limits: positive sizes, and padding at most half the (undilated) kernel, so that every
// window holds an input element.
void check_window(const char* op, const Shape& k, const Shape& s, const Shape& p, const Shape& d) {
  for (size_t i = 0; i < k.size(); ++i) {
    if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0)
      throw ValueError(msg(op, ": kernel_size, stride and dilation must be positive and padding non-negative, got "
                           "kernel_size ", shape_str(k), ", stride ", shape_str(s), ", padding ", shape_str(p)));
    if (p[i] > k[i] / 2)
      throw ValueError(msg(op, ": padding ", shape_str(p), " must be at most half of the kernel size ", shape_str(k)));
  }
}

// Windows of a max pool: o reads o * s - p + j * d, j < k, inside [0, L).
PoolAxis max_axis(const char* op, int64_t L, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode) {
  PoolAxis a;
  a.in = L, a.out = pooled_size(op, L, k, s, p, d, ceil_mode), a.step = d;
  for (int64_t o = 0; o < a.out; ++o) {
    const int64_t start = o * s - p;
    const int64_t j0 = start >= 0 ? 0 : (-start + d - 1) / d;
    const int64_t j1 = std::min<int64_t>(k, start > L - 1 ? 0 : (L - 1 - start) / d + 1);
    a.first.push_back(start + j0 * d);
    a.count.push_back(std::max<int64_t>(0, j1 - j0));
  }
  return a;
}

// Windows of an average pool, with PyTorch's divisors: the window clipped to the padded input
// (count_include_pad) or to the input.
PoolAxis avg_axis(const char* op, int64_t L, int64_t k, int64_t s, int64_t p, bool ceil_mode, bool include_pad) {
  PoolAxis a;
  a.in = L, a.out = pooled_size(op, L, k, s, p, 1, ceil_mode);
  for (int64_t o = 0; o < a.out; ++o) {
    int64_t b = o * s - p, e = std::min(b + k, L + p);
    const int64_t padded = e - b;
    b = std::max<int64_t>(b, 0), e = std::min(e, L);
    a.first.push_back(b);
    a.count.push_back(std::max<int64_t>(0, e - b));
    a.div.push_back(static_cast<double>(include_pad ? padded : std::max<int64_t>(0, e - b)));
  }
  return a;
}

// Adaptive windows: o reads [floor(o L / O), ceil((o + 1) L / O)).
PoolAxis adaptive_axis(const char* op, int64_t L, int64_t O) {
  if (O < 1) throw ValueError(msg(op, ": output_size must be positive, got ", O));
  PoolAxis a;
  a.in = L, a.out = O;
  for (int64_t o = 0; o < O; ++o) {
    const int64_t b = o * L / O, e = ((o + 1) * L + O - 1) / O;
    a.first.push_back(b);
    a.count.push_back(e - b);
    a.div.push_back(static_cast<double>(e - b));
  }
  return a;
}

Tensor same_dtype(const Tensor& g, DType d) { return g.dtype() == d ? g : to_dtype(g, d); }

// y (x's first two dims, then `out` spatial) = x gathered at the flat plane indices idx.
Tensor gather(const Tensor& x0, const Tensor& idx, const Shape& out);
// The adjoint: zeros of shape `in` with g added at idx.
Tensor scatter(const Tensor& g0, const Tensor& idx, const Shape& in);

int64_t plane_size(const Shape& s) {
  int64_t n = 1;
  for (size_t d = 2; d < s.size(); ++d) n *= s[d];
  return n;
}

Tensor record_gather(const char* op, Tensor y, const Tensor& x, const Tensor& idx) {
  if (!needs_autograd({&x})) return y;
  return record(op, y, {&x}, [idx, in = x.shape()](const Tensor& g, Node&) {
    return std::vector<Tensor>{scatter(g, idx, in)};
  }, [idx, out = y.shape()](const Tangents& t) { return gather(t[0], idx, out); });
}

Tensor gather(const Tensor& x0, const Tensor& idx, const Shape& out) {
  const Tensor x = x0.contiguous_data();
  Tensor y = Tensor::empty(out, x.dtype());
  dispatch_float(x.dtype(), "max_pool_gather", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::gather_planes<T>(planes_of(out), plane_size(x.shape()), plane_size(out), x.data<T>(), idx.data<int64_t>(),
                              y.data<T>());
  });
  return record_gather("max_pool_gather", y, x0, idx);
}

Tensor scatter(const Tensor& g0, const Tensor& idx, const Shape& in) {
  const Tensor g = g0.contiguous_data();
  Tensor x = Tensor::empty(in, g.dtype());
  dispatch_float(g.dtype(), "max_pool_scatter", [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::scatter_planes<T>(planes_of(in), plane_size(in), plane_size(g.shape()), g.data<T>(), idx.data<int64_t>(),
                               x.data<T>());
  });
  if (!needs_autograd({&g0})) return x;
  return record("max_pool_scatter", x, {&g0}, [idx, out = g0.shape()](const Tensor& gx, Node&) {
    return std::vector<Tensor>{gather(gx, idx, out)};
  }, [idx, in](const Tangents& t) { return scatter(t[0], idx, in); });
}

std::pair<Tensor, Tensor> max_pool_axes(const char* op, const Tensor& x0, const PoolAxis& h, const PoolAxis& w,
                                        size_t S) {
  const Tensor x = x0.contiguous_data();
  const Shape out = out_shape(x.shape(), h, w, S);
  Tensor y = Tensor::empty(out, x.dtype()), idx = Tensor::empty(out, DType::Int64);
  dispatch_float(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::max_pool_forward<T>(planes_of(out), h, w, x.data<T>(), y.data<T>(), idx.data<int64_t>());
  });
  return {record_gather(op, y, x0, idx), idx};
}

// Average pooling with windows `ax` and its adjoint; each records the other as its backward.
Tensor avg_apply(const Tensor& x0, const Axes2& ax, double override_, const Shape& out, bool adjoint) {
  const Tensor x = x0.contiguous_data();
  Tensor y = Tensor::empty(out, x.dtype());
  dispatch_float(x.dtype(), "avg_pool", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (adjoint)
      kernels::avg_pool_backward<T>(planes_of(out), ax->first, ax->second, override_, x.data<T>(), y.data<T>());
    else
      kernels::avg_pool_forward<T>(planes_of(out), ax->first, ax->second, override_, x.data<T>(), y.data<T>());
  });
  if (!needs_autograd({&x0})) return y;
  const char* name = adjoint ? "avg_pool_backward" : "avg_pool";
  return record(name, y, {&x0}, [ax, override_, in = x0.shape(), adjoint](const Tensor& g, Node&) {
    return std::vector<Tensor>{avg_apply(g, ax, override_, in, !adjoint)};
  }, [ax, override_, out, adjoint](const Tangents& t) { return avg_apply(t[0], ax, override_, out, adjoint); });
}

Tensor avg_pool_axes(const Tensor& x, PoolAxis h, PoolAxis w, double override_, size_t S) {
  const Shape out = out_shape(x.shape(), h, w, S);
  auto ax = std::make_shared<const std::pair<PoolAxis, PoolAxis>>(std::move(h), std::move(w));
  return avg_apply(x, ax, override_, out, false);
}

}  // namespace

std::pair<Tensor, Tensor> max_pool(const Tensor& x, const Shape& kernel, const Shape& stride, const Shape& padding,
                                   const Shape& dilation, bool ceil_mode) {
  const char* op = "max_pool";
  const size_t S = kernel.size();
  check_input(op, x, S);
  check_params(op, S, {{"stride", &stride}, {"padding", &padding}, {"dilation", &dilation}});
  check_window(op, kernel, stride, padding, dilation);
  const int64_t r = x.dim();
  const PoolAxis w = max_axis(op, x.shape()[r - 1], kernel[S - 1], stride[S - 1], padding[S - 1], dilation[S - 1], ceil_mode);
  const PoolAxis h = S == 2 ? max_axis(op, x.shape()[r - 2], kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
                            : unit_axis();
  return max_pool_axes(op, x, h, w, S);
}

Tensor avg_pool(const Tensor& x, const Shape& kernel, const Shape& stride, const Shape& padding, bool ceil_mode,
                bool count_include_pad, int64_t divisor_override) {
  const char* op = "avg_pool";
  const size_t S = kernel.size();
  check_input(op, x, S);
  check_params(op, S, {{"stride", &stride}, {"padding", &padding}});
  check_window(op, kernel, stride, padding, Shape(S, 1));
  const int64_t r = x.dim();
  PoolAxis w = avg_axis(op, x.shape()[r - 1], kernel[S - 1], stride[S - 1], padding[S - 1], ceil_mode, count_include_pad);
  PoolAxis h = S == 2 ? avg_axis(op, x.shape()[r - 2], kernel[0], stride[0], padding[0], ceil_mode, count_include_pad)
                      : unit_axis();
  return avg_pool_axes(x, std::move(h), std::move(w), divisor_override > 0 ? double(divisor_override) : 0.0, S);
}

Tensor adaptive_avg_pool(const Tensor& x, const Shape& output_size) {
  const char* op = "adaptive_avg_pool";
  const size_t S = output_size.size();
  check_input(op, x, S);
  const int64_t r = x.dim();
  PoolAxis w = adaptive_axis(op, x.shape()[r - 1], output_size[S - 1]);
  PoolAxis h = S == 2 ? adaptive_axis(op, x.shape()[r - 2], output_size[0]) : unit_axis();
  return avg_pool_axes(x, std::move(h), std::move(w), 0.0, S);
}

std::pair<Tensor, Tensor> adaptive_max_pool(const Tensor& x, const Shape& output_size) {
  const char* op = "adaptive_max_pool";
  const size_t S = output_size.size();
  check_input(op, x, S);
  const int64_t r = x.dim();
  const PoolAxis w = adaptive_axis(op, x.shape()[r - 1], output_size[S - 1]);
  const PoolAxis h = S == 2 ? adaptive_axis(op, x.shape()[r - 2], output_size[0]) : unit_axis();
  return max_pool_axes(op, x, h, w, S);
}

Tensor max_unpool(const Tensor& x, const Tensor& indices, const Shape& output_size) {
  const char* op = "max_unpool";
  const size_t S = output_size.size();
  check_input(op, x, S);
  if (indices.dtype() != DType::Int64)
    throw TypeError(msg(op, ": indices must be int64, got ", dtype_name(indices.dtype())));
  if (indices.shape() != x.shape())
    throw ValueError(msg(op, ": indices ", shape_str(indices.shape()), " must have the input's shape ",
                         shape_str(x.shape())));
  Shape out{x.shape()[0], x.shape()[1]};
  out.insert(out.end(), output_size.begin(), output_size.end());
  const int64_t plane = plane_size(out);
  const Tensor idx = indices.contiguous_data();
  const int64_t* p = idx.data<int64_t>();
  for (int64_t i = 0; i < idx.numel(); ++i)
    if (p[i] < 0 || p[i] >= plane)
      throw IndexError(msg(op, ": index ", p[i], " is out of range for output planes of ", plane, " elements (",
                           shape_str(output_size), ")"));
  return scatter(x, idx, out);
}

using namespace registry;

// Entry points that graphgrad.nn.functional wraps with PyTorch's signatures (tests/test_pool.py).
GG_REGISTER_OP({"_max_pool", &max_pool, {{"input"}, {"kernel_size"}, {"stride"}, {"padding"}, {"dilation"}, {"ceil_mode"}},
                "Max pooling over 1 or 2 trailing dims: (values, flat indices in each plane).", kFunction, {}, {}, false,
                true});
GG_REGISTER_OP({"_avg_pool", &avg_pool,
                {{"input"}, {"kernel_size"}, {"stride"}, {"padding"}, {"ceil_mode"}, {"count_include_pad"},
                 {"divisor_override"}},
                "Average pooling over 1 or 2 trailing dims (divisor_override <= 0: none).", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_adaptive_avg_pool", &adaptive_avg_pool, {{"input"}, {"output_size"}},
                "Adaptive average pooling to output_size over 1 or 2 trailing dims.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_adaptive_max_pool", &adaptive_max_pool, {{"input"}, {"output_size"}},
                "Adaptive max pooling to output_size over 1 or 2 trailing dims: (values, flat indices).", kFunction, {}, {},
                false, true});
GG_REGISTER_OP({"_max_unpool", &max_unpool, {{"input"}, {"indices"}, {"output_size"}},
                "Zero planes of output_size with input placed at the flat indices (max pooling's adjoint).", kFunction, {},
                {}, false, true});

}  // namespace gg
