#include "compare/busy_core.hpp"

#include <pthread.h>
#include <sched.h>

#include <cstring>

namespace cnnkit::bench {

int allowed_cpu_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

int last_allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  for (int cpu = CPU_SETSIZE - 1; cpu >= 0; --cpu)
    if (CPU_ISSET(cpu, &set)) return cpu;
  return -1;
}

BusyCore::BusyCore(int cpu) {
  thread_ = std::thread([this] {
    running_.store(true, std::memory_order_release);
    // A relaxed load per turn: the loop never leaves the CPU, like a compute-bound process.
    while (!stop_.load(std::memory_order_relaxed)) {
    }
  });
  if (cpu < 0) {
    pin_problem_ = "the affinity mask could not be read";
  } else {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (const int rc = pthread_setaffinity_np(thread_.native_handle(), sizeof set, &set); rc != 0)
      pin_problem_ = std::string("pthread_setaffinity_np: ") + std::strerror(rc);
  }
  while (!running_.load(std::memory_order_acquire)) std::this_thread::yield();
}

BusyCore::~BusyCore() {
  stop_.store(true, std::memory_order_relaxed);
  thread_.join();
}

}  // namespace cnnkit::bench
