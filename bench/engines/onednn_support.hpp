// What the oneDNN engine's op families share (internal to bench/engines/onednn_*.cpp): the CPU
// engine and stream, the thread-count scope, memory objects over a case's buffers, and the
// prepared call every family returns.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engines/engine.hpp"

namespace cnnkit::bench::onednn {

using dnnl::memory;
using Tag = memory::format_tag;

// Debian's oneDNN runs on OpenMP (DNNL_CPU_RUNTIME OMP): a primitive sizes its work split by
// omp_get_max_threads() when it is created and uses that many threads when it runs. This scope
// sets the calling thread's OpenMP thread count for the life of a prepared run and puts the old
// value back; it is per-thread OpenMP state, and cnnkit's own parallel regions name their team
// size explicitly (src/core/threading_openmp.cpp), so nothing else sees the change.
class OmpThreads {
 public:
  explicit OmpThreads(int threads);
  ~OmpThreads();
  OmpThreads(const OmpThreads&) = delete;
  OmpThreads& operator=(const OmpThreads&) = delete;

 private:
  int saved_;
};

// The CPU engine and its in-order stream, shared by every prepared run.
struct Device {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

// What a family builds for one case: the primitive with its arguments (memory over the case's
// buffers, weights already in the primitive's layout), and the reorders that bring outputs the
// primitive wrote in its own layout back into the case's buffers.
struct Call {
  dnnl::primitive primitive;
  std::unordered_map<int, memory> args;
  std::string implementation;
  std::vector<std::pair<memory, memory>> publish;  // (from, to) reorders after a checked call
};

// The case's buffer in `role` as float data; throws when the case has none.
float* f32_buffer(const OpCase& c, Role role);

// A memory object over a case's buffer (no copy), or one the library allocates when `data` is null.
memory user_memory(Device& d, const memory::dims& dims, Tag tag, float* data);

// `from` in the layout `want`: returns `from` itself when the layouts agree, else a new memory
// filled by an (untimed) reorder.
memory reordered(Device& d, memory from, const memory::desc& want);

// The implementation oneDNN chose ("brgconv:avx512_core"), and with `what` the layout it chose
// for that tensor ("brgconv:avx512_core, weights Acdb16a").
std::string describe(const char* impl);
std::string describe(const char* impl, const char* what, const memory::desc& layout);

// The families (one file each). Each expects f32 and the layer kind of its op.
Call conv_call(Device& d, OpId op, const ConvLayer& l, const OpCase& c);
Call pool_call(Device& d, OpId op, const PoolLayer& l, const OpCase& c);
Call relu_call(Device& d, OpId op, const EltwiseLayer& l, const OpCase& c);
Call inner_product_call(Device& d, OpId op, const DenseLayer& l, const OpCase& c);
// db = dy summed over all but dimension 1 (the channel), dy of `dy_dims` in layout `tag`.
Call bias_gradient_call(Device& d, const memory::dims& dy_dims, Tag tag, const OpCase& c);

}  // namespace cnnkit::bench::onednn
