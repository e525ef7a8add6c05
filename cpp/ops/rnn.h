// Fused recurrent layers (rnn.cpp): one graph node per layer, for every direction and step.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace gg {

// One layer of an RNN_TANH/RNN_RELU/LSTM/GRU (mode) over a packed sequence: x (N, I) holds the rows of step t at
// [off_t, off_t + batch_sizes[t]) with non-increasing batch_sizes (a padded (T, B, I) input is
// batch_sizes = T copies of B). h0 (D, B, P), c0 (D, B, H) (LSTM only) may be none (zeros).
// weights, per direction, in PyTorch's order: w_ih (G*H, I), w_hh (G*H, P), [b_ih, b_hh (G*H)]
// and [w_hr (P, H), LSTM with proj_size], with G = 4 (LSTM), 3 (GRU), 1; P = proj_size or H.
// Returns {output (N, D*P), h_n (D, B, P)} and, for LSTM, c_n (D, B, H): views of one buffer
// produced by one node. A row's h_n is its state after its last step (first, in reverse).
// Forward mode and double backward (backward under create_graph) compose the layer of ops
// (rnn_composite.cpp); a plain backward is fused.
std::vector<Tensor> rnn_layer(const std::string& mode, const Tensor& x, const std::vector<int64_t>& batch_sizes,
                              const std::optional<Tensor>& h0, const std::optional<Tensor>& c0,
                              const std::vector<Tensor>& weights,
                              int64_t num_directions, bool has_bias, bool has_proj);

// One step of RNNCell/LSTMCell/GRUCell (mode as above): x (N, I) or (I,) (unbatched), h and c (LSTM
// only) of the matching layout (N, H) or (H,), or none (zeros); weights w_ih (G*H, I), w_hh (G*H, H)
// [, b_ih, b_hh (G*H)]. Returns {h'} and, for LSTM, c': views of one buffer produced by one node.
std::vector<Tensor> rnn_cell(const std::string& mode, const Tensor& x, const std::optional<Tensor>& h,
                             const std::optional<Tensor>& c, const std::vector<Tensor>& weights);

}  // namespace gg
