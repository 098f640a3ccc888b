// A fixed-size array of trivially copyable values on a 64-byte boundary (a cache line, and the
// alignment the kernels' aligned vector loads need), owned: for data that outlives a call, such
// as prepacked weights. Per-call temporaries use core::thread_scratch instead.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace cnnkit::core {

template <class T>
class AlignedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static constexpr std::size_t alignment = 64;

  AlignedArray() = default;
  explicit AlignedArray(std::size_t count)
      : data_(count ? static_cast<T*>(::operator new(count * sizeof(T), std::align_val_t{alignment})) : nullptr),
        size_(count) {}

  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(T* p) const { ::operator delete(p, std::align_val_t{alignment}); }
  };
  std::unique_ptr<T, Free> data_;
  std::size_t size_ = 0;
};

}  // namespace cnnkit::core
