#include "core/tensor.h"

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

#include <sys/mman.h>

#include "core/error.h"
#include "kernels/copy.h"

namespace gg {

namespace {

// Bytes actually allocated for a buffer of nbytes (> Storage::kInline). Buffers of 2 MB and more
// go on huge pages: a 64 MB activation otherwise pays 16k page faults on first touch (dropout
// (4096, 4096) fwd+bwd measured 210 ms -> 78 ms).
constexpr size_t kHuge = size_t{2} << 20;
size_t block_bytes(size_t nbytes) {
  const size_t bytes = (nbytes + 63) / 64 * 64;
  return bytes >= kHuge ? (bytes + kHuge - 1) / kHuge * kHuge : bytes;
}

// Freed buffers of 256 KB and more, kept for the next allocation of the same size (up to 64 MB
// in all, oldest evicted first). A fresh buffer pays a page fault per 4 KB, or zeroes a whole
// 2 MB huge page, on first touch: a (512, 1024) batch norm forward+backward (two 2 MB outputs)
// spent a quarter of its time there. Training allocates the same sizes every step, so exact
// sizes are all the cache needs to match.
class BlockCache {
 public:
  static constexpr size_t kMinBytes = size_t{256} << 10, kMaxBytes = size_t{64} << 20;

  void* take(size_t bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = blocks_.rbegin(); it != blocks_.rend(); ++it)
      if (it->first == bytes) {
        void* p = it->second;
        blocks_.erase(std::next(it).base());
        held_ -= bytes;
        return p;
      }
    return nullptr;
  }

  // Keeps p (false: too large to keep, the caller frees it).
  bool give(void* p, size_t bytes) {
    if (bytes > kMaxBytes) return false;
    std::lock_guard<std::mutex> lock(mu_);
    while (held_ + bytes > kMaxBytes) {
      std::free(blocks_.front().second);
      held_ -= blocks_.front().first;
      blocks_.erase(blocks_.begin());
    }
    blocks_.emplace_back(bytes, p);
    held_ += bytes;
    return true;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<size_t, void*>> blocks_;  // oldest first
  size_t held_ = 0;
};

// Never destroyed: storages released during interpreter shutdown still return their memory here.
BlockCache& block_cache() {
  static BlockCache* cache = new BlockCache;
  return *cache;
}

}  // namespace

Storage::~Storage() {
  if (!owns) return;
  const size_t bytes = block_bytes(nbytes);
  if (bytes < BlockCache::kMinBytes || !block_cache().give(data, bytes)) std::free(data);
}

std::shared_ptr<Storage> Storage::allocate(size_t nbytes) {
  auto s = std::make_shared<Storage>();
  s->nbytes = nbytes;
  if (nbytes <= kInline) {
    s->data = s->small;
    return s;
  }
  const size_t bytes = block_bytes(nbytes);
  void* p = bytes >= BlockCache::kMinBytes ? block_cache().take(bytes) : nullptr;
  if (!p) {
    const bool huge = bytes >= kHuge;
    p = std::aligned_alloc(huge ? kHuge : 64, bytes);
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (huge) madvise(p, bytes, MADV_HUGEPAGE);
#endif
  }
  s->data = p;
  s->owns = true;
  return s;
}

Tensor Tensor::view_of(std::shared_ptr<Storage> storage, int64_t offset, Shape shape, Shape strides, DType dtype) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::move(storage);
  impl->offset = offset;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor Tensor::empty(const Shape& shape, DType dtype) {
  for (auto d : shape)
    if (d < 0) throw ValueError(msg("empty: negative dimension in shape ", shape_str(shape)));
  auto st = Storage::allocate(static_cast<size_t>(numel_of(shape)) * itemsize(dtype));
  return view_of(std::move(st), 0, shape, contiguous_strides(shape), dtype);
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw_data(), 0, static_cast<size_t>(t.numel()) * itemsize(dtype));
  return t;
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
  Tensor t = empty(shape, dtype);
  dispatch_all(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::fill(t.data<T>(), t.numel(), static_cast<T>(value));
  });
  return t;
}

int64_t Tensor::size(int64_t d) const { return impl_->shape[wrap_axis(d, dim(), "size")]; }

bool Tensor::is_contiguous() const {
  int64_t expected = 1;
  for (size_t i = impl_->shape.size(); i-- > 0;) {
    if (impl_->shape[i] == 1) continue;
    if (impl_->strides[i] != expected) return false;
    expected *= impl_->shape[i];
  }
  return true;
}

Tensor Tensor::copy_data(DType dtype) const {
  Tensor out = empty(shape(), dtype);
  dispatch_all(this->dtype(), [&](auto tin) {
    using I = typename decltype(tin)::type;
    dispatch_all(dtype, [&](auto tout) {
      using O = typename decltype(tout)::type;
      kernels::strided_copy(data<I>(), shape(), strides(), out.data<O>());
    });
  });
  return out;
}

void Tensor::assign_data(const Tensor& src) const {
  dispatch_all(dtype(), [&](auto td) {
    using D = typename decltype(td)::type;
    dispatch_all(src.dtype(), [&](auto ts) {
      using S = typename decltype(ts)::type;
      kernels::assign(data<D>(), shape(), strides(), src.data<S>(), broadcast_strides(src.shape(), src.strides(), shape()));
    });
  });
}

Tensor Tensor::contiguous_data() const { return is_contiguous() ? *this : copy_data(dtype()); }

double Tensor::item() const {
  if (numel() != 1)
    throw ValueError(msg("item: only a one-element tensor converts to a Python number, got shape ", shape_str(shape())));
  return dispatch_all(dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    return static_cast<double>(*data<T>());
  });
}

void Tensor::set_requires_grad(bool r) {
  if (r && !is_floating(dtype()))
    throw TypeError(msg("requires_grad: only float tensors can require gradients, got ", dtype_name(dtype())));
  if (!r && !is_leaf())
    throw GraphError("requires_grad: cannot turn off requires_grad of a non-leaf tensor; use detach()");
  impl_->requires_grad = r;
}

void Tensor::set_grad(const Tensor& g) {
  if (g.defined() && (g.shape() != shape() || g.dtype() != dtype()))
    throw ValueError(msg("grad: assigned gradient of shape ", shape_str(g.shape()), " and dtype ", dtype_name(g.dtype()),
                         " to a tensor of shape ", shape_str(shape()), " and dtype ", dtype_name(dtype())));
  impl_->grad = g.impl_ptr();
}

void Tensor::set_fw_grad(const Tensor& t) { impl_->fw_grad = t.impl_ptr(); }

Tensor Tensor::detach() const { return view_of(impl_->storage, impl_->offset, impl_->shape, impl_->strides, impl_->dtype); }

Tensor Tensor::alias(Shape shape, Shape strides, int64_t offset) const {
  return view_of(impl_->storage, offset, std::move(shape), std::move(strides), impl_->dtype);
}

}  // namespace gg
