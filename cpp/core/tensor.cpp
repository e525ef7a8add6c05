#include "core/tensor.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "core/allocator.h"
#include "core/error.h"
#include "core/small_alloc.h"
#include "core/strided_copy.h"

namespace gg {

namespace {

// An embedding block: a small tensor's storage and its bytes, followed by the control block and
// TensorImpl that std::allocate_shared puts there (through EmbeddingAllocator).
struct alignas(16) StorageHeader {
  Storage storage;
  alignas(16) unsigned char bytes[Storage::kInline];
};

// std::allocate_shared's allocator for a TensorImpl with its storage in front of it: allocate makes
// the storage (holding itself by kBlockHold and one reference, which the caller adopts) and reports
// it through `made`; deallocate drops the block's hold, and the block is freed once no tensor holds
// the storage either.
template <class T>
struct EmbeddingAllocator {
  using value_type = T;
  Storage** made;
  explicit EmbeddingAllocator(Storage** m) : made(m) {}
  template <class U>
  EmbeddingAllocator(const EmbeddingAllocator<U>& o) : made(o.made) {}
  T* allocate(size_t n) {
    const size_t bytes = sizeof(StorageHeader) + n * sizeof(T);
    auto* h = static_cast<StorageHeader*>(small::allocate(bytes));
    Storage* s = new (&h->storage) Storage;
    s->refs.store(Storage::kBlockHold + 1, std::memory_order_relaxed);
    s->block = static_cast<uint32_t>(bytes);
    s->data = h->bytes;
    *made = s;
    return reinterpret_cast<T*>(h + 1);
  }
  // Storage::release(s, kBlockHold), with the block's size a constant (Storage::destroy reads it
  // from the storage, for the last StorageRef of a storage whose impl went first).
  void deallocate(T* p, size_t n) {
    auto* h = reinterpret_cast<StorageHeader*>(p) - 1;
    if (h->storage.refs.fetch_sub(Storage::kBlockHold, std::memory_order_acq_rel) == Storage::kBlockHold)
      small::deallocate(h, sizeof(StorageHeader) + n * sizeof(T));  // (no destructor: see Storage::destroy)
  }
  template <class U>
  bool operator==(const EmbeddingAllocator<U>& o) const { return made == o.made; }
  template <class U>
  bool operator!=(const EmbeddingAllocator<U>& o) const { return made != o.made; }
};

StorageRef own_storage() {
  return StorageRef::adopt(new (small::allocate(sizeof(Storage))) Storage);
}

}  // namespace

namespace {
// Storage::destroy of a storage of its own (not embedded): apart, so that the embedded one, every
// scalar's, saves fewer registers.
[[gnu::noinline]] void destroy_own(Storage* s) {
  if (s->owns) memory::release(s->data, s->nbytes);
  s->~Storage();
  small::deallocate(s, sizeof(Storage));
}
}  // namespace

void Storage::destroy(Storage* s) {
  if (!s->block) return destroy_own(s);
  // Embedded: the block goes with it. Its destructor is not run: an embedded storage never has an
  // owner (only Storage::foreign sets one, on a storage of its own), so it would do nothing, and
  // without its call the last-reference path saves no registers (13 scalars freed per lecture call).
  small::deallocate(s, s->block);
}

StorageRef Storage::allocate(size_t nbytes) {
  StorageRef s = own_storage();
  s->data = memory::allocate(nbytes);  // bad_alloc: MemoryError
  s->nbytes = nbytes;
  s->owns = true;
  return s;
}

StorageRef Storage::foreign(void* data, size_t nbytes, std::shared_ptr<void> owner) {
  StorageRef s = own_storage();
  s->data = data;
  s->nbytes = nbytes;
  s->owner = std::move(owner);
  return s;
}

Tensor Tensor::view_of(StorageRef storage, int64_t offset, Shape shape, Shape strides, DType dtype) {
  check_shape(shape, itemsize(dtype), "view");  // ops check with their own names; this is the backstop
  auto impl = std::allocate_shared<TensorImpl>(SmallAllocator<TensorImpl>());
  impl->storage = std::move(storage);
  impl->offset = offset;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

namespace {

// A TensorImpl and its `nbytes` (at most Storage::kInline) of storage in one block.
[[gnu::always_inline]] inline std::shared_ptr<TensorImpl> embedded_impl(size_t nbytes) {
  Storage* s = nullptr;
  auto impl = std::allocate_shared<TensorImpl>(EmbeddingAllocator<TensorImpl>(&s));
  impl->storage = StorageRef::adopt(s);
  s->nbytes = nbytes;
  return impl;
}

// Tensor::empty of a shape with at least one dimension. Not inlined there: the 0-d path then
// saves and restores fewer registers (a fifth of its instructions).
[[gnu::noinline]] Tensor empty_shaped(const Shape& shape, DType dtype) {
  const int64_t n = check_shape(shape, itemsize(dtype), "empty");
  const size_t nbytes = static_cast<size_t>(n) * itemsize(dtype);
  std::shared_ptr<TensorImpl> impl;
  if (nbytes <= Storage::kInline) {
    impl = embedded_impl(nbytes);
  } else {
    impl = std::allocate_shared<TensorImpl>(SmallAllocator<TensorImpl>());
    impl->storage = Storage::allocate(nbytes);
  }
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

}  // namespace

// The impl made here rather than by view_of: the shape is checked once (every op's output comes
// through here).
Tensor Tensor::empty(const Shape& shape, DType dtype) {
  if (!shape.empty()) return empty_shaped(shape, dtype);
  // A 0-d tensor (every scalar expression's values): nothing to check and no shape to copy.
  Tensor t(embedded_impl(itemsize(dtype)));
  t.impl()->dtype = dtype;
  return t;
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw_data(), 0, static_cast<size_t>(t.numel()) * itemsize(dtype));
  return t;
}

namespace {
// Tensor::full with a dimension or more: apart, so that the 0-d path (a scalar expression's leaves
// and its backward's seed) does not save registers and stack for the parallel fill.
[[gnu::noinline]] Tensor full_shaped(const Shape& shape, double value, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  dispatch_storage(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    fill(t.data<T>(), t.numel(), static_cast<T>(value));
  });
  return t;
}
}  // namespace

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
  if (!shape.empty()) return full_shaped(shape, value, dtype);
  Tensor t = empty(shape, dtype);
  dispatch_storage(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    *t.data<T>() = static_cast<T>(value);
  });
  return t;
}

