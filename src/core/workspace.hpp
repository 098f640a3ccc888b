// Scratch memory that outlives a call: each thread keeps one growable buffer per slot and reuses
// it, because fresh pages cost ~11 us per 4 KiB here (far more than most kernels). Buffers are
// 64-byte aligned; from 2 MiB up they are 2 MiB aligned and advised as huge pages. Contents are
// undefined on return. A slot's buffer stays valid until the same thread asks that slot again.
#pragma once

#include <cstddef>

namespace cnnkit::core {

// Two kinds of slot, never mixed: a call's calling thread fills the shared ones (read by every
// worker of that call until it returns), and the bodies run by workers use the per-body ones.
// A oneTBB thread that waits in one call's parallel_for may run bodies of another call sharing
// its arena meanwhile: if a body used a shared slot it would overwrite the waiting call's data.
enum class ScratchSlot : int {
  packed_weights = 0,  // shared: weights in a kernel's layout
  partials,            // shared: per-chunk partial results of fixed-order reductions
  weight_partials,     // shared: conv2d backward weights' per-part partial dW (a fused bias
                       // gradient holds `partials` on the same thread meanwhile)
  input_band,          // per body: a zero-padded band of input rows
  body_packed,         // per body: an operand packed by the body itself (e.g. a dy block)
  count
};

// At least `bytes` bytes for `slot` on the calling thread. Throws std::bad_alloc (the C ABI's
// out_of_memory) when they cannot be had, including for more than PTRDIFF_MAX bytes.
void* thread_scratch(ScratchSlot slot, std::size_t bytes);

// `count` elements of `element_size` bytes; a count whose byte size would wrap is refused
// (std::bad_alloc) rather than turned into a smaller buffer.
void* thread_scratch(ScratchSlot slot, std::size_t count, std::size_t element_size);

// `count` elements of T. Always inlined: ISA-tier translation units call it, and an out-of-line
// copy compiled with a tier's flags could be the one the linker keeps for baseline code
// (isa_hygiene caught a vzeroupper from such a copy under ThreadSanitizer).
template <class T>
[[gnu::always_inline]] inline T* thread_scratch(ScratchSlot slot, std::size_t count) {
  return static_cast<T*>(thread_scratch(slot, count, sizeof(T)));
}

}  // namespace cnnkit::core
