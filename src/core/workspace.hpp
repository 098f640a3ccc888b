// Scratch memory that outlives a call: each thread keeps one growable buffer per slot and reuses
// it, because fresh pages cost ~11 us per 4 KiB here (far more than most kernels). Buffers are
// 64-byte aligned; from 2 MiB up they are 2 MiB aligned and advised as huge pages. Contents are
// undefined on return. A slot's buffer stays valid until the same thread asks that slot again.
#pragma once

#include <cstddef>

namespace cnnkit::core {

enum class ScratchSlot : int {
  packed_weights = 0,  // weights in a kernel's layout (packed by the calling thread, read by workers)
  input_band,          // a zero-padded band of input rows (per worker thread)
  partials,            // per-chunk partial results of fixed-order reductions
  count
};

// At least `bytes` bytes for `slot` on the calling thread.
void* thread_scratch(ScratchSlot slot, std::size_t bytes);

template <class T>
T* thread_scratch(ScratchSlot slot, std::size_t count) {
  return static_cast<T*>(thread_scratch(slot, count * sizeof(T)));
}

}  // namespace cnnkit::core
