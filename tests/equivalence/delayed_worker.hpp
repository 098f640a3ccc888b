// A scoped chunk hook that delays one worker of every parallel_for: part 1, when it runs off the
// calling thread, sleeps before each chunk it has claimed, holding it, so the other threads claim
// the rest (what a descheduled thread looks like to the dynamic schedule). The sleep stays under
// the late-thread governor's threshold, so the team is not shrunk by the test itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>

#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"

namespace cnnkit::test::equiv {

class DelayedWorker {
 public:
  DelayedWorker() {
    core::reset_governor();
    core::set_chunk_hook(&hook);
  }
  ~DelayedWorker() { core::set_chunk_hook(nullptr); }
  DelayedWorker(const DelayedWorker&) = delete;
  DelayedWorker& operator=(const DelayedWorker&) = delete;

 private:
  static void hook(int part, bool on_caller, std::int64_t) {
    if (part == 1 && !on_caller) std::this_thread::sleep_for(std::chrono::microseconds(150));
  }
};

}  // namespace cnnkit::test::equiv
