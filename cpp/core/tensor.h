// The Tensor handle: shared ownership of an impl holding storage, shape, strides, dtype and
// the autograd fields. Copying a Tensor copies the handle, never the data.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/dtype.h"
#include "core/shape.h"

namespace gg {

struct Node;  // autograd/node.h
class Tensor;

// A flat buffer (64-byte aligned on the heap), or foreign memory (a NumPy array) kept alive by `owner`.
// The version counter lives here so that every view of the storage sees in-place changes.
// Counted by the tensors that hold it (StorageRef). The storage of a small tensor (scalars, tiny
// vectors: kInline bytes) is embedded in the block of the TensorImpl it was made for (Tensor::empty),
// with its bytes: one allocation per tensor, which is most of the per-op cost on scalars. That block
// is freed when both the impl's control block and the last reference to the storage are gone, so a
// view may outlive the tensor it was made from without keeping that tensor (or its graph) alive.
class StorageRef;
struct Storage {
  static constexpr size_t kInline = 64;
  // The hold of an embedded storage's block on it (see refs): a unit of its own, so that the
  // count of tensors holding the storage stays exact.
  static constexpr uint32_t kBlockHold = 1u << 24;

  void* data = nullptr;
  size_t nbytes = 0;
  std::shared_ptr<void> owner;  // foreign memory's keeper; null for memory we allocated
  uint64_t version = 0;
  std::atomic<uint32_t> refs{1};  // StorageRefs, plus kBlockHold while an embedding block holds it
  uint32_t block = 0;             // bytes of the embedding block; 0 for a storage of its own
  bool owns = false;              // data came from memory::allocate (core/allocator.h)

  Storage() {}
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  // A storage of its own: nbytes of heap memory, or foreign memory kept alive by owner.
  static StorageRef allocate(size_t nbytes);
  static StorageRef foreign(void* data, size_t nbytes, std::shared_ptr<void> owner);
  // Drops `n` references (1, or the block's hold); the last frees the storage (and its block).
  static void release(Storage* s, uint32_t n) {
    if (s->refs.fetch_sub(n, std::memory_order_acq_rel) == n) destroy(s);
  }

