// A Node is the backward function of one op: edges to the nodes of the op's inputs (null where an
// input needs no gradient), what the backward needs, and the op's name.
#pragma once
#include <atomic>
#include <cctype>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cpu_relax.h"
#include "core/small_vector.h"
#include "core/tensor.h"
#include "core/tls.h"

namespace gg {

// A backward's gradients, one per input (undefined where not needed): inside the result for up
// to two inputs, no heap block per node run.
using InputGrads = SmallVector<Tensor, 2>;

struct Node {
  // One per input, inside the node for up to two (a heap block per node was a tenth of a scalar
  // expression's allocations).
  SmallVector<std::shared_ptr<Node>, 2> next;
  // What the tensor this node computes is (the shape and dtype a gradient flowing into this node
  // must have): the engine reduces and casts every arriving gradient to it (autograd/grad_arith.h).
  Shape grad_shape;
  DType grad_dtype = DType::Float32;
  // The nodes a backward from here visits, counting a node reached by two paths twice (this one
  // included), saturated at kLargeTree, which also stands for a graph with a gradient of more
  // than kSmallElements elements or one never measured: graph_within reads it instead of walking
  // the graph at every backward (a tenth of the lecture's engine).
  static constexpr uint8_t kLargeTree = 255;
  static constexpr int64_t kSmallElements = 64;
  uint8_t tree_size = kLargeTree;
  // Which backward run sorting the graph holds this node, and its slot in that run (engine.cpp's
  // NodeSlots); 0 when none does.
  std::atomic<uint64_t> engine_mark{0};
  // Sets tree_size from the sum of the tree sizes of the nodes in `next`, once grad_shape is set.
  void set_tree_size(unsigned below) {
    if (!grad_shape.empty()) {
      int64_t elements = 1;  // each factor and product at most kSmallElements: no overflow
      for (const int64_t d : grad_shape)
        if (d > kSmallElements || (elements *= d) > kSmallElements) return;
    }
    tree_size = static_cast<uint8_t>(below < kLargeTree - 1 ? below + 1 : kLargeTree);
  }

  // The tangent of this node's output and the dual level it belongs to, when the op ran with
  // tangents: a saved output is re-attached with it (forward-over-reverse needs the tangents of
  // the values a backward reads).
  Tensor out_tangent;
  uint64_t out_tangent_level = 0;
  virtual ~Node();
  // Gradients for each input, given the gradient of this node's output (undefined where not needed).
  virtual InputGrads apply(const Tensor& grad) = 0;
  // Frees what the backward saved; a later apply raises.
  virtual void release() {}
  virtual std::string name() const = 0;
  bool needs_grad(size_t i) const { return i < next.size() && next[i] != nullptr; }
};

// The node whose backward runs on this thread, by the reference that owns it: the engine marks it
// around Node::apply, and a saved output is re-attached to it (SavedTensor::unpack). Nodes hold no
// reference to themselves: enable_shared_from_this's weak one cost atomic updates at every node's
// creation and destruction.
namespace detail {
// Constant-initialised and defined here, so every read is one load (no TLS wrapper call).
inline thread_local const std::shared_ptr<Node>* running_node GG_FAST_TLS = nullptr;
}  // namespace detail
class RunningNode {
 public:
  explicit RunningNode(const std::shared_ptr<Node>& n) : prev_(detail::running_node) { detail::running_node = &n; }
  ~RunningNode() { detail::running_node = prev_; }
  RunningNode(const RunningNode&) = delete;
  RunningNode& operator=(const RunningNode&) = delete;
  // The owning reference of n, which must be running (a GraphError otherwise).
  static const std::shared_ptr<Node>& of(const Node& n);

