#include "autograd/node.h"

#include "autograd/forward_ad.h"
#include "autograd/grad_mode.h"
#include "core/error.h"
#include "core/small_alloc.h"
#include "autograd/grad_arith.h"
#include "core/tls.h"

namespace gg {

// Destroying a long chain recursively would overflow the stack: 64 destructors deep, the children
// owned only by this node are handed to a thread-local list instead, destroyed in a loop by the
// outermost destructor. A small graph is freed by plain recursion (the list's push and pop per
// node cost more than its whole destruction). Both thread-locals are trivially destructible, so a
// destructor reads them without a TLS guard: the list is made for a thread's first deep chain.
namespace {
constexpr int kDeepest = 64;
thread_local int destroy_depth GG_FAST_TLS = 0;
thread_local std::vector<std::shared_ptr<Node>>* deferred GG_FAST_TLS = nullptr;

[[gnu::noinline]] void defer(SmallVector<std::shared_ptr<Node>, 2>& next) {
  if (!deferred) deferred = new std::vector<std::shared_ptr<Node>>();
  for (auto& c : next)
    if (c && c.use_count() == 1) deferred->push_back(std::move(c));
}

[[gnu::noinline]] void destroy_deferred() {
  ++destroy_depth;
  while (!deferred->empty()) {
    auto n = std::move(deferred->back());
    deferred->pop_back();
    n.reset();
  }
  --destroy_depth;
}
}  // namespace

Node::~Node() {
  if (destroy_depth >= kDeepest) {
    defer(next);
    return;
  }
  ++destroy_depth;
  next.clear();  // (not a reset of each: the vector's own destructor would walk them again)
  if (--destroy_depth == 0 && deferred && !deferred->empty()) destroy_deferred();
}

namespace {
// Calls leaf's post-accumulate hooks (a copy: a hook may remove itself), apart from
// AccumulateGrad::apply, which then makes and destroys no map per gradient.
[[gnu::noinline]] void run_post_accumulate_hooks(const std::shared_ptr<TensorImpl>& leaf, SpinLock& lock) {
  decltype(TensorExtras::post_accumulate_hooks) hooks;
  {
    std::lock_guard<SpinLock> hold(lock);
    hooks = leaf->extras->post_accumulate_hooks;
  }
  const Tensor t(leaf);
  for (auto& [id, h] : hooks) h(t);
}
}  // namespace

InputGrads AccumulateGrad::apply(const Tensor& grad) {
  // Without create_graph the gradient is data only; with it, leaf.grad keeps its graph. A
  // gradient nothing else holds (the engine's own sum or a backward's result) already is one.
  const TensorImpl& gi = *grad.impl();
  const bool own = grad.impl_ptr().use_count() == 1 && !gi.requires_grad && !gi.fw_grad && !gi.is_view;
  Tensor g = GradMode::is_enabled() || own ? grad : grad.detach();
  // The engine gave it the leaf's shape and dtype already (validate_grad).
  // .grad is always dense and row-major (gradients of views such as sum's expand can have
  // zero strides); optimizers and NumPy users may rely on that.
  if (!g.is_contiguous()) g = grad_arith().contiguous(g);
  bool hooked;
  {
    std::lock_guard<SpinLock> hold(lock);
    // Out of place: an earlier .grad may be held by the user, and must not change under them.
    leaf->grad = leaf->grad ? grad_arith().add(Tensor(leaf->grad), g).take_impl() : std::move(g).take_impl();
    hooked = leaf->extras && !leaf->extras->post_accumulate_hooks.empty();
  }
  if (hooked) run_post_accumulate_hooks(leaf, lock);
  return {};
}

Tensor SavedTensor::unpack_output(Node* owner) const {
  if (data_.version() != version_)
    throw GraphError(msg("one of the tensors needed for gradient computation has been modified by an in-place "
                         "operation: it was saved by ", owner->name(), " at version ", version_,
                         " and is now at version ", data_.version()));
  if (!is_output_) return data_;
  Tensor t = data_.detach();
  if (requires_grad_) {
    t.impl()->requires_grad = true;
    t.impl()->grad_fn = RunningNode::of(*owner);
  }
  if (owner->out_tangent.defined() && owner->out_tangent_level == ForwardAD::current_level())
    ForwardAD::set_tangent(t, owner->out_tangent);
  return t;
}

const std::shared_ptr<Node>& RunningNode::of(const Node& n) {
  const std::shared_ptr<Node>* running = detail::running_node;
  if (!running || running->get() != &n)
    throw GraphError(msg(n.name(), ": a saved output can only be unpacked while its backward runs"));
  return *running;
}

std::string backward_name(const std::string& op) {
  std::string n = op + "Backward";
  n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
  return n;
}

void throw_released(const Node& n) {
  throw GraphError(msg("backward: trying to backward through the graph a second time (", n.name(),
                       "'s saved tensors were freed); pass retain_graph=True to the first backward"));
}

namespace {
// A new accumulator for leaf t, cached in it (out of accumulator_of's common path).
[[gnu::noinline]] std::shared_ptr<Node> new_accumulator(const Tensor& t) {
  auto acc = std::allocate_shared<AccumulateGrad>(SmallAllocator<AccumulateGrad>(), t.impl_ptr());
  t.impl()->grad_accumulator = acc;
  return acc;
}
}  // namespace

std::shared_ptr<Node> accumulator_of(const Tensor& t) {
  // Ops may record without the GIL (heavy kernels release it): one accumulator per leaf.
  static SpinLock edges;
  std::lock_guard<SpinLock> lock(edges);
  std::shared_ptr<Node> acc = t.impl()->grad_accumulator.lock();
  // A leaf whose data changed dtype or shape since (Module.half() while an old graph lives) gets a
  // new accumulator: the old one casts gradients to what the leaf was.
  if (!acc || acc->grad_dtype != t.dtype() || acc->grad_shape != t.shape()) acc = new_accumulator(t);
  return acc;
}

}  // namespace gg
