#include "core/tuning_key.hpp"

#include "core/registry_index.hpp"
#include "core/threading.hpp"

namespace cnnkit::core {

int tuning_thread_count(ThreadingPolicy policy, const Exec& exec) {
  switch (policy) {
    case ThreadingPolicy::serial:
      return 1;
    case ThreadingPolicy::tbb:
      return resolve_num_threads(Threading::tbb, exec);
    default:  // automatic and openmp: OpenMP's default when unset (its threaded variants come first)
      return resolve_num_threads(Threading::openmp, exec);
  }
}

std::string tuning_key(OpId op, DType dtype, const Context& ctx, const Exec& exec, const std::string& problem) {
  std::string key = to_string(op);
  key += '\t';
  key += to_string(dtype);
  key += '\t';
  key += to_string(effective_isa(ctx));
  key += '\t';
  key += to_string(exec.policy);
  key += '\t';
  key += std::to_string(tuning_thread_count(exec.policy, exec));
  key += '\t';
  key += problem;
  return key;
}

}  // namespace cnnkit::core
