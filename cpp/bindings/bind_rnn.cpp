// Sequence-model ops (ops/rnn.h, ops/attention.h) as graphgrad._core functions;
// graphgrad.nn.rnn and graphgrad.nn.attention wrap them. Argument translation only.
#include <pybind11/stl.h>

#include "bindings/bindings.h"
#include "ops/attention.h"
#include "ops/rnn.h"

namespace gg::bindings {

void bind_rnn(py::module_& m) {
  using py::arg;
  m.def("_rnn_layer", [](const std::string& mode, const Tensor& x, const std::vector<int64_t>& batch_sizes,
                         std::optional<Tensor> h0, std::optional<Tensor> c0, const std::vector<Tensor>& weights,
                         int64_t num_directions, bool has_bias, bool has_proj) {
    return rnn_layer(rnn_mode_from_string(mode), x, batch_sizes, or_undefined(h0), or_undefined(c0), weights,
                     num_directions, has_bias, has_proj);
  }, arg("mode"), arg("input"), arg("batch_sizes"), arg("h0"), arg("c0"), arg("weights"), arg("num_directions"),
     arg("has_bias"), arg("has_proj"), py::call_guard<py::gil_scoped_release>(),
     "One fused RNN_TANH/RNN_RELU/LSTM/GRU layer over packed rows (N, input_size) with step sizes batch_sizes; "
     "weights per direction in PyTorch's order. Returns [output (N, D*P), h_n (D, B, P)] (+ c_n for LSTM).");
  m.def("_scaled_dot_product_attention", [](const Tensor& q, const Tensor& k, const Tensor& v,
                                            std::optional<Tensor> mask, bool is_causal, std::optional<double> scale) {
    return scaled_dot_product_attention(q, k, v, or_undefined(mask), is_causal, scale);
  }, arg("query"), arg("key"), arg("value"), arg("attn_mask") = py::none(), arg("is_causal") = false,
     arg("scale") = py::none(), py::call_guard<py::gil_scoped_release>(),
     "Fused softmax(q k^T * scale + mask) v (no dropout), blocked with an online softmax.");
}

}  // namespace gg::bindings
