#include "common/bench_buffer.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace cnnkit::bench {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kHugeFrom = std::size_t{4} << 20;
// Readable bytes past the end of every buffer: XNNPACK's kernels may read up to XNN_EXTRA_BYTES
// (16) beyond their inputs, and the competitor engines read the cases' buffers directly.
constexpr std::size_t kSlack = 64;

}  // namespace

void* allocate_touched(std::size_t bytes) {
  const std::size_t align = bytes >= kHugeFrom ? kHugePage : 64;
  const std::size_t rounded = (bytes + kSlack + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded);
  if (!p) throw std::bad_alloc();
  // Advice only: without THP (or with it disabled) the buffer still works, just slower to touch.
  if (align == kHugePage) madvise(p, rounded, MADV_HUGEPAGE);
  std::memset(p, 0, rounded);
  return p;
}

void release_touched(void* p) noexcept { std::free(p); }

}  // namespace cnnkit::bench
