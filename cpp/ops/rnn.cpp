// Fused recurrent layers: validation, the one graph node per layer (or cell step) and its
// registration; the passes themselves (the input projection of every step as one GEMM, each step
// split into fixed chunks of hidden units for the recurrent GEMM and the gates, weight gradients
// as one GEMM over all steps) are rnn_fused.cpp. Saved: the gate activations, LSTM's
// cells and GRU's h·W_hnᵀ + b_hn (N rows each); the hidden states are the output itself.
// Packed sequences: step t has batch_sizes[t] rows (non-increasing), the rows of the longest
// sequences first, so a step only touches its leading rows of the state and a finished row keeps
// its final state: that is h_n. A cell step (rnn_cell) is the same op over one step whose batch
// is the input's rows. Forward mode, double backward (a backward under create_graph) and forward
// over reverse are the layer composed of ops (rnn_composite.cpp); a plain backward stays fused.
#include "ops/rnn.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "core/error.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/rnn_fused.h"
#include "ops/rnn_geometry.h"
#include "ops/shape_views.h"

namespace gg {

namespace {

using namespace rnn_detail;

RnnMode rnn_mode_from_string(const std::string& mode) {
  if (mode == "RNN_TANH") return RnnMode::Tanh;
  if (mode == "RNN_RELU") return RnnMode::Relu;
  if (mode == "LSTM") return RnnMode::Lstm;
  if (mode == "GRU") return RnnMode::Gru;
  throw ValueError(msg("rnn: unknown mode '", mode, "' (expected RNN_TANH, RNN_RELU, LSTM or GRU)"));
}

const char* mode_name(RnnMode m) {
  switch (m) {
    case RnnMode::Tanh: return "rnn_tanh";
    case RnnMode::Relu: return "rnn_relu";
    case RnnMode::Lstm: return "lstm";
    default: return "gru";
  }
}

const char* cell_name(RnnMode m) {
  return m == RnnMode::Lstm ? "LSTMCell" : m == RnnMode::Gru ? "GRUCell" : "RNNCell";
}

std::vector<DirWeights> split_weights(const Geometry& g, const std::vector<Tensor>& w) {
  const size_t k = 2 + (g.bias ? 2 : 0) + (g.proj ? 1 : 0);
  const char* op = mode_name(g.mode);
  if (w.size() != k * static_cast<size_t>(g.D))
    throw ValueError(msg(op, ": expected ", k * g.D, " weight tensors (", k, " per direction), got ", w.size()));
  std::vector<DirWeights> r(g.D);
  for (int64_t d = 0; d < g.D; ++d) {
    const Tensor* p = &w[d * k];
    r[d].w_ih = p[0];
    r[d].w_hh = p[1];
    if (g.bias) r[d].b_ih = p[2], r[d].b_hh = p[3];
    if (g.proj) r[d].w_hr = p[k - 1];
  }
  return r;
}

// (want as a list: the checks of every step build no Shape.)
void check_shape(const char* op, const char* what, const Tensor& t, std::initializer_list<int64_t> want) {
  if (!std::equal(t.shape().begin(), t.shape().end(), want.begin(), want.end()))
    throw ValueError(msg(op, ": expected ", what, " of shape ", shape_str(Shape(want)), ", got ", shape_str(t.shape())));
}

// The weights' checks (g.I set); sets g.H and g.P. Every dtype must be the input's float dtype.
void validate_weights(const char* op, Geometry& g, const Tensor& x, const std::vector<Tensor>& weights,
                      std::vector<DirWeights>& w) {
  if (!is_floating(x.dtype())) throw TypeError(msg(op, ": expected a float input, got ", dtype_name(x.dtype())));
  w = split_weights(g, weights);
  const Tensor& wih = w[0].w_ih;
  if (wih.dim() != 2 || wih.shape()[0] % g.G != 0 || wih.shape()[0] == 0)
    throw ValueError(msg(op, ": weight_ih ", shape_str(wih.shape()), " is not (", g.G, " * hidden_size, input_size)"));
  g.H = wih.shape()[0] / g.G;
  if (g.proj && w[0].w_hr.dim() != 2)
    throw ValueError(msg(op, ": weight_hr ", shape_str(w[0].w_hr.shape()), " is not (proj_size, hidden_size)"));
  g.P = g.proj ? w[0].w_hr.shape()[0] : g.H;
  if (g.I == 0 || g.P == 0) throw ValueError(msg(op, ": input_size and proj_size must be positive"));
  for (const DirWeights& dw : w) {
    check_shape(op, "weight_ih", dw.w_ih, {g.GH(), g.I});
    check_shape(op, "weight_hh", dw.w_hh, {g.GH(), g.P});
    if (g.bias) check_shape(op, "bias_ih", dw.b_ih, {g.GH()}), check_shape(op, "bias_hh", dw.b_hh, {g.GH()});
    if (g.proj) check_shape(op, "weight_hr", dw.w_hr, {g.P, g.H});
  }
  for (const Tensor& t : weights)
    if (t.dtype() != x.dtype())
      throw TypeError(msg(op, ": input is ", dtype_name(x.dtype()), " but a weight is ", dtype_name(t.dtype())));
}

void check_state_dtype(const char* op, const Tensor& x, const Tensor& h0, const Tensor& c0) {
  for (const Tensor* t : {&h0, &c0})
    if (t->defined() && t->dtype() != x.dtype())
      throw TypeError(msg(op, ": input is ", dtype_name(x.dtype()), " but a state is ", dtype_name(t->dtype())));
}

int64_t gates_of(RnnMode mode) { return mode == RnnMode::Lstm ? 4 : mode == RnnMode::Gru ? 3 : 1; }

Geometry validate_layer(RnnMode mode, const Tensor& x, const std::vector<int64_t>& batch_sizes, const Tensor& h0,
                        const Tensor& c0, const std::vector<Tensor>& weights, int64_t D, bool bias, bool proj,
                        std::vector<DirWeights>& w) {
  const char* op = mode_name(mode);
  Geometry g{mode, 0, 0, 0, 0, 0, 0, gates_of(mode), D, bias, proj, {}, {}};
  if (D != 1 && D != 2) throw ValueError(msg(op, ": num_directions must be 1 or 2, got ", D));
  if (proj && !g.lstm()) throw ValueError(msg(op, ": proj_size is only supported by LSTM"));
  if (c0.defined() && !g.lstm()) throw ValueError(msg(op, ": only LSTM takes an initial cell state"));
  if (x.dim() != 2) throw ValueError(msg(op, ": expected packed input rows (N, input_size), got ", shape_str(x.shape())));
  if (batch_sizes.empty()) throw ValueError(msg(op, ": the sequence has no steps"));
  g.T = static_cast<int64_t>(batch_sizes.size());
  g.B = batch_sizes[0];
  for (int64_t t = 0; t < g.T; ++t) {
    if (batch_sizes[t] < 1 || batch_sizes[t] > (t ? batch_sizes[t - 1] : g.B))
      throw ValueError(msg(op, ": batch_sizes must be positive and non-increasing, got ", shape_str(batch_sizes)));
    g.off.push_back(g.N);
    g.N += batch_sizes[t];
  }
  g.bs = batch_sizes;
  if (x.shape()[0] != g.N)
    throw ValueError(msg(op, ": input has ", x.shape()[0], " rows but batch_sizes ", shape_str(batch_sizes),
                         " add up to ", g.N));
  g.I = x.shape()[1];
  validate_weights(op, g, x, weights, w);
  if (h0.defined()) check_shape(op, "initial hidden state", h0, {D, g.B, g.P});
  if (c0.defined()) check_shape(op, "initial cell state", c0, {D, g.B, g.H});
  check_state_dtype(op, x, h0, c0);
  return g;
}

// A cell step is a layer of one step and one direction whose batch is the input's rows (one row
// when the input is 1-D, unbatched); the states have the input's layout.
Geometry validate_cell(RnnMode mode, const Tensor& x, const Tensor& h, const Tensor& c,
                       const std::vector<Tensor>& weights, std::vector<DirWeights>& w) {
  const char* op = cell_name(mode);
  if (weights.size() != 2 && weights.size() != 4)
    throw ValueError(msg(op, ": expected 2 or 4 weight tensors (w_ih, w_hh[, b_ih, b_hh]), got ", weights.size()));
  Geometry g{mode, 1, 0, 0, 0, 0, 0, gates_of(mode), 1, weights.size() == 4, false, {}, {}};
  if (c.defined() && !g.lstm()) throw ValueError(msg(op, ": only LSTMCell takes a cell state"));
  g.I = weights[0].dim() == 2 ? weights[0].shape()[1] : 0;
  if (x.dim() < 1 || x.dim() > 2 || x.shape().back() != g.I)
    throw ValueError(msg(op, ": expected input of shape (batch, ", g.I, ") or (", g.I, ",), got ", shape_str(x.shape())));
  g.N = g.B = x.dim() == 2 ? x.shape()[0] : 1;
  if (g.N == 0) throw ValueError(msg(op, ": the batch is empty"));
  g.bs = {g.N};
  g.off = {0};
  validate_weights(op, g, x, weights, w);
  for (const auto& [t, what] : {std::pair{&h, "hidden state"}, std::pair{&c, "cell state"}}) {
    if (!t->defined()) continue;
    if (x.dim() == 2) check_shape(op, what, *t, {g.N, g.H});
    else check_shape(op, what, *t, {g.H});
  }
  check_state_dtype(op, x, h, c);
  return g;
}

// The fused op over validated geometry and the weights split by direction (w): the flat result
// [output, h_n, c_n], one node for all of it.
Tensor fused(const Geometry& g, const Tensor& x, const Tensor& h0, const Tensor& c0,
             const std::vector<Tensor>& weights, std::vector<DirWeights> w) {
  const DType dt = x.dtype();
  // Contiguous operands (copies only where a caller passed strided ones).
  const Tensor X = x.contiguous_data(), H0 = h0.defined() ? h0.contiguous_data() : h0,
               C0 = c0.defined() ? c0.contiguous_data() : c0;
  for (DirWeights& dw : w)
    for (Tensor* t : {&dw.w_ih, &dw.w_hh, &dw.b_ih, &dw.b_hh, &dw.w_hr})
      if (t->defined()) *t = t->contiguous_data();
  Tensor flat = Tensor::empty({g.total()}, dt);
  Saved saved;
  dispatch_float(dt, mode_name(g.mode), [&](auto tag) {
    using T = typename decltype(tag)::type;
    fused_forward<T>(g, X.data<T>(), ptr<T>(H0), ptr<T>(C0), w, flat.data<T>(), saved, dt);
  });
  std::vector<Tensor> inputs;
  inputs.reserve(3 + weights.size());
  inputs.insert(inputs.end(), {x, h0, c0});
  inputs.insert(inputs.end(), weights.begin(), weights.end());
  if (!needs_autograd(inputs)) return flat;
  std::vector<SavedTensor> sv;
  sv.reserve(inputs.size() + 1);
  for (const Tensor& t : inputs) sv.push_back(t.defined() ? SavedTensor(t, false) : SavedTensor());
  sv.emplace_back(flat, true);
  // g's copy is a Geometry of its own: captured as `g`, from a const reference, it would be a const
  // member, copied (bs and off: two heap blocks) at each of the lambda's moves into the node.
  auto backward_fn = [g = Geometry(g), sv = std::move(sv), saved = std::move(saved)](const Tensor& grad,
                                                                                     Node& self) {
    const char* op = mode_name(g.mode);
    std::vector<Tensor> in;
    for (size_t i = 0; i + 1 < sv.size(); ++i) in.push_back(sv[i].unpack(&self));
    // The fused kernels record nothing and drop tangents: a backward under create_graph, or on
    // dual tensors (forward over reverse), differentiates the layer composed of ops instead.
    bool dual = has_tangent(grad);
    for (const Tensor& t : in) dual = dual || has_tangent(t);
    if (GradMode::is_enabled() || dual) {
      std::vector<bool> wanted;
      for (size_t i = 0; i < in.size(); ++i) wanted.push_back(self.needs_grad(i));
      return rnn_composed_grads(g, in, grad, wanted, GradMode::is_enabled());
    }
    for (Tensor& t : in)
      if (t.defined()) t = t.contiguous_data();
    const Tensor out = sv.back().unpack(&self), gc = grad.contiguous_data();
    const std::vector<DirWeights> wd = split_weights(g, std::vector<Tensor>(in.begin() + 3, in.end()));
    Grads gs;
    dispatch_float(out.dtype(), op, [&](auto tag) {
      using T = typename decltype(tag)::type;
      gs = fused_backward<T>(g, gc.data<T>(), in[0].data<T>(), ptr<T>(in[1]), ptr<T>(in[2]), wd, out.data<T>(), saved,
                       out.dtype(), self.needs_grad(0));
    });
    std::vector<Tensor> r{gs.dx, gs.dh0, gs.dc0};
    for (int k = 0; k < 3; ++k)  // a cell's input and states keep their own (1-D or 2-D) shapes
      if (r[k].defined() && in[k].defined() && r[k].shape() != in[k].shape()) r[k] = reshape(r[k], in[k].shape());
    for (auto& dgw : gs.dw) r.insert(r.end(), dgw.begin(), dgw.end());
    return r;
  };
  return record(mode_name(g.mode), flat, inputs, std::move(backward_fn),
                [&](const Tangents& t) { return rnn_tangent(g, inputs, t); });
}

}  // namespace

std::vector<Tensor> rnn_layer(const std::string& mode_str, const Tensor& x, const std::vector<int64_t>& batch_sizes,
                              const std::optional<Tensor>& h0_or_none, const std::optional<Tensor>& c0_or_none,
                              const std::vector<Tensor>& weights, int64_t num_directions, bool has_bias, bool has_proj) {
  const RnnMode mode = rnn_mode_from_string(mode_str);
  const Tensor h0 = h0_or_none.value_or(Tensor()), c0 = c0_or_none.value_or(Tensor());
  std::vector<DirWeights> w;
  const Geometry g = validate_layer(mode, x, batch_sizes, h0, c0, weights, num_directions, has_bias, has_proj, w);
  const Tensor flat = fused(g, x, h0, c0, weights, std::move(w));
  std::vector<Tensor> outs{flat_part(flat, {g.N, g.ld()}, 0, "rnn_state"),
                           flat_part(flat, {g.D, g.B, g.P}, g.hn_at(), "rnn_state")};
  if (g.lstm()) outs.push_back(flat_part(flat, {g.D, g.B, g.H}, g.cn_at(), "rnn_state"));
  return outs;
}

std::vector<Tensor> rnn_cell(const std::string& mode_str, const Tensor& x, const std::optional<Tensor>& h_or_none,
                             const std::optional<Tensor>& c_or_none, const std::vector<Tensor>& weights) {
  const RnnMode mode = rnn_mode_from_string(mode_str);
  const Tensor h = h_or_none.value_or(Tensor()), c = c_or_none.value_or(Tensor());
  std::vector<DirWeights> w;
  const Geometry g = validate_cell(mode, x, h, c, weights, w);
  const Tensor flat = fused(g, x, h, c, weights, std::move(w));
  // One step: the output rows are h' itself.
  const Shape state = x.dim() == 2 ? Shape{g.N, g.H} : Shape{g.H};
  std::vector<Tensor> outs;
  outs.reserve(2);
  outs.push_back(flat_part(flat, state, 0, "rnn_state"));
  if (g.lstm()) outs.push_back(flat_part(flat, state, g.cn_at(), "rnn_state"));
  return outs;
}

using namespace registry;

// The entry point of graphgrad.nn.RNN/LSTM/GRU (tests/test_rnn.py).
GG_REGISTER_OP({"_rnn_layer", &rnn_layer,
                {{"mode"}, {"input"}, {"batch_sizes"}, {"h0"}, {"c0"}, {"weights"}, {"num_directions"}, {"has_bias"},
                 {"has_proj"}},
                "One fused RNN_TANH/RNN_RELU/LSTM/GRU layer over packed rows (N, input_size) with step sizes batch_sizes; "
                "weights per direction in PyTorch's order. Returns [output (N, D*P), h_n (D, B, P)] (+ c_n for LSTM).",
                kFunction, {}, {}, false, true});

// The entry point of graphgrad.nn.RNNCell/LSTMCell/GRUCell.
GG_REGISTER_OP({"_rnn_cell", &rnn_cell, {{"mode"}, {"input"}, {"h"}, {"c"}, {"weights"}},
                "One step of a fused RNN_TANH/RNN_RELU/LSTM/GRU cell: input (N, input_size) or (input_size,), states "
                "of the input's layout (None: zeros), weights [w_ih, w_hh(, b_ih, b_hh)]. Returns [h'] (+ c' for LSTM).",
                kFunction, {}, {}, false, true});

}  // namespace gg