 private:
  static void destroy(Storage* s);
};

// A counted reference to a Storage (an intrusive count: a storage may live inside a TensorImpl's block).
class StorageRef {
 public:
  StorageRef() = default;
  static StorageRef adopt(Storage* s) { return StorageRef(s); }  // takes over one reference
  StorageRef(const StorageRef& o) : s_(o.s_) {
    if (s_) s_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  StorageRef(StorageRef&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  StorageRef& operator=(StorageRef o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~StorageRef() {
    if (s_) Storage::release(s_, 1);
  }
  Storage* get() const { return s_; }
  Storage* operator->() const { return s_; }
  explicit operator bool() const { return s_ != nullptr; }
  // How many references tensors (and exports) hold.
  uint32_t use_count() const { return s_ ? s_->refs.load(std::memory_order_relaxed) % Storage::kBlockHold : 0; }
  friend bool operator==(const StorageRef& a, const StorageRef& b) { return a.s_ == b.s_; }
  friend bool operator!=(const StorageRef& a, const StorageRef& b) { return a.s_ != b.s_; }

 private:
  explicit StorageRef(Storage* s) : s_(s) {}
  Storage* s_ = nullptr;
};

// What few tensors have, out of line: every op's result is made and freed without them.
struct TensorExtras {
  std::string name;  // for graph drawings
  // Called (in id order) after backward accumulates into this leaf's grad; data-parallel
  // training starts communicating a gradient bucket from here.
  std::map<int, std::function<void(const Tensor&)>> post_accumulate_hooks;
};

struct TensorImpl {
  TensorImpl() {}  // user-provided: no zeroing pass before the members' own initialisers
  StorageRef storage;
  int64_t offset = 0;  // in elements
  Shape shape, strides;
  DType dtype = DType::Float32;

  bool requires_grad = false;
  std::shared_ptr<Node> grad_fn;            // null for leaves
  std::shared_ptr<TensorImpl> grad;         // accumulated by backward
  std::weak_ptr<Node> grad_accumulator;     // a leaf's AccumulateGrad node, while a graph holds it
  std::shared_ptr<TensorImpl> fw_grad;      // forward-mode tangent (dual tensor), when set
  bool is_view = false;                     // made by a view op: shares another tensor's storage
  std::unique_ptr<TensorExtras> extras;     // null until a name or a hook is set

  TensorExtras& extras_or_new() {
    if (!extras) extras = std::make_unique<TensorExtras>();
    return *extras;
  }
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // Creation. `empty` leaves the memory uninitialised.
  static Tensor empty(const Shape& shape, DType dtype = DType::Float32);
  static Tensor zeros(const Shape& shape, DType dtype = DType::Float32);
  static Tensor full(const Shape& shape, double value, DType dtype = DType::Float32);
  static Tensor scalar(double value, DType dtype) { return full({}, value, dtype); }
  // A view of existing storage.
  static Tensor view_of(StorageRef storage, int64_t offset, Shape shape, Shape strides, DType dtype);

  bool defined() const { return impl_ != nullptr; }
  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  std::shared_ptr<TensorImpl> take_impl() && { return std::move(impl_); }  // (no refcount pair)

  const Shape& shape() const { return impl_->shape; }
  const Shape& strides() const { return impl_->strides; }
  int64_t dim() const { return static_cast<int64_t>(impl_->shape.size()); }
  int64_t size(int64_t d) const;
  int64_t numel() const { return numel_of(impl_->shape); }
  DType dtype() const { return impl_->dtype; }
  int64_t offset() const { return impl_->offset; }
  const StorageRef& storage() const { return impl_->storage; }

  void* raw_data() const { return static_cast<char*>(impl_->storage->data) + impl_->offset * itemsize(impl_->dtype); }
  // T is the dtype's element type (sizeof(T) == itemsize(dtype)): the offset scales by sizeof(T),
  // without raw_data's itemsize lookup (a bounds check and a table load per operand of every op).
  template <class T> T* data() const { return static_cast<T*>(impl_->storage->data) + impl_->offset; }

  bool is_contiguous() const { return impl_->shape.empty() || strided_contiguous(); }  // (0-d: inline)
  // This tensor if contiguous, else a contiguous copy (no graph: see ops for the differentiable form).
  Tensor contiguous_data() const;
  // A deep copy of the data into new contiguous storage, optionally cast (no graph).
  Tensor copy_data(DType dtype) const;
  // Writes src (broadcast to this shape, cast to this dtype) into this tensor's memory (no graph).
  void assign_data(const Tensor& src) const;

  double item() const;  // value of a one-element tensor as double

  // Autograd fields.
  bool requires_grad() const { return impl_->requires_grad; }
  void set_requires_grad(bool r);
  const std::shared_ptr<Node>& grad_fn() const { return impl_->grad_fn; }
  bool is_leaf() const { return impl_->grad_fn == nullptr; }
  Tensor grad() const { return Tensor(impl_->grad); }
  void set_grad(const Tensor& g);
  Tensor fw_grad() const { return Tensor(impl_->fw_grad); }
  uint64_t version() const { return impl_->storage->version; }
  void bump_version() const { ++impl_->storage->version; }

  // A tensor sharing this one's storage, detached from the graph.
  Tensor detach() const;
  // This handle now denotes src's memory, shape and dtype, keeping its own identity and autograd
  // fields (PyTorch's `t.data = src`: how Module.to converts parameters in place).
  void set_data(const Tensor& src) const;
  // Same storage and graph position is not shared: a new handle with the given shape/strides/offset.
  Tensor alias(Shape shape, Shape strides, int64_t offset) const;

 private:
  bool strided_contiguous() const;
  std::shared_ptr<TensorImpl> impl_;
};

}  // namespace gg
