#include "autograd/engine.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "autograd/forward_ad.h"
#include "autograd/grad_arith.h"
#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "core/error.h"
#include "core/tls.h"

namespace gg {

namespace {

// Node* -> slot by open addressing in one array, for the nodes another run has claimed (below):
// no allocation per node (std::unordered_map allocates each entry).
class NodeIndex {
 public:
  static constexpr size_t kAbsent = ~size_t{0};
  bool empty() const { return size_ == 0; }
  size_t find(Node* n) const {
    const auto& e = table_[probe(n)];
    return e.first ? e.second : kAbsent;
  }
  void insert(Node* n, size_t slot) {  // n must be absent
    if (2 * (size_ + 1) > table_.size()) grow();
    table_[probe(n)] = {n, slot};
    ++size_;
  }
  // Empties the index for the next run, keeping a table sized for graphs like this one. A null
  // node marks a free entry whatever its slot: the table is cleared as bytes.
  void clear() {
    if (size_ == 0) return;
    if (table_.size() > 256 && table_.size() > 8 * size_) table_.assign(16, {nullptr, 0});
    else std::memset(static_cast<void*>(table_.data()), 0, table_.size() * sizeof(table_[0]));
    size_ = 0;
  }

 private:
  std::vector<std::pair<Node*, size_t>> table_ = std::vector<std::pair<Node*, size_t>>(16, {nullptr, 0});
  size_t size_ = 0;
  size_t probe(Node* n) const {
    const size_t mask = table_.size() - 1;
    size_t i = (reinterpret_cast<uintptr_t>(n) >> 4) * 0x9E3779B97F4A7C15ull >> 20 & mask;
    while (table_[i].first && table_[i].first != n) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::pair<Node*, size_t>> old(table_.size() * 2, {nullptr, 0});
    old.swap(table_);
    for (const auto& e : old)
      if (e.first) table_[probe(e.first)] = e;
  }
};

// Each node's slot in a run (the order of discovery: 0, 1, ...), kept in the node itself
// (Node::engine_mark: the run's id and the slot) by the run that claims it first, so that finding
// a node's slot is one load instead of a hash probe. A node another run holds (concurrent
// backwards over a shared graph, or a backward inside a backward) goes to this run's own index.
// Run ids are never reused, so a mark left by a run that threw can only cost a lookup.
class NodeSlots {
 public:
  static constexpr int kSlotBits = 20;
  static constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;

  void start() {
    static std::atomic<uint64_t> runs{1};
    run_ = runs.fetch_add(1, std::memory_order_relaxed) << kSlotBits;
  }
  // The slot of n, the next one when n is new to this run; `inserted` says which.
  size_t find_or_insert(Node* n, bool& inserted) {
    const uint64_t m = n->engine_mark.load(std::memory_order_relaxed);
    inserted = false;
    if ((m & ~kSlotMask) == run_) return m & kSlotMask;
    if (!index_.empty())
      if (const size_t slot = index_.find(n); slot != NodeIndex::kAbsent) return slot;
    inserted = true;
    const size_t slot = size_++;
    uint64_t free = 0;
    if (slot > kSlotMask || !n->engine_mark.compare_exchange_strong(free, run_ | slot, std::memory_order_relaxed))
      index_.insert(n, slot);
    return slot;
  }
  size_t at(Node* n) const {  // n must have a slot
    const uint64_t m = n->engine_mark.load(std::memory_order_relaxed);
    return (m & ~kSlotMask) == run_ ? m & kSlotMask : index_.find(n);
  }
  // Frees n if this run holds it.
  void release(Node* n) const {
    if ((n->engine_mark.load(std::memory_order_relaxed) & ~kSlotMask) == run_)
      n->engine_mark.store(0, std::memory_order_relaxed);
  }
  void clear() {
    index_.clear();
    size_ = 0;
  }

