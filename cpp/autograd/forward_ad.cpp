#include "autograd/forward_ad.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "core/error.h"
#include "core/tls.h"

namespace gg {

namespace {

std::atomic<uint64_t> open_level{0};
uint64_t last_level = 0;  // guarded by mu
std::mutex mu;
// Every tensor given a tangent in the open level, to clear at exit. Expired entries are purged
// whenever the list doubles, so a long loop inside one level does not grow it without bound.
std::vector<std::weak_ptr<TensorImpl>> dual_tensors;
size_t purge_at = 1024;
thread_local bool suspend GG_FAST_TLS = false;

}  // namespace

uint64_t ForwardAD::enter_level() {
  std::lock_guard<std::mutex> lock(mu);
  if (open_level.load() != 0)
    throw GraphError("dual_level: a dual level is already open; nested forward-mode levels are not supported");
  open_level.store(++last_level);
  return last_level;
}

void ForwardAD::exit_level(uint64_t level) {
  std::vector<std::weak_ptr<TensorImpl>> drop;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (open_level.load() != level) throw GraphError("dual_level: exiting a level that is not the open one");
    open_level.store(0);
    drop.swap(dual_tensors);
    purge_at = 1024;
  }
  // Outside the lock: dropping a tangent may free a graph, whose destructors must not deadlock.
  for (auto& w : drop)
    if (auto impl = w.lock()) impl->fw_grad.reset();
}

uint64_t ForwardAD::current_level() { return open_level.load(std::memory_order_relaxed); }

void ForwardAD::set_tangent(const Tensor& t, const Tensor& tangent) {
  if (!tangent.defined()) {
    t.impl()->fw_grad.reset();
    return;
  }
  std::lock_guard<std::mutex> lock(mu);
  if (open_level.load() == 0)
    throw GraphError("forward AD: tangents can only be set inside `with graphgrad.autograd.forward.dual_level():`");
  t.impl()->fw_grad = tangent.impl_ptr();
  dual_tensors.push_back(t.impl_ptr());
  if (dual_tensors.size() >= purge_at) {
    dual_tensors.erase(std::remove_if(dual_tensors.begin(), dual_tensors.end(),
                                      [](const std::weak_ptr<TensorImpl>& w) { return w.expired(); }),
                       dual_tensors.end());
    purge_at = std::max<size_t>(1024, 2 * dual_tensors.size());
  }
}

bool ForwardAD::suspended() { return suspend; }

ForwardADSuspend::ForwardADSuspend() : prev_(suspend) { suspend = true; }
ForwardADSuspend::~ForwardADSuspend() { suspend = prev_; }

}  // namespace gg
