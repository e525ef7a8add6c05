// Convolution and pooling ops (ops/conv.h) as graphgrad._core functions; graphgrad.nn.functional
// wraps them with PyTorch's signatures. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/conv.h"

namespace gg::bindings {

void bind_conv(py::module_& m) {
  using py::arg;
  using Release = py::call_guard<py::gil_scoped_release>;
  m.def("_conv", [](const Tensor& x, const Tensor& w, std::optional<Tensor> b, const Shape& stride,
                    const Shape& pad_begin, const Shape& pad_end, const Shape& dilation, int64_t groups) {
    return conv(x, w, b ? *b : Tensor(), stride, pad_begin, pad_end, dilation, groups);
  }, arg("input"), arg("weight"), arg("bias"), arg("stride"), arg("pad_begin"), arg("pad_end"), arg("dilation"),
     arg("groups"), Release(),
     "Convolution of (N, C, *spatial) with (K, C / groups, *kernel), 1 to 3 spatial dims; zero padding "
     "pad_begin / pad_end before / after each spatial dim.");
  m.def("_conv_transpose", [](const Tensor& x, const Tensor& w, std::optional<Tensor> b, const Shape& stride,
                              const Shape& padding, const Shape& output_padding, const Shape& dilation, int64_t groups) {
    return conv_transpose(x, w, b ? *b : Tensor(), stride, padding, output_padding, dilation, groups);
  }, arg("input"), arg("weight"), arg("bias"), arg("stride"), arg("padding"), arg("output_padding"), arg("dilation"),
     arg("groups"), Release(), "Transposed convolution of (N, C_in, *spatial) with (C_in, C_out / groups, *kernel).");
  m.def("_max_pool", &max_pool, arg("input"), arg("kernel_size"), arg("stride"), arg("padding"), arg("dilation"),
        arg("ceil_mode"), Release(), "Max pooling over 1 or 2 trailing dims: (values, flat indices in each plane).");
  m.def("_avg_pool", &avg_pool, arg("input"), arg("kernel_size"), arg("stride"), arg("padding"), arg("ceil_mode"),
        arg("count_include_pad"), arg("divisor_override"), Release(),
        "Average pooling over 1 or 2 trailing dims (divisor_override <= 0: none).");
  m.def("_adaptive_avg_pool", &adaptive_avg_pool, arg("input"), arg("output_size"), Release(),
        "Adaptive average pooling to output_size over 1 or 2 trailing dims.");
  m.def("_adaptive_max_pool", &adaptive_max_pool, arg("input"), arg("output_size"), Release(),
        "Adaptive max pooling to output_size over 1 or 2 trailing dims: (values, flat indices).");
  m.def("_max_unpool", &max_unpool, arg("input"), arg("indices"), arg("output_size"), Release(),
        "Zero planes of output_size with input placed at the flat indices (max pooling's adjoint).");
}

}  // namespace gg::bindings
