// Benchmark memory: allocated and first-touched once per case, outside any timed loop. Fresh
// pages cost ~11-14 us per 4 KiB on this VM (more than most ops take per byte), so a buffer is
// never allocated per call; large buffers ask for transparent huge pages, which makes the first
// touch ~50x cheaper and removes TLB misses from the measurement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace cnnkit::bench {

// Aligned (64 B; 2 MiB from 4 MiB up), zero-filled, huge-page-advised memory with at least 64
// readable bytes past the end (for engines that over-read, see bench_buffer.cpp). Throws
// std::bad_alloc when the allocation fails.
void* allocate_touched(std::size_t bytes);
void release_touched(void* p) noexcept;

template <class T>
class BenchBuffer {
 public:
  BenchBuffer() = default;
  // count 0 gives an empty buffer (null data), e.g. an absent bias.
  explicit BenchBuffer(std::int64_t count)
      : data_(count > 0 ? static_cast<T*>(allocate_touched(static_cast<std::size_t>(count) * sizeof(T))) : nullptr),
        count_(count) {}
  BenchBuffer(BenchBuffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)), count_(std::exchange(o.count_, 0)) {}
  BenchBuffer& operator=(BenchBuffer&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(count_, o.count_);
    return *this;
  }
  BenchBuffer(const BenchBuffer&) = delete;
  BenchBuffer& operator=(const BenchBuffer&) = delete;
  ~BenchBuffer() { release_touched(data_); }

  T* data() const { return data_; }
  std::int64_t size() const { return count_; }

 private:
  T* data_ = nullptr;
  std::int64_t count_ = 0;
};

}  // namespace cnnkit::bench
