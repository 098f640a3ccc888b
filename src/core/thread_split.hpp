// How a threaded variant cuts its work for core::parallel_for, in a form the thread plan query can
// read: the items it hands to parallel_for, the grain, what one item is, and (for the query only)
// what each item costs. Each threaded driver computes its parallel_for count with the same
// function its registry entry's `split` calls, so the plan the query reports is the one the
// variant runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cnnkit::core {

struct ThreadSplit {
  std::int64_t items = 0;  // the count passed to parallel_for
  std::int64_t grain = 1;  // the grain passed to parallel_for
  // What one item is ("image x band of 4 output rows x group"): filled, like item_work, only when
  // the query asks (with_work); a driver's call skips the string, which costs more than a
  // microsecond-long call can spare.
  std::string unit;
  // Relative cost of each item (any unit: FLOPs, bytes, elements), filled when the query asks;
  // empty = every item costs the same. Only the ratios matter.
  std::vector<double> item_work;
  // A fixed cost every chunk pays before its first item (a ring warm-up, a band fill), in
  // item_work's unit (an item costs 1 when item_work is empty); 0 = none worth counting.
  double chunk_work = 0;
};

}  // namespace cnnkit::core