int64_t Tensor::size(int64_t d) const { return impl_->shape[wrap_axis(d, dim(), "size")]; }

bool Tensor::strided_contiguous() const {
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
  dispatch_storage(this->dtype(), [&](auto tin) {
    using I = typename decltype(tin)::type;
    dispatch_storage(dtype, [&](auto tout) {
      using O = typename decltype(tout)::type;
      strided_copy(data<I>(), shape(), strides(), out.data<O>());
    });
  });
  return out;
}

void Tensor::assign_data(const Tensor& src) const {
  dispatch_storage(dtype(), [&](auto td) {
    using D = typename decltype(td)::type;
    dispatch_storage(src.dtype(), [&](auto ts) {
      using S = typename decltype(ts)::type;
      assign(data<D>(), shape(), strides(), src.data<S>(), broadcast_strides(src.shape(), src.strides(), shape()));
    });
  });
}

Tensor Tensor::contiguous_data() const { return is_contiguous() ? *this : copy_data(dtype()); }

double Tensor::item() const {
  if (numel() != 1)
    throw ValueError(msg("item: only a one-element tensor converts to a Python number, got shape ", shape_str(shape())));
  return dispatch_storage(dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    return static_cast<double>(*data<T>());
  });
}

void Tensor::set_requires_grad(bool r) {
  if (r && !is_floating(dtype()))
    throw GraphError(msg("requires_grad: only Tensors of floating point dtype can require gradients, got ",
                         dtype_name(dtype())));
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


Tensor Tensor::detach() const { return view_of(impl_->storage, impl_->offset, impl_->shape, impl_->strides, impl_->dtype); }

void Tensor::set_data(const Tensor& src) const {
  impl_->storage = src.impl_->storage;
  impl_->offset = src.impl_->offset;
  impl_->shape = src.impl_->shape;
  impl_->strides = src.impl_->strides;
  impl_->dtype = src.impl_->dtype;
}

Tensor Tensor::alias(Shape shape, Shape strides, int64_t offset) const {
  return view_of(impl_->storage, offset, std::move(shape), std::move(strides), impl_->dtype);
}

}  // namespace gg
