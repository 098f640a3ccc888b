// Storage for one call's part records: on the stack for teams of up to 32 threads (no allocation
// on the common path), on the heap beyond.
#pragma once

#include <array>
#include <memory>
#include <span>

#include "core/chunk_claims.hpp"

namespace cnnkit::core {

class PartRecords {
 public:
  explicit PartRecords(int parts) : size_(parts) {
    if (parts > static_cast<int>(local_.size())) heap_ = std::make_unique<PartRecord[]>(static_cast<std::size_t>(parts));
  }
  PartRecord& operator[](int part) { return heap_ ? heap_[part] : local_[static_cast<std::size_t>(part)]; }
  std::span<const PartRecord> first(int parts) const {
    return {heap_ ? heap_.get() : local_.data(), static_cast<std::size_t>(std::min(parts, size_))};
  }

 private:
  std::array<PartRecord, 32> local_{};
  std::unique_ptr<PartRecord[]> heap_;
  int size_;
};

}  // namespace cnnkit::core
