// A vector whose first N elements live inside it: a graph node's edges and a backward's input
// gradients (one or two for nearly every op) without a heap block each. Only what its users
// need: push_back, reserve, indexing and iteration; movable, not copyable.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <utility>
#include <vector>

namespace gg {

template <class T, size_t N>
class SmallVector {
 public:
  SmallVector() = default;
  explicit SmallVector(size_t n) {
    reserve(n);
    for (size_t i = 0; i < n; ++i) new (data_ + i) T();
    size_ = n;
  }
  SmallVector(std::initializer_list<T> values) {
    reserve(values.size());
    for (const T& v : values) new (data_ + size_++) T(v);
  }
  explicit SmallVector(std::vector<T>&& v) {
    reserve(v.size());
    for (T& x : v) new (data_ + size_++) T(std::move(x));
  }
  SmallVector(SmallVector&& o) noexcept {
    if (o.data_ != o.inline_data()) {
      data_ = o.data_;
      capacity_ = o.capacity_;
      size_ = o.size_;
    } else {
      for (size_t i = 0; i < o.size_; ++i) {
        new (data_ + i) T(std::move(o.data_[i]));
        o.data_[i].~T();
      }
      size_ = o.size_;
    }
    o.data_ = o.inline_data();
    o.size_ = 0;
    o.capacity_ = N;
  }
  SmallVector(const SmallVector&) = delete;
  SmallVector& operator=(const SmallVector&) = delete;
  SmallVector& operator=(SmallVector&&) = delete;
  ~SmallVector() {
    clear();
    if (data_ != inline_data()) ::operator delete(data_);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void reserve(size_t n) {
    if (n > capacity_) grow(n);
  }
  void push_back(T v) {
    if (size_ == capacity_) grow(2 * capacity_);
    new (data_ + size_) T(std::move(v));
    ++size_;
  }
  void clear() {
    for (size_t i = 0; i < size_; ++i) data_[i].~T();
    size_ = 0;
  }

 private:
  T* inline_data() { return reinterpret_cast<T*>(inline_); }
  void grow(size_t n) {
    T* p = static_cast<T*>(::operator new(n * sizeof(T)));
    for (size_t i = 0; i < size_; ++i) {
      new (p + i) T(std::move(data_[i]));
      data_[i].~T();
    }
    if (data_ != inline_data()) ::operator delete(data_);
    data_ = p;
    capacity_ = n;
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* data_ = inline_data();
  size_t size_ = 0;
  size_t capacity_ = N;
};

}  // namespace gg
