#include "core/tuning_memo.hpp"

#include <array>

#include "core/registry_index.hpp"
#include "core/tuning_key.hpp"

namespace cnnkit::core {
namespace {

struct Slot {
  MemoKey key;
  const void* entry = nullptr;
  std::uint64_t generation = 0;  // 0: empty (the cache's generations start at 1)
};

// Direct-mapped: a network has a few dozen distinct layers per op; a collision only costs a
// lookup in the shared cache.
constexpr std::size_t kSlots = 64;
thread_local std::array<Slot, kSlots> memo;

std::size_t slot_of(const MemoKey& k) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the integers
  auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(static_cast<std::uint64_t>(k.op)), mix(static_cast<std::uint64_t>(k.dtype)), mix(static_cast<std::uint64_t>(k.isa));
  mix(static_cast<std::uint64_t>(k.policy)), mix(static_cast<std::uint64_t>(k.threads));
  for (int i = 0; i < k.fields.count && i < KeyFields::kCapacity; ++i) mix(static_cast<std::uint64_t>(k.fields.values[i]));
  return static_cast<std::size_t>(h ^ (h >> 29)) % kSlots;
}

}  // namespace

MemoKey memo_key(OpId op, DType dtype, const Context& ctx, const Exec& exec) {
  MemoKey k;
  k.op = static_cast<std::int32_t>(op);
  k.dtype = static_cast<std::int32_t>(dtype);
  k.isa = static_cast<std::int32_t>(effective_isa(ctx));
  k.policy = static_cast<std::int32_t>(exec.policy);
  k.threads = tuning_thread_count(exec.policy, exec);
  return k;
}

const void* memo_find(const MemoKey& key, std::uint64_t generation) {
  const Slot& s = memo[slot_of(key)];
  return s.generation == generation && s.key == key ? s.entry : nullptr;
}

void memo_store(const MemoKey& key, const void* entry, std::uint64_t generation) {
  Slot& s = memo[slot_of(key)];
  s.key = key;
  s.entry = entry;
  s.generation = generation;
}

}  // namespace cnnkit::core
