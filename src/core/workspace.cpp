#include "core/workspace.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>

namespace cnnkit::core {
namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;
// The largest request: a byte count pointer arithmetic can span (ptrdiff_t).
constexpr std::size_t kMaxBytes = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());

struct Buffer {
  void* data = nullptr;
  std::size_t capacity = 0;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { std::free(data); }

  void* reserve(std::size_t bytes) {
    if (bytes <= capacity) return data;
    // No request that large can be met; refusing it here also keeps the size arithmetic below
    // from wrapping (which would allocate less than asked for).
    if (bytes > kMaxBytes) throw std::bad_alloc();
    // Grow geometrically so a slowly growing sequence of requests does not reallocate every time.
    // capacity <= kMaxBytes rounded up to a huge page, so capacity / 2 * 3 cannot wrap either.
    const std::size_t grown = std::min(capacity / 2 * 3, kMaxBytes);
    const std::size_t wanted = bytes > grown ? bytes : grown;
    const std::size_t alignment = wanted >= kHugePage ? kHugePage : 64;
    const std::size_t size = (wanted + alignment - 1) / alignment * alignment;
    void* fresh = std::aligned_alloc(alignment, size);
    if (!fresh) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (alignment == kHugePage) madvise(fresh, size, MADV_HUGEPAGE);
#endif
    std::free(data);
    data = fresh;
    capacity = size;
    return data;
  }
};

thread_local std::array<Buffer, static_cast<int>(ScratchSlot::count)> buffers;

}  // namespace

void* thread_scratch(ScratchSlot slot, std::size_t bytes) {
  return buffers[static_cast<int>(slot)].reserve(bytes == 0 ? 1 : bytes);
}

void* thread_scratch(ScratchSlot slot, std::size_t count, std::size_t element_size) {
  if (count > std::numeric_limits<std::size_t>::max() / element_size) throw std::bad_alloc();
  return thread_scratch(slot, count * element_size);
}

}  // namespace cnnkit::core
