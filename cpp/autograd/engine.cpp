#include "autograd/engine.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "autograd/forward_ad.h"
#include "autograd/grad_arith.h"
#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "core/error.h"

namespace gg {

namespace {

// Node* -> slot by open addressing in one array: the graphs of a training step and of a scalar
// expression alike pay no allocation per node (std::unordered_map allocates each entry).
class NodeIndex {
 public:
  static constexpr size_t kNone = ~size_t(0);
  // The slot of n, inserted as kNone when absent; `inserted` says which.
  size_t& find_or_insert(Node* n, bool& inserted) {
    if (2 * (size_ + 1) > table_.size()) grow();
    size_t i = probe(n);
    inserted = table_[i].first == nullptr;
    if (inserted) {
      table_[i] = {n, kNone};
      ++size_;
    }
    return table_[i].second;
  }
  size_t at(Node* n) const { return table_[probe(n)].second; }  // n must be present

 private:
  std::vector<std::pair<Node*, size_t>> table_ = std::vector<std::pair<Node*, size_t>>(16, {nullptr, kNone});
  size_t size_ = 0;
  size_t probe(Node* n) const {
    const size_t mask = table_.size() - 1;
    size_t i = (reinterpret_cast<uintptr_t>(n) >> 4) * 0x9E3779B97F4A7C15ull >> 20 & mask;
    while (table_[i].first && table_[i].first != n) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::pair<Node*, size_t>> old(table_.size() * 2, {nullptr, kNone});
    old.swap(table_);
    for (const auto& e : old)
      if (e.first) table_[probe(e.first)] = e;
  }
};

// Every node reachable from the roots, in reverse topological order (each node before the
// nodes it feeds): the reverse of an iterative DFS post-order. `index` maps a node to its slot.
struct Graph {
  std::vector<Node*> order;
  NodeIndex index;
};

Graph topo_sort(const std::vector<Node*>& roots) {
  Graph g;
  std::vector<std::pair<Node*, size_t>> stack;
  stack.reserve(32);
  bool inserted = false;
  for (Node* r : roots) {
    if (!r) continue;
    g.index.find_or_insert(r, inserted);
    if (!inserted) continue;
    stack.push_back({r, 0});
    while (!stack.empty()) {
      auto& [n, i] = stack.back();
      if (i < n->next.size()) {
        Node* c = n->next[i++].get();
        if (c) {
          g.index.find_or_insert(c, inserted);
          if (inserted) stack.push_back({c, 0});
        }
      } else {
        g.order.push_back(n);
        stack.pop_back();
      }
    }
  }
  std::reverse(g.order.begin(), g.order.end());
  for (size_t k = 0; k < g.order.size(); ++k) g.index.find_or_insert(g.order[k], inserted) = k;
  return g;
}

Tensor seed_for(const Tensor& root, const Tensor& grad) {
  if (grad.defined()) {
    if (grad.shape() != root.shape())
      throw ValueError(msg("backward: gradient has shape ", shape_str(grad.shape()), " but the output has shape ",
                           shape_str(root.shape())));
    return grad;
  }
  if (root.numel() != 1)
    throw GraphError(msg("backward: grad can be implicitly created only for scalar outputs, got shape ",
                         shape_str(root.shape()), "; pass a gradient of that shape"));
  return Tensor::full(root.shape(), 1.0, root.dtype());
}

// Runs the graph. With `capture`, the gradients reaching those nodes are returned instead of
// running them, and only nodes that lead to a captured one run.
std::unordered_map<Node*, Tensor> execute(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads,
                                          bool retain_graph, bool create_graph,
                                          const std::unordered_set<Node*>* capture) {
  if (roots.size() != grads.size()) throw ValueError("backward: got a different number of outputs and gradients");
  std::vector<std::shared_ptr<Node>> root_edges;  // owns a leaf root's AccumulateGrad for the run
  std::vector<Tensor> seeds;
  root_edges.reserve(roots.size());
  seeds.reserve(roots.size());
  for (size_t i = 0; i < roots.size(); ++i) {
    const Tensor& r = roots[i];
    if (!r.requires_grad())
      throw GraphError(msg("backward: output ", i, " does not require grad and has no grad_fn"));
    root_edges.push_back(gradient_edge(r));
    seeds.push_back(seed_for(r, grads[i]));
  }
  std::vector<Node*> root_nodes;
  root_nodes.reserve(roots.size());
  for (auto& e : root_edges) root_nodes.push_back(e.get());
  const Graph g = topo_sort(root_nodes);

  // Gradients waiting at each node, summed as they arrive (the lecture's sum over children).
  std::vector<Tensor> buffer(g.order.size());
  auto accumulate = [&](Node* n, Tensor t) {
    Tensor& slot = buffer[g.index.at(n)];
    slot = slot.defined() ? grad_arith().add(slot, t) : std::move(t);
  };
  for (size_t i = 0; i < roots.size(); ++i) accumulate(root_nodes[i], seeds[i]);

  // With capture: only nodes from which a captured node is reachable need to run.
  std::vector<char> useful(capture ? g.order.size() : 0, 0);
  if (capture) {
    for (size_t k = g.order.size(); k-- > 0;) {
      Node* n = g.order[k];
      bool u = capture->count(n) > 0;
      for (auto& c : n->next) u = u || (c && useful[g.index.at(c.get())]);
      useful[k] = u;
    }
  }

  GradModeGuard mode(create_graph);
  std::unordered_map<Node*, Tensor> captured;
  for (size_t k = 0; k < g.order.size(); ++k) {
    Node* n = g.order[k];
    Tensor grad = std::move(buffer[k]);
    if (capture) {
      if (capture->count(n) && grad.defined()) captured[n] = grad;
      if (!useful[k] || dynamic_cast<AccumulateGrad*>(n)) continue;
    }
    if (!grad.defined()) continue;  // nothing flowed here (e.g. all children gave none)
    std::vector<Tensor> in_grads = n->apply(grad);
    if (!retain_graph) n->release();
    for (size_t i = 0; i < n->next.size() && i < in_grads.size(); ++i)
      if (n->next[i] && in_grads[i].defined()) {
        Node* to = n->next[i].get();
        accumulate(to, validate_grad(in_grads[i], to->grad_shape, to->grad_dtype, *n));
      }
  }
  return captured;
}

}  // namespace

void run_backward(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads, bool retain_graph,
                  bool create_graph) {
  execute(roots, grads, retain_graph, create_graph, nullptr);
}

std::vector<Tensor> run_grad(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads,
                             const std::vector<Tensor>& inputs, bool retain_graph, bool create_graph,
                             bool allow_unused) {
  std::unordered_set<Node*> capture;
  std::vector<std::shared_ptr<Node>> edges;  // keeps accumulators alive for the run
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].requires_grad())
      throw GraphError(msg("grad: input ", i, " does not require grad"));
    edges.push_back(gradient_edge(inputs[i]));
    capture.insert(edges.back().get());
  }
  auto captured = execute(roots, grads, retain_graph, create_graph, &capture);
  std::vector<Tensor> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto it = captured.find(edges[i].get());
    if (it == captured.end()) {
      if (!allow_unused)
        throw GraphError(msg("grad: input ", i, " was not used in the graph of the outputs; pass allow_unused=True"));
      out.emplace_back();
      continue;
    }
    Tensor g = it->second;
    if (!create_graph) {
      // Data only, but a tangent stays: forward-over-reverse reads the gradient's tangent (H·v).
      Tensor d = g.detach();
      if (has_tangent(g)) ForwardAD::set_tangent(d, g.fw_grad());
      g = d;
    }
    out.push_back(g);
  }
  return out;
}

}  // namespace gg
