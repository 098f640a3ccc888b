// cnnkit::Context: settings stored as atomics so that one context can be read by concurrent op
// calls while another thread changes it, without locks on the call path.
#include "cnnkit/context.hpp"

#include "cnnkit/error.hpp"
#include "core/environment.hpp"
#include "core/registry_index.hpp"

namespace cnnkit {

Context::Context(Defaults)
    : max_isa_(static_cast<int>(Isa::avx512)),
      threading_(static_cast<int>(ThreadingPolicy::automatic)),
      num_threads_(0),
      verbose_(false),
      tuning_(static_cast<int>(Tuning::off)) {
  for (auto& f : forced_) f.store(nullptr, std::memory_order_relaxed);
}

Context::Context() : Context(Defaults{}) { copy_from(global_context()); }

Context::Context(const Context& other) : Context(Defaults{}) { copy_from(other); }

Context& Context::operator=(const Context& other) {
  if (this != &other) copy_from(other);
  return *this;
}

Context Context::defaults() { return Context(Defaults{}); }

void Context::copy_from(const Context& other) {
  max_isa_.store(other.max_isa_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  threading_.store(other.threading_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  num_threads_.store(other.num_threads_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  verbose_.store(other.verbose_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  tuning_.store(other.tuning_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  for (int i = 0; i < op_count; ++i)
    forced_[i].store(other.forced_[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
}

Context& Context::set_max_isa(Isa isa) {
  if (static_cast<int>(isa) < static_cast<int>(Isa::scalar) || static_cast<int>(isa) > static_cast<int>(Isa::avx512))
    throw Error(Status::invalid_argument, "Context::set_max_isa: argument 'isa': expected one of "
                                          "scalar, sse4_2, avx2_fma, avx512, got value " +
                                              std::to_string(static_cast<int>(isa)));
  max_isa_.store(static_cast<int>(isa), std::memory_order_relaxed);
  return *this;
}

Isa Context::max_isa() const { return static_cast<Isa>(max_isa_.load(std::memory_order_relaxed)); }

Context& Context::force_variant(OpId op, std::string_view variant) {
  const int index = static_cast<int>(op);
  if (index < 0 || index >= op_count)
    throw Error(Status::invalid_argument, "Context::force_variant: argument 'op': expected an OpId, got value " +
                                              std::to_string(index));
  if (variant.empty() || variant == "auto") {
    forced_[index].store(nullptr, std::memory_order_relaxed);
    return *this;
  }
  const char* name = core::find_variant_name(op, variant);
  if (!name)
    throw Error(Status::invalid_argument, "Context::force_variant: argument 'variant': '" +
                                              std::string(variant) + "' is not a variant of " +
                                              to_string(op) + "; valid choices: " +
                                              core::variant_names_list(op) + " (or auto)");
  forced_[index].store(name, std::memory_order_relaxed);
  return *this;
}

Context& Context::force_variant(std::string_view op, std::string_view variant) {
  const auto id = parse_op(op);
  if (!id) {
    std::string ops;
    for (OpId o : all_ops()) ops += (ops.empty() ? "" : ", ") + std::string(to_string(o));
    throw Error(Status::invalid_argument, "Context::force_variant: argument 'op': '" + std::string(op) +
                                              "' is not an op; valid choices: " + ops);
  }
  return force_variant(*id, variant);
}

Context& Context::clear_forced_variants() {
  for (auto& f : forced_) f.store(nullptr, std::memory_order_relaxed);
  return *this;
}

std::string_view Context::forced_variant(OpId op) const {
  const int index = static_cast<int>(op);
  if (index < 0 || index >= op_count) return {};
  const char* name = forced_[index].load(std::memory_order_relaxed);
  return name ? std::string_view(name) : std::string_view();
}

Context& Context::set_threading(ThreadingPolicy policy) {
  const int value = static_cast<int>(policy);
  if (value < 0 || value > static_cast<int>(ThreadingPolicy::tbb))
    throw Error(Status::invalid_argument, "Context::set_threading: argument 'policy': expected one of auto, "
                                          "serial, openmp, tbb, got value " +
                                              std::to_string(value));
  threading_.store(value, std::memory_order_relaxed);
  return *this;
}

ThreadingPolicy Context::threading() const {
  return static_cast<ThreadingPolicy>(threading_.load(std::memory_order_relaxed));
}

Context& Context::set_num_threads(int num_threads) {
  if (num_threads < 0)
    throw Error(Status::invalid_argument, "Context::set_num_threads: argument 'num_threads': expected >= 0 "
                                          "(0 = the runtime's default), got " +
                                              std::to_string(num_threads));
  num_threads_.store(num_threads, std::memory_order_relaxed);
  return *this;
}

int Context::num_threads() const { return num_threads_.load(std::memory_order_relaxed); }

Context& Context::set_verbose(bool verbose) {
  verbose_.store(verbose, std::memory_order_relaxed);
  return *this;
}

bool Context::verbose() const { return verbose_.load(std::memory_order_relaxed); }

Context& Context::set_tuning(Tuning tuning) {
  const int value = static_cast<int>(tuning);
  if (value < 0 || value > static_cast<int>(Tuning::measure))
    throw Error(Status::invalid_argument, "Context::set_tuning: argument 'tuning': expected one of off, measure, "
                                          "got value " +
                                              std::to_string(value));
  tuning_.store(value, std::memory_order_relaxed);
  return *this;
}

Tuning Context::tuning() const { return static_cast<Tuning>(tuning_.load(std::memory_order_relaxed)); }

Context& global_context() {
  // Initialised on first use; a malformed environment variable throws here, so the first op
  // call reports it (and every later call, until it is fixed).
  static Context global = core::context_from_environment(Context::defaults());
  return global;
}

}  // namespace cnnkit
