// A test buffer with guard zones before and after its elements, for catching kernels that write
// (or read and use) memory they do not own. The guards hold a canary bit pattern -- a signalling
// NaN with a payload for float and double -- so a stray write shows up when the guards are
// checked, and a stray read that feeds arithmetic turns the result into NaN.
//
// The elements can start at a deliberately unaligned address (element-aligned, but not 16, 32 or
// 64-byte aligned), to catch kernels that assume aligned loads or stores.
//
// Guards live inside one heap block, so a write into them is not an AddressSanitizer error: the
// buffer itself reports it. A write beyond the guards leaves the block and ASan reports that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace cnnkit::test {

// The guards' canary and the "never written" poison that outputs hold before a call. Both are
// signalling NaNs for float and double, distinct from each other and from any NaN that arithmetic
// produces, so they are recognisable in a result.
template <class E>
E canary_value();
template <class E>
E poison_value();
template <> float canary_value<float>();
template <> double canary_value<double>();
template <> std::int64_t canary_value<std::int64_t>();
template <> std::int32_t canary_value<std::int32_t>();
template <> float poison_value<float>();
template <> double poison_value<double>();
template <> std::int64_t poison_value<std::int64_t>();
template <> std::int32_t poison_value<std::int32_t>();

// Bitwise equality (distinguishes NaN payloads and the sign of zero).
template <class E>
bool same_bits(E a, E b);

template <class E>
class GuardedBuffer {
 public:
  static constexpr std::size_t kGuardBytes = 256;  // four 64-byte vectors on each side

  // `count` elements. With misalign_elements = k > 0 the data starts k elements after a 64-byte
  // boundary; choose k so that k * sizeof(E) is not a multiple of 16 to defeat 16/32/64 alignment.
  explicit GuardedBuffer(std::int64_t count, std::int64_t misalign_elements = 0);

  GuardedBuffer(GuardedBuffer&&) noexcept = default;
  GuardedBuffer& operator=(GuardedBuffer&&) noexcept = default;

  E* data() noexcept { return data_; }
  const E* data() const noexcept { return data_; }
  std::int64_t size() const noexcept { return count_; }
  std::span<E> span() noexcept { return {data_, static_cast<std::size_t>(count_)}; }
  std::span<const E> span() const noexcept { return {data_, static_cast<std::size_t>(count_)}; }

  void fill(E value);
  void fill_poison() { fill(poison_value<E>()); }
  void assign(std::span<const E> values);  // values.size() must equal size()

  // "" when both guard zones hold their canaries; otherwise which elements around `name` were
  // written, e.g. "1 element after the end of 'y' was written (first at y[+0])".
  std::string guard_damage(std::string_view name) const;

  // The largest power of two (up to 64) that divides the data address: 4 or 8 when misaligned.
  std::size_t alignment() const noexcept;

 private:
  struct AlignedFree {
    void operator()(unsigned char* p) const noexcept;
  };
  std::unique_ptr<unsigned char[], AlignedFree> block_;
  E* data_ = nullptr;
  std::int64_t count_ = 0;
  std::int64_t before_ = 0;  // guard elements before data_
  std::int64_t after_ = 0;   // guard elements after the last element
};

extern template class GuardedBuffer<float>;
extern template class GuardedBuffer<double>;
extern template class GuardedBuffer<std::int64_t>;
extern template class GuardedBuffer<std::int32_t>;

}  // namespace cnnkit::test