 private:
  uint64_t run_ = 0;
  size_t size_ = 0;
  NodeIndex index_;
};

// What one run needs beside the graph: a scalar expression's backward made each of these
// vectors anew, as many allocations as the rest of it. Kept per thread between runs (runs of
// large graphs give theirs back to the heap); a backward inside a backward (a hook or a custom
// function calling grad) takes its own.
struct Scratch {
  std::vector<std::shared_ptr<Node>> root_edges;  // owns a leaf root's AccumulateGrad for the run
  std::vector<Tensor> seeds;
  // Every node reachable from the roots, in topological order (each node after the nodes it
  // feeds: a DFS post-order, which the run walks from the back), by the reference that owns it
  // (a root edge or an edge of the node it feeds: RunningNode), with its slot, which buffer and
  // useful are indexed by.
  struct Entry {
    const std::shared_ptr<Node>* node;
    size_t slot;
    size_t next_edge = 0;  // on the stack: the edge to follow next
    // The slots of the nodes its first edges lead to, found by the sort (an op has one or two
    // inputs): sending a gradient along them needs no lookup of the node's slot.
    static constexpr size_t kEdgeSlots = 2;
    size_t edge_slot[kEdgeSlots] = {};
  };
  std::vector<Entry> order;
  NodeSlots slots;
  std::vector<Entry> stack;
  // Gradients waiting at each node, summed as they arrive. Between runs it keeps its size, all
  // undefined: a run's resize then makes no tensors.
  std::vector<Tensor> buffer;
  // The run went through every node: each entry of buffer is moved out and each node released
  // (a run that threw may leave some).
  bool drained = false;
  std::vector<char> useful;
};

class ScratchLease {
 public:
  ScratchLease() : s_(idle() ? std::move(idle()) : std::make_unique<Scratch>()) {}
  ~ScratchLease() {
    if (!s_->drained)  // the run threw: the nodes it has not run (or sorted) are still held
      for (const auto* entries : {&s_->order, &s_->stack})
        for (const Scratch::Entry& e : *entries) s_->slots.release(e.node->get());
    if (s_->order.capacity() > 4096 || idle()) return;  // a large graph's buffers go back to the heap
    s_->root_edges.clear();
    s_->seeds.clear();
    if (!s_->drained)
      for (size_t k = 0; k < s_->order.size(); ++k) s_->buffer[k] = Tensor();
    s_->drained = false;
    s_->order.clear();
    s_->slots.clear();
    s_->stack.clear();
    s_->useful.clear();
    idle() = std::move(s_);
  }
  Scratch& operator*() const { return *s_; }

