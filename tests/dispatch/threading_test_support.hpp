// Helpers for the threading-layer tests: index-coverage counters and a deadline that turns a
// deadlock into a test failure instead of a hung test run.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cnnkit::test {

// Counts how often each index of [0, count) is visited (atomically: bodies run concurrently).
class Coverage {
 public:
  explicit Coverage(std::int64_t count) : hits_(static_cast<std::size_t>(count)) {}
  void visit(std::int64_t begin, std::int64_t end) {
    calls_.fetch_add(1, std::memory_order_relaxed);
    for (std::int64_t i = begin; i < end; ++i) hits_[static_cast<std::size_t>(i)].fetch_add(1, std::memory_order_relaxed);
  }
  // "" when every index was visited exactly once, else the first offending index.
  std::string problem() const {
    for (std::size_t i = 0; i < hits_.size(); ++i) {
      const int h = hits_[i].load(std::memory_order_relaxed);
      if (h != 1) return "index " + std::to_string(i) + " visited " + std::to_string(h) + " times";
    }
    return "";
  }
  int calls() const { return calls_.load(std::memory_order_relaxed); }

 private:
  std::vector<std::atomic<int>> hits_;
  std::atomic<int> calls_{0};
};

// Runs `f` on a separate thread and fails (then ends the process, since the stuck thread cannot
// be reclaimed) if it has not finished within `seconds`.
template <class F>
void run_with_deadline(int seconds, F f) {
  struct State {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
  };
  auto state = std::make_shared<State>();
  std::thread worker([state, f]() mutable {
    f();
    std::lock_guard<std::mutex> lock(state->mutex);
    state->done = true;
    state->done_cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(state->mutex);
  if (!state->done_cv.wait_for(lock, std::chrono::seconds(seconds), [&] { return state->done; })) {
    std::fprintf(stderr, "deadlock: the nested parallel_for did not finish within %d s\n", seconds);
    std::fflush(stderr);
    std::_Exit(1);
  }
  lock.unlock();
  worker.join();
}

}  // namespace cnnkit::test
