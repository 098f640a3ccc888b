#include "support/guarded_buffer.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <stdexcept>

namespace cnnkit::test {
namespace {

constexpr std::size_t kBlockAlignment = 64;

// Signalling NaNs (quiet bit clear) with payloads no arithmetic produces.
constexpr std::uint32_t kCanary32 = 0x7FA5A5A5u;
constexpr std::uint64_t kCanary64 = 0x7FF5A5A5A5A5A5A5ull;
constexpr std::uint32_t kPoison32 = 0xFFB0DEADu;
constexpr std::uint64_t kPoison64 = 0xFFF6DEADDEADDEADull;

template <class E>
auto bits_of(E v) {
  if constexpr (sizeof(E) == 4)
    return std::bit_cast<std::uint32_t>(v);
  else
    return std::bit_cast<std::uint64_t>(v);
}

}  // namespace

template <> float canary_value<float>() { return std::bit_cast<float>(kCanary32); }
template <> double canary_value<double>() { return std::bit_cast<double>(kCanary64); }
template <> std::int64_t canary_value<std::int64_t>() { return std::bit_cast<std::int64_t>(kCanary64); }
template <> std::int32_t canary_value<std::int32_t>() { return std::bit_cast<std::int32_t>(kCanary32); }
template <> float poison_value<float>() { return std::bit_cast<float>(kPoison32); }
template <> double poison_value<double>() { return std::bit_cast<double>(kPoison64); }
template <> std::int64_t poison_value<std::int64_t>() { return std::bit_cast<std::int64_t>(kPoison64); }
template <> std::int32_t poison_value<std::int32_t>() { return std::bit_cast<std::int32_t>(kPoison32); }

template <class E>
bool same_bits(E a, E b) {
  return bits_of(a) == bits_of(b);
}
template bool same_bits<float>(float, float);
template bool same_bits<double>(double, double);
template bool same_bits<std::int64_t>(std::int64_t, std::int64_t);
template bool same_bits<std::int32_t>(std::int32_t, std::int32_t);

template <class E>
void GuardedBuffer<E>::AlignedFree::operator()(unsigned char* p) const noexcept {
  ::operator delete[](p, std::align_val_t(kBlockAlignment));
}

template <class E>
GuardedBuffer<E>::GuardedBuffer(std::int64_t count, std::int64_t misalign_elements) : count_(count) {
  if (count < 0 || misalign_elements < 0) throw std::invalid_argument("GuardedBuffer: negative size");
  before_ = static_cast<std::int64_t>(kGuardBytes / sizeof(E)) + misalign_elements;
  after_ = static_cast<std::int64_t>(kGuardBytes / sizeof(E));
  const std::size_t total = static_cast<std::size_t>(before_ + count_ + after_) * sizeof(E);
  block_.reset(static_cast<unsigned char*>(::operator new[](total, std::align_val_t(kBlockAlignment))));
  E* all = reinterpret_cast<E*>(block_.get());
  std::fill(all, all + before_ + count_ + after_, canary_value<E>());
  data_ = all + before_;
}

template <class E>
void GuardedBuffer<E>::fill(E value) {
  std::fill(data_, data_ + count_, value);
}

template <class E>
void GuardedBuffer<E>::assign(std::span<const E> values) {
  if (static_cast<std::int64_t>(values.size()) != count_)
    throw std::invalid_argument("GuardedBuffer::assign: size mismatch");
  std::copy(values.begin(), values.end(), data_);
}

template <class E>
std::string GuardedBuffer<E>::guard_damage(std::string_view name) const {
  const E canary = canary_value<E>();
  std::int64_t before_hits = 0, first_before = 0, after_hits = 0, first_after = 0;
  for (std::int64_t i = -before_; i < 0; ++i)
    if (!same_bits(data_[i], canary)) {
      if (before_hits++ == 0) first_before = i;
    }
  for (std::int64_t i = 0; i < after_; ++i)
    if (!same_bits(data_[count_ + i], canary)) {
      if (after_hits++ == 0) first_after = i;
    }
  std::string out;
  const auto describe = [&](std::int64_t hits, const char* where, const std::string& first) {
    if (!out.empty()) out += "; ";
    out += std::to_string(hits) + (hits == 1 ? " element " : " elements ") + where + " '" + std::string(name) +
           "' " + (hits == 1 ? "was" : "were") + " written (first at " + first + ")";
  };
  if (before_hits) describe(before_hits, "before the start of", std::string(name) + "[" + std::to_string(first_before) + "]");
  if (after_hits)
    describe(after_hits, "after the end of",
             std::string(name) + "[" + std::to_string(count_) + "+" + std::to_string(first_after) + "]");
  return out;
}

template <class E>
std::size_t GuardedBuffer<E>::alignment() const noexcept {
  const auto address = reinterpret_cast<std::uintptr_t>(data_);
  std::size_t a = 1;
  while (a < kBlockAlignment && address % (a * 2) == 0) a *= 2;
  return a;
}

template class GuardedBuffer<float>;
template class GuardedBuffer<double>;
template class GuardedBuffer<std::int64_t>;
template class GuardedBuffer<std::int32_t>;

}  // namespace cnnkit::test
