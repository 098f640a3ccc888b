// core::static_range: the contiguous split every threaded variant's work partition is built on.
#include <gtest/gtest.h>

#include "core/threading.hpp"

namespace cnnkit::test {
namespace {

void expect_exact_partition(std::int64_t count, int parts) {
  SCOPED_TRACE("count " + std::to_string(count) + ", parts " + std::to_string(parts));
  std::int64_t next = 0, smallest = count + 1, largest = -1, previous_size = count + 1;
  for (int i = 0; i < parts; ++i) {
    const auto [begin, end] = core::static_range(count, parts, i);
    ASSERT_EQ(begin, next) << "part " << i << " is not contiguous with the previous one";
    ASSERT_LE(begin, end);
    const std::int64_t size = end - begin;
    EXPECT_LE(size, previous_size) << "larger parts come first";
    smallest = std::min(smallest, size);
    largest = std::max(largest, size);
    previous_size = size;
    next = end;
  }
  EXPECT_EQ(next, count) << "the parts must cover [0, count)";
  EXPECT_LE(largest - smallest, 1) << "part sizes differ by at most one";
}

TEST(StaticRange, PartitionsExactlyForSmallCounts) {
  for (std::int64_t count = 0; count <= 64; ++count)
    for (int parts = 1; parts <= 17; ++parts) expect_exact_partition(count, parts);
}

TEST(StaticRange, PartitionsExactlyForLargeCounts) {
  for (std::int64_t count : {std::int64_t{1000003}, std::int64_t{1} << 40, (std::int64_t{1} << 40) + 7})
    for (int parts : {1, 2, 3, 7, 64, 1000}) expect_exact_partition(count, parts);
}

TEST(StaticRange, MorePartsThanItemsLeavesTrailingPartsEmpty) {
  for (int i = 0; i < 7; ++i) {
    const auto [begin, end] = core::static_range(3, 7, i);
    EXPECT_EQ(end - begin, i < 3 ? 1 : 0) << "part " << i;
  }
}

TEST(FixedChunks, RoundsUp) {
  EXPECT_EQ(core::fixed_chunks(0, 64), 0);
  EXPECT_EQ(core::fixed_chunks(1, 64), 1);
  EXPECT_EQ(core::fixed_chunks(64, 64), 1);
  EXPECT_EQ(core::fixed_chunks(65, 64), 2);
}

}  // namespace
}  // namespace cnnkit::test
