// The dispatch table, seen from outside: which variants exist for an op, which can run here,
// and what ran last. Every op has one ordered registry per dtype; a call runs the first entry
// the CPU supports (within the ISA cap and threading policy) that accepts the problem. The
// reference loop nest is last and accepts everything. Controls live on cnnkit::Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cnnkit/export.hpp"

namespace cnnkit {

// ISA tiers, ordered: a variant built for tier X runs on any CPU whose tier is >= X.
enum class Isa : int {
  scalar = 0,    // plain C++ (the reference)
  sse4_2 = 1,    // SSE4.2
  avx2_fma = 2,  // AVX2 + FMA3
  avx512 = 3,    // AVX-512 F + CD + DQ + BW + VL (Skylake-X set), OS-enabled ZMM state
};

// How a variant uses threads.
enum class Threading : int { serial = 0, openmp = 1, tbb = 2 };

// Which threaded variants a context allows. Serial variants are always allowed.
enum class ThreadingPolicy : int {
  automatic = 0,  // any: the registry order decides
  serial = 1,     // serial variants only
  openmp = 2,     // serial and OpenMP variants
  tbb = 3,        // serial and oneTBB variants
};

enum class DType : int { f32 = 0, f64 = 1 };

// Autotuning (cnnkit/tuning.hpp): how an unforced call picks its variant.
enum class Tuning : int {
  off = 0,      // the registry's measured rules (the default; results depend only on the rules)
  measure = 1,  // the first call per key times every candidate and caches the fastest
};

// One registry per op (and per dtype).
enum class OpId : int {
  pad = 0,
  conv2d_fwd,
  conv2d_bwd_data,
  conv2d_bwd_weights,
  conv2d_bwd_bias,
  pool2d_fwd,
  pool2d_bwd,
  pool2d_fwd_indices,  // max pooling that also saves each winner's index
  pool2d_bwd_indices,  // max-pool backward from those indices
  relu_fwd,
  relu_bwd,
  dense_fwd,
  dense_bwd_data,
  dense_bwd_weights,
  dense_bwd_bias,
  softmax_xent,
  adam,
  count  // not an op
};
inline constexpr int op_count = static_cast<int>(OpId::count);

CNNKIT_API const char* to_string(Isa isa);
CNNKIT_API const char* to_string(Threading threading);
CNNKIT_API const char* to_string(ThreadingPolicy policy);
CNNKIT_API const char* to_string(DType dtype);
CNNKIT_API const char* to_string(Tuning tuning);
CNNKIT_API const char* to_string(OpId op);  // "conv2d_fwd"
CNNKIT_API std::optional<Isa> parse_isa(std::string_view name);
CNNKIT_API std::optional<ThreadingPolicy> parse_threading_policy(std::string_view name);
CNNKIT_API std::optional<OpId> parse_op(std::string_view name);
CNNKIT_API std::optional<Tuning> parse_tuning(std::string_view name);
CNNKIT_API std::optional<DType> parse_dtype(std::string_view name);
CNNKIT_API std::vector<OpId> all_ops();

// The best tier this CPU and OS support (CPUID feature bits plus XGETBV for the OS-saved
// register state), independent of any cap.
CNNKIT_API Isa detected_isa();

class Context;

struct VariantInfo {
  std::string name;  // "op.algorithm[.isa][.runtime]", e.g. "conv2d_fwd.ref"
  OpId op;
  DType dtype;
  Isa isa;  // the minimum tier it needs
  Threading threading;
  bool runnable;       // this CPU, the context's ISA cap and threading policy allow it
  std::string reason;  // why not, when !runnable
};

// Every variant of an op for a dtype, in selection order (the reference last).
CNNKIT_API std::vector<VariantInfo> list_variants(OpId op, DType dtype);
CNNKIT_API std::vector<VariantInfo> list_variants(OpId op, DType dtype, const Context& ctx);

// The name of the variant the calling thread ran last for this op (any dtype), or "" if none.
// For tests and profiling scripts that need to know what actually ran.
CNNKIT_API std::string last_variant(OpId op);

// Where verbose lines go. The default writes each line to stderr. The sink may be called from
// several threads at once (one call per op call); pass nullptr to restore the default.
using LogSink = void (*)(const char* line, void* user_data);
CNNKIT_API void set_log_sink(LogSink sink, void* user_data);

}  // namespace cnnkit
