// The shape of one fused recurrent layer (or cell step) over packed rows, shared by the fused op
// (rnn.cpp) and the layer composed of ops (rnn_composite.cpp). Internal to ops/rnn*.cpp.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace gg::rnn_detail {

enum class RnnMode { Tanh, Relu, Lstm, Gru };

struct Geometry {
  RnnMode mode;
  int64_t T, B, N, I, H, P, G, D;
  bool bias, proj;
  std::vector<int64_t> bs, off;  // step t's rows: [off[t], off[t] + bs[t])

  bool lstm() const { return mode == RnnMode::Lstm; }
  bool gru() const { return mode == RnnMode::Gru; }
  int64_t GH() const { return G * H; }
  int64_t ld() const { return D * P; }  // the output's row stride
  int64_t hn_at() const { return N * D * P; }
  int64_t cn_at() const { return hn_at() + D * B * P; }
  int64_t total() const { return cn_at() + (lstm() ? D * B * H : 0); }
  int64_t step(int64_t d, int64_t s) const { return d == 0 ? s : T - 1 - s; }
  // The row (of a per-row buffer) holding the state row b of step t continues from, or -1 when
  // that is the initial state.
  int64_t prev_row(int64_t d, int64_t t, int64_t b) const {
    if (d == 0) return t > 0 ? off[t - 1] + b : -1;
    return t + 1 < T && b < bs[t + 1] ? off[t + 1] + b : -1;
  }
};

// The tangent of the fused op's flat result [output (N, D*P), h_n (D, B, P), c_n (D, B, H)] from
// the primals and tangents of its inputs {x, h0, c0, weights...} (undefined: absent, or a zero
// tangent), composed of ops step by step, so that it is differentiable again (reverse over forward).
Tensor rnn_tangent(const Geometry& g, const std::vector<Tensor>& primals, const std::vector<Tensor>& tangents);

// The fused op's gradients for its inputs {x, h0, c0, weights...} (those `wanted`, undefined
// elsewhere) given the gradient of its flat result, as the gradient of the layer composed of ops:
// with create_graph recorded, so that it differentiates again (double backward); either way
// carrying the tangents of dual inputs (forward over reverse).
std::vector<Tensor> rnn_composed_grads(const Geometry& g, const std::vector<Tensor>& inputs, const Tensor& grad,
                                       const std::vector<bool>& wanted, bool create_graph);

}  // namespace gg::rnn_detail
