// A per-thread memo in front of the tuning cache: (op, dtype, ISA tier, threading, threads,
// geometry as integers) -> the cached winner's registry entry. A tuned call that hits it costs a
// few comparisons instead of the key's text and a locked map lookup. Entries are valid for one
// generation of the cache: loading a file or clearing the cache starts a new one.
#pragma once

#include <cstdint>

#include "cnnkit/context.hpp"
#include "core/registry.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::core {

struct MemoKey {
  std::int32_t op = 0, dtype = 0, isa = 0, policy = 0, threads = 0;
  KeyFields fields;
  friend bool operator==(const MemoKey&, const MemoKey&) = default;
};

// The key without its geometry (the caller adds the problem's tuning_fields).
MemoKey memo_key(OpId op, DType dtype, const Context& ctx, const Exec& exec);

// The entry this thread stored for `key` in this generation, or nullptr.
const void* memo_find(const MemoKey& key, std::uint64_t generation);
void memo_store(const MemoKey& key, const void* entry, std::uint64_t generation);

}  // namespace cnnkit::core