 private:
  static std::unique_ptr<Scratch>& idle() {
    static thread_local std::unique_ptr<Scratch> s GG_FAST_TLS;
    return s;
  }
  std::unique_ptr<Scratch> s_;
};

// Fills s.order and s.slots from s.root_edges: an iterative DFS post-order.
void topo_sort(Scratch& s) {
  bool inserted = false;
  s.slots.start();
  for (const std::shared_ptr<Node>& r : s.root_edges) {
    if (!r) continue;
    const size_t slot = s.slots.find_or_insert(r.get(), inserted);
    if (!inserted) continue;
    s.stack.push_back({&r, slot});
    while (!s.stack.empty()) {
      Scratch::Entry& e = s.stack.back();
      if (e.next_edge < (*e.node)->next.size()) {
        const size_t i = e.next_edge++;
        const std::shared_ptr<Node>& c = (*e.node)->next[i];
        if (c) {
          const size_t cs = s.slots.find_or_insert(c.get(), inserted);
          if (i < Scratch::Entry::kEdgeSlots) e.edge_slot[i] = cs;
          if (inserted) s.stack.push_back({&c, cs});  // (e is invalid after)
        }
      } else {
        s.order.push_back(e);
        s.stack.pop_back();
      }
    }
  }
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

// Whether the sum `acc` of a node's gradients so far can take `g` in its own memory, without a new
// tensor: nothing else holds it or its storage (a backward's fresh result, not a user's seed or a
// gradient also sent to another input), and both are dense float data without tangents.
bool grows_in_place(const Tensor& acc, const Tensor& g) {
  const TensorImpl& a = *acc.impl();
  return acc.impl_ptr().use_count() == 1 && a.storage.use_count() == 1 && !a.storage->owner && !a.requires_grad &&
         !a.fw_grad && !a.is_view && (a.dtype == DType::Float32 || a.dtype == DType::Float64) &&
         g.dtype() == a.dtype && g.shape() == a.shape && !g.impl()->fw_grad && acc.is_contiguous() && g.is_contiguous();
}

InputGrads run_node(const std::shared_ptr<Node>& n, const Tensor& grad) {
  RunningNode running(n);
  return n->apply(grad);
}

// run_grad's nodes, whose gradients it returns, and those gradients.
struct Capture {
  std::unordered_set<Node*> nodes;
  std::unordered_map<Node*, Tensor> grads;
};

// Runs the graph from n roots and their gradients (undefined: implicit). With `capture`, the
// gradients reaching its nodes are kept there instead of running them, and only nodes that lead
// to a captured one run. (Not a returned map: backward's run would make and destroy one.)
void execute(const Tensor* roots, const Tensor* grads, size_t n_roots, bool retain_graph, bool create_graph,
             Capture* capture) {
  ScratchLease lease;
  Scratch& s = *lease;
  for (size_t i = 0; i < n_roots; ++i) {
    const Tensor& r = roots[i];
    if (!r.requires_grad())
      throw GraphError(msg("backward: output ", i, " does not require grad and has no grad_fn"));
    s.root_edges.push_back(gradient_edge(r));
    s.seeds.push_back(seed_for(r, grads[i]));
  }
  topo_sort(s);

  if (s.buffer.size() < s.order.size()) s.buffer.resize(s.order.size());
  auto accumulate = [&](size_t to, Tensor&& t) {
    Tensor& slot = s.buffer[to];
    if (!slot.defined()) {
      slot = std::move(t);
    } else if (!create_graph && grows_in_place(slot, t)) {
      grad_arith().add_into(slot, t);
    } else if (!create_graph && grows_in_place(t, slot)) {
      // The sum so far is held elsewhere too (add's gradient goes to both its inputs): the new one
      // takes it instead, the same sum (floating-point addition commutes), no new tensor.
      grad_arith().add_into(t, slot);
      slot = std::move(t);
    } else {
      slot = grad_arith().add(slot, t);
    }
  };
  for (size_t i = 0; i < n_roots; ++i) accumulate(s.slots.at(s.root_edges[i].get()), std::move(s.seeds[i]));

  // With capture: only nodes from which a captured node is reachable need to run.
  if (capture) {
    s.useful.resize(s.order.size());
    for (size_t k = 0; k < s.order.size(); ++k) {
      Node* n = s.order[k].node->get();
      bool u = capture->nodes.count(n) > 0;
      for (auto& c : n->next) u = u || (c && s.useful[s.slots.at(c.get())]);
      s.useful[s.order[k].slot] = u;
    }
  }

  GradModeGuard mode(create_graph);
  for (size_t k = s.order.size(); k-- > 0;) {
    const Scratch::Entry& entry = s.order[k];
    const std::shared_ptr<Node>& owner = *entry.node;
    Node* n = owner.get();
    const size_t slot = entry.slot;
    s.slots.release(n);  // (only the nodes after it ask for their slots)
    Tensor grad = std::move(s.buffer[slot]);
    if (capture) {
      if (capture->nodes.count(n) && grad.defined()) capture->grads[n] = grad;
      if (!s.useful[slot] || dynamic_cast<AccumulateGrad*>(n)) continue;
    }
    if (!grad.defined()) continue;  // nothing flowed here (e.g. all children gave none)
    InputGrads in_grads = run_node(owner, grad);
    if (!retain_graph) n->release();
    for (size_t i = 0; i < n->next.size() && i < in_grads.size(); ++i)
      if (n->next[i] && in_grads[i].defined()) {
        Node* to = n->next[i].get();
        validate_grad(in_grads[i], to->grad_shape, to->grad_dtype, *n);
        accumulate(i < Scratch::Entry::kEdgeSlots ? entry.edge_slot[i] : s.slots.at(to), std::move(in_grads[i]));
      }
  }
  s.drained = true;
}

void execute(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads, bool retain_graph, bool create_graph,
             Capture* capture) {
  if (roots.size() != grads.size()) throw ValueError("backward: got a different number of outputs and gradients");
  execute(roots.data(), grads.data(), roots.size(), retain_graph, create_graph, capture);
}

}  // namespace

void run_backward(const Tensor& root, const Tensor& grad, bool retain_graph, bool create_graph) {
  execute(&root, &grad, 1, retain_graph, create_graph, nullptr);
}

void run_backward(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads, bool retain_graph,
                  bool create_graph) {
  execute(roots, grads, retain_graph, create_graph, nullptr);
}

bool graph_within(const Tensor& root, int max_visits) {
  return root.defined() && root.grad_fn() && root.grad_fn()->tree_size <= max_visits;
}

std::vector<Tensor> run_grad(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads,
                             const std::vector<Tensor>& inputs, bool retain_graph, bool create_graph,
                             bool allow_unused) {
  Capture capture;
  std::vector<std::shared_ptr<Node>> edges;  // keeps accumulators alive for the run
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].requires_grad())
      throw GraphError(msg("grad: input ", i, " does not require grad"));
    edges.push_back(gradient_edge(inputs[i]));
    capture.nodes.insert(edges.back().get());
  }
  execute(roots, grads, retain_graph, create_graph, &capture);
  const std::unordered_map<Node*, Tensor>& captured = capture.grads;
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
