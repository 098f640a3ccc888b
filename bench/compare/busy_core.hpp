// A competing busy thread for cnnkit-bench --contention: another process's work keeping one core
// busy, as on a shared machine. It spins (no system calls, no sleeping) pinned to one CPU, from
// construction until destruction.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace cnnkit::bench {

// CPUs this process may run on (its affinity mask), or std::thread::hardware_concurrency()
// when the mask cannot be read; at least 1.
int allowed_cpu_count();

// The highest-numbered CPU of the affinity mask (-1 when it cannot be read).
int last_allowed_cpu();

class BusyCore {
 public:
  // Starts the spinner on `cpu` and returns once it runs there. If pinning fails (cpu < 0, or
  // the system refuses) it spins unpinned and pinned() says why.
  explicit BusyCore(int cpu);
  ~BusyCore();
  BusyCore(const BusyCore&) = delete;
  BusyCore& operator=(const BusyCore&) = delete;

  // Empty when the spinner is pinned to the CPU asked for; else why not.
  const std::string& pin_problem() const { return pin_problem_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::string pin_problem_;
  std::thread thread_;
};

}  // namespace cnnkit::bench
