// Names of the public enums: the spellings the environment variables, the C ABI and the
// verbose log use.
#include <array>
#include <string_view>

#include "cnnkit/dispatch.hpp"

namespace cnnkit {
namespace {

constexpr std::array<const char*, 4> kIsaNames = {"scalar", "sse4_2", "avx2_fma", "avx512"};
constexpr std::array<const char*, 3> kThreadingNames = {"serial", "openmp", "tbb"};
constexpr std::array<const char*, 4> kPolicyNames = {"auto", "serial", "openmp", "tbb"};
constexpr std::array<const char*, 2> kTuningNames = {"off", "measure"};
constexpr std::array<const char*, 2> kDTypeNames = {"f32", "f64"};
constexpr std::array<const char*, op_count> kOpNames = {
    "pad",           "conv2d_fwd",       "conv2d_bwd_data",   "conv2d_bwd_weights",
    "conv2d_bwd_bias", "pool2d_fwd",     "pool2d_bwd",        "pool2d_fwd_indices",
    "pool2d_bwd_indices", "relu_fwd",
    "relu_bwd",      "dense_fwd",        "dense_bwd_data",    "dense_bwd_weights",
    "dense_bwd_bias", "softmax_xent",    "adam"};

template <class Names>
const char* name_at(const Names& names, int index) {
  return index >= 0 && index < static_cast<int>(names.size()) ? names[index] : "invalid";
}

template <class E, class Names>
std::optional<E> find_name(const Names& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

const char* to_string(Isa isa) { return name_at(kIsaNames, static_cast<int>(isa)); }
const char* to_string(Threading t) { return name_at(kThreadingNames, static_cast<int>(t)); }
const char* to_string(ThreadingPolicy p) { return name_at(kPolicyNames, static_cast<int>(p)); }
const char* to_string(DType d) { return d == DType::f32 ? "f32" : d == DType::f64 ? "f64" : "invalid"; }
const char* to_string(OpId op) { return name_at(kOpNames, static_cast<int>(op)); }
const char* to_string(Tuning t) { return name_at(kTuningNames, static_cast<int>(t)); }
std::optional<Tuning> parse_tuning(std::string_view name) { return find_name<Tuning>(kTuningNames, name); }
std::optional<DType> parse_dtype(std::string_view name) { return find_name<DType>(kDTypeNames, name); }

std::optional<Isa> parse_isa(std::string_view name) { return find_name<Isa>(kIsaNames, name); }

std::optional<ThreadingPolicy> parse_threading_policy(std::string_view name) {
  if (name == "automatic") return ThreadingPolicy::automatic;
  if (name == "omp") return ThreadingPolicy::openmp;
  return find_name<ThreadingPolicy>(kPolicyNames, name);
}

std::optional<OpId> parse_op(std::string_view name) { return find_name<OpId>(kOpNames, name); }

std::vector<OpId> all_ops() {
  std::vector<OpId> ops;
  for (int i = 0; i < op_count; ++i) ops.push_back(static_cast<OpId>(i));
  return ops;
}

}  // namespace cnnkit
