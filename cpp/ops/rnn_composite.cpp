// The fused recurrent layers written once more with ops, step by step over the packed rows
// exactly as the fused kernel walks them, each value a (primal, tangent) pair. Slow (a few ops
// per gate and step), so it only runs where the fused kernels cannot: forward mode (when an input
// carries a tangent), and a backward under create_graph or on dual tensors (the engine
// differentiates the composed primal). Every value is an op of the inputs, so all of them
// differentiate again (reverse over forward, reverse over reverse, forward over reverse).
#include <utility>

#include "autograd/engine.h"

#include "ops/ops.h"
#include "ops/record.h"
#include "ops/rnn_geometry.h"

namespace gg::rnn_detail {

namespace {

// A value and its tangent (undefined: zero).
struct Dual {
  Tensor p, t;
};

Tensor term(const Tensor& a, const Tensor& b) { return a.defined() && b.defined() ? mul(a, b) : Tensor(); }

Dual operator+(const Dual& a, const Dual& b) { return {add(a.p, b.p), tangent_sum(a.t, b.t)}; }
Dual operator-(const Dual& a, const Dual& b) {
  return {sub(a.p, b.p), tangent_sum(a.t, b.t.defined() ? neg(b.t) : Tensor())};
}
Dual operator*(const Dual& a, const Dual& b) { return {mul(a.p, b.p), tangent_sum(term(a.t, b.p), term(a.p, b.t))}; }

Dual sigmoid_of(const Dual& a) {
  Tensor y = sigmoid(a.p);
  return {y, a.t.defined() ? mul(a.t, mul(y, rsub(y, 1.0))) : Tensor()};
}
Dual tanh_of(const Dual& a) {
  Tensor y = tanh(a.p);
  return {y, a.t.defined() ? mul(a.t, rsub(mul(y, y), 1.0)) : Tensor()};
}
Dual relu_of(const Dual& a) {
  Tensor y = relu(a.p);
  return {y, a.t.defined() ? threshold_backward(a.t, y) : Tensor()};
}

// x·wᵀ (+ b): the tangent is dx·wᵀ + x·dwᵀ (+ db).
Dual linear_of(const Dual& x, const Dual& w, const Dual* b) {
  Tensor p = b ? linear(x.p, w.p, b->p) : linear(x.p, w.p);
  Tensor t = tangent_sum(x.t.defined() ? linear(x.t, w.p) : Tensor(), w.t.defined() ? linear(x.p, w.t) : Tensor());
  if (b) t = tangent_sum(t, b->t);
  return {p, t};
}

Tensor slice_of(const Tensor& x, int64_t axis, int64_t lo, int64_t hi) {
  if (!x.defined()) return x;
  std::vector<IndexItem> items(static_cast<size_t>(axis + 1));
  for (auto& it : items) it.kind = IndexItem::Slice;
  items.back().start = lo;
  items.back().stop = hi;
  return index(x, items);
}
Dual slice_of(const Dual& x, int64_t axis, int64_t lo, int64_t hi) {
  return {slice_of(x.p, axis, lo, hi), slice_of(x.t, axis, lo, hi)};
}

// Concatenation, a zero tangent materialised where only some parts have one.
Dual cat_of(const std::vector<Dual>& xs, int64_t axis) {
  std::vector<Tensor> p, t;
  bool any = false;
  for (const Dual& x : xs) any = any || x.t.defined();
  for (const Dual& x : xs) {
    p.push_back(x.p);
    if (any) t.push_back(x.t.defined() ? x.t : zeros_like(x.p));
  }
  return {cat(p, axis), any ? cat(t, axis) : Tensor()};
}

Dual reshaped(const Dual& x, const Shape& s) { return {reshape(x.p, s), x.t.defined() ? reshape(x.t, s) : Tensor()}; }

// The state rows [0, n) replaced by `rows` (a packed step updates the leading rows only).
Dual with_rows(const Dual& state, const Dual& rows, int64_t n, int64_t B) {
  return n == B ? rows : cat_of({rows, slice_of(state, 0, n, B)}, 0);
}

// One step's new state rows from x_t (n, I) and the previous state rows (n, P) [, c (n, H)].
std::pair<Dual, Dual> cell_step(const Geometry& g, const Dual& x, const Dual& h, const Dual& c, const Dual* w) {
  const Dual *b_ih = g.bias ? &w[2] : nullptr, *b_hh = g.bias ? &w[3] : nullptr;
  const int64_t H = g.H;
  auto gate = [&](const Dual& a, int64_t k) { return slice_of(a, 1, k * H, (k + 1) * H); };
  if (g.gru()) {
    const Dual gx = linear_of(x, w[0], b_ih), gh = linear_of(h, w[1], b_hh);
    const Dual r = sigmoid_of(gate(gx, 0) + gate(gh, 0)), z = sigmoid_of(gate(gx, 1) + gate(gh, 1));
    const Dual n = tanh_of(gate(gx, 2) + r * gate(gh, 2));
    return {n + z * (h - n), {}};
  }
  const Dual pre = linear_of(x, w[0], b_ih) + linear_of(h, w[1], b_hh);
  if (!g.lstm()) return {g.mode == RnnMode::Relu ? relu_of(pre) : tanh_of(pre), {}};
  const Dual i = sigmoid_of(gate(pre, 0)), f = sigmoid_of(gate(pre, 1)), gg_ = tanh_of(gate(pre, 2)),
             o = sigmoid_of(gate(pre, 3));
  const Dual cn = f * c + i * gg_, m = o * tanh_of(cn);
  return {g.proj ? linear_of(m, w[g.bias ? 4 : 2], nullptr) : m, cn};
}

Dual zero_state(const Tensor& like, int64_t B, int64_t size) {
  return {Tensor::zeros({B, size}, like.dtype()), Tensor()};
}

// The fused op's flat result [output, h_n, c_n] (and its tangent) from its inputs {x, h0, c0,
// weights...}.
Dual compose(const Geometry& g, const std::vector<Dual>& in) {
  const Dual x = reshaped(in[0], {g.N, g.I});
  const size_t per_dir = (in.size() - 3) / static_cast<size_t>(g.D);
  std::vector<Dual> outs, hn, cn;
  for (int64_t d = 0; d < g.D; ++d) {
    const Dual* w = &in[3 + d * per_dir];
    Dual h = in[1].p.defined() ? reshaped(in[1], {g.D, g.B, g.P}) : Dual{};
    h = h.p.defined() ? reshaped(slice_of(h, 0, d, d + 1), {g.B, g.P}) : zero_state(x.p, g.B, g.P);
    Dual c;
    if (g.lstm()) {
      c = in[2].p.defined() ? reshaped(in[2], {g.D, g.B, g.H}) : Dual{};
      c = c.p.defined() ? reshaped(slice_of(c, 0, d, d + 1), {g.B, g.H}) : zero_state(x.p, g.B, g.H);
    }
    std::vector<Dual> rows(static_cast<size_t>(g.T));
    for (int64_t s = 0; s < g.T; ++s) {
      const int64_t t = g.step(d, s), n = g.bs[t], o = g.off[t];
      auto [hnew, cnew] = cell_step(g, slice_of(x, 0, o, o + n), slice_of(h, 0, 0, n),
                                    g.lstm() ? slice_of(c, 0, 0, n) : Dual{}, w);
      h = with_rows(h, hnew, n, g.B);
      if (g.lstm()) c = with_rows(c, cnew, n, g.B);
      rows[t] = hnew;
    }
    outs.push_back(cat_of(rows, 0));
    hn.push_back(reshaped(h, {-1}));
    if (g.lstm()) cn.push_back(reshaped(c, {-1}));
  }
  std::vector<Dual> flat{reshaped(g.D == 1 ? outs[0] : cat_of(outs, 1), {-1})};
  flat.insert(flat.end(), hn.begin(), hn.end());
  flat.insert(flat.end(), cn.begin(), cn.end());
  return cat_of(flat, 0);
}

// An input as a node of its own (identity), so that the engine's gradient for it is the partial
// derivative through this layer only, even when inputs repeat (tied weights) or one is computed
// from another.
Tensor own_node(const Tensor& x) {
  return record("rnn_input", x.detach(), {&x}, [](const Tensor& grad, Node&) { return std::vector<Tensor>{grad}; },
                [](const Tangents& t) { return t[0]; });
}

}  // namespace

Tensor rnn_tangent(const Geometry& g, const std::vector<Tensor>& primals, const std::vector<Tensor>& tangents) {
  std::vector<Dual> in;
  for (size_t k = 0; k < primals.size(); ++k) in.push_back({primals[k], tangents[k]});
  return compose(g, in).t;
}

std::vector<Tensor> rnn_composed_grads(const Geometry& g, const std::vector<Tensor>& inputs, const Tensor& grad,
                                       const std::vector<bool>& wanted, bool create_graph) {
  GradModeGuard record_layer(true);  // the engine differentiates the composed layer's graph
  std::vector<Dual> in;
  std::vector<Tensor> wrt;
  std::vector<size_t> at;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const bool w = wanted[k] && inputs[k].defined();
    in.push_back({w ? own_node(inputs[k]) : inputs[k], Tensor()});
    if (w) wrt.push_back(in.back().p), at.push_back(k);
  }
  std::vector<Tensor> r(inputs.size());
  if (wrt.empty()) return r;
  // A recorded gradient graph reads the composed layer's values: that graph must stay then.
  const std::vector<Tensor> gs = run_grad({compose(g, in).p}, {grad}, wrt, /*retain_graph=*/create_graph,
                                          create_graph, /*allow_unused=*/true);
  for (size_t j = 0; j < at.size(); ++j) r[at[j]] = gs[j];
  return r;
}

}  // namespace gg::rnn_detail
