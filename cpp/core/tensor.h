// The Tensor handle: shared ownership of an impl holding storage, shape, strides, dtype and
// the autograd fields. Copying a Tensor copies the handle, never the data.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/shape.h"

namespace gg {

struct Node;  // autograd/node.h
class Tensor;

// A flat buffer (64-byte aligned on the heap), or foreign memory (a NumPy array) kept alive by `owner`.
// The version counter lives here so that every view of the storage sees in-place changes.
// Small buffers (scalars, tiny vectors) live inside the Storage itself: one allocation fewer
// per op, which is most of the per-op cost on scalars.
struct Storage {
  static constexpr size_t kInline = 64;
  // 16-byte alignment only: an over-aligned type would send every allocation through memalign.
  alignas(16) unsigned char small[kInline];
  void* data = nullptr;
  size_t nbytes = 0;
  std::shared_ptr<void> owner;  // foreign memory's keeper; null for memory we allocated
  uint64_t version = 0;
  bool owns = false;            // data came from memory::allocate (core/allocator.h)

  Storage() {}  // user-provided: allocate_shared's value-initialisation would zero `small` first
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage();
  static std::shared_ptr<Storage> allocate(size_t nbytes);
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
  std::shared_ptr<Storage> storage;
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
  static Tensor view_of(std::shared_ptr<Storage> storage, int64_t offset, Shape shape, Shape strides, DType dtype);

  bool defined() const { return impl_ != nullptr; }
  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }

  const Shape& shape() const { return impl_->shape; }
  const Shape& strides() const { return impl_->strides; }
  int64_t dim() const { return static_cast<int64_t>(impl_->shape.size()); }
  int64_t size(int64_t d) const;
  int64_t numel() const { return numel_of(impl_->shape); }
  DType dtype() const { return impl_->dtype; }
  int64_t offset() const { return impl_->offset; }
  const std::shared_ptr<Storage>& storage() const { return impl_->storage; }

  void* raw_data() const { return static_cast<char*>(impl_->storage->data) + impl_->offset * itemsize(impl_->dtype); }
  template <class T> T* data() const { return static_cast<T*>(raw_data()); }

  bool is_contiguous() const;
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
  std::shared_ptr<TensorImpl> impl_;
};

}  // namespace gg