 private:
  const std::shared_ptr<Node>* prev_;
};

// A lock for the short sections of recording and accumulating: uncontended it is one exchange
// and one store (a std::mutex is two calls into libpthread). A waiter yields after a while, since
// the holder may be adding a large gradient.
class SpinLock {
 public:
  void lock() {
    for (int spins = 0; busy_.exchange(true, std::memory_order_acquire);)
      while (busy_.load(std::memory_order_relaxed))
        if (++spins < 64) cpu_relax();
        else std::this_thread::yield();
  }
  void unlock() { busy_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> busy_{false};
};

// The sink of a leaf: adds the arriving gradient into leaf.grad.
struct AccumulateGrad final : Node {
  std::shared_ptr<TensorImpl> leaf;
  // Backward runs without the GIL: two threads accumulating into one leaf take turns (PyTorch
  // locks AccumulateGrad the same way).
  SpinLock lock;
  explicit AccumulateGrad(std::shared_ptr<TensorImpl> l) : leaf(std::move(l)) {
    grad_shape = leaf->shape;
    grad_dtype = leaf->dtype;
    set_tree_size(0);
  }
  InputGrads apply(const Tensor& grad) override;
  std::string name() const override { return "AccumulateGrad"; }
};

// A tensor saved for backward. Remembers the storage version at save time, so that an in-place
// change before backward is caught instead of silently giving a wrong gradient. An op's own
// output is kept without its grad_fn (that would be a reference cycle) and re-attached on unpack.
class SavedTensor {
 public:
  SavedTensor() = default;
  // An output is saved just before record() marks it as requiring grad.
  SavedTensor(const Tensor& t, bool is_output)
      : data_(is_output ? t.detach() : t), version_(t.version()), is_output_(is_output),
        requires_grad_(is_output || t.requires_grad()) {}
  // Inline for the common saved input unchanged since (every binary backward unpacks two).
  Tensor unpack(Node* owner) const {
    if (!data_.defined() || (!is_output_ && data_.version() == version_)) return data_;
    return unpack_output(owner);
  }

 private:
  Tensor unpack_output(Node* owner) const;  // an output re-attached, or a GraphError if changed
  Tensor data_;
  uint64_t version_ = 0;
  bool is_output_ = false;
  bool requires_grad_ = false;
};

// An op's backward as a lambda: flashlight's style. `self` gives needs_grad(i) and unpacking.
using BackwardFn = std::function<std::vector<Tensor>(const Tensor& grad, Node& self)>;

// "mul" -> "MulBackward"; a GraphError naming the node for a backward after release().
std::string backward_name(const std::string& op);
[[noreturn]] void throw_released(const Node& n);

// The node of one op, its backward lambda stored in the node itself: one allocation holds the
// node and everything its backward saved (record() makes them; ops/record.h).
template <class F>
struct LambdaNode final : Node {
  const char* op;  // a string literal: every op names itself with one
  std::optional<F> fn;
  // Made in place from the op's lambda: a by-value parameter was one more move and destruction of
  // everything the backward saved, per recorded op.
  template <class G>
  LambdaNode(const char* o, G&& f) : op(o), fn(std::in_place, std::forward<G>(f)) {}
  InputGrads apply(const Tensor& grad) override {
    if (!fn) throw_released(*this);
    return InputGrads((*fn)(grad, *this));  // a rule may return InputGrads or a std::vector<Tensor>
  }
  void release() override {
    fn.reset();
    out_tangent = Tensor();
  }
  std::string name() const override { return backward_name(op); }
};
// A node whose backward is chosen at run time (custom functions, hooks).
using FunctionNode = LambdaNode<BackwardFn>;

// A leaf's AccumulateGrad: the one it has while a graph holds it, else a new one.
std::shared_ptr<Node> accumulator_of(const Tensor& leaf);

// The node a gradient for `t` flows into: its grad_fn, or its (cached) AccumulateGrad if a leaf
// that requires grad; null otherwise. Inline: every op calls it for each input.
inline std::shared_ptr<Node> gradient_edge(const Tensor& t) {
  if (!t.defined() || !t.requires_grad()) return nullptr;
  if (t.grad_fn()) return t.grad_fn();
  return accumulator_of(t);
}

}  // namespace gg
