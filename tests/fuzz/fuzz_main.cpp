// cnnkit's differential fuzzer (libFuzzer). Each input picks an op (or the seeds' helpers, or the
// geometry functions), an element type, valid or hostile geometry, tensor contents with special
// values, and a context (API, ISA cap, threading runtime and thread count, forced variant); the
// call is then checked against the forced reference (fuzz_run.hpp). A finding prints what broke
// and aborts, so libFuzzer saves the input as a crash file that reproduces it.
#include <cstddef>
#include <cstdint>

#include "fuzz_ops.hpp"
#include "fuzz_run.hpp"

namespace cnnkit::fuzz {
namespace {

template <class T>
Case build(FuzzInput& in, int what) {
  if (what == op_count) return seed_helper_case<T>(in);
  const OpId op = static_cast<OpId>(what);
  switch (op) {
    case OpId::conv2d_fwd:
    case OpId::conv2d_bwd_data:
    case OpId::conv2d_bwd_weights:
    case OpId::conv2d_bwd_bias: return conv2d_case<T>(in, op);
    case OpId::pool2d_fwd:
    case OpId::pool2d_bwd:
    case OpId::pool2d_fwd_indices:
    case OpId::pool2d_bwd_indices: return pool2d_case<T>(in, op);
    case OpId::pad:
    case OpId::relu_fwd:
    case OpId::relu_bwd: return eltwise_case<T>(in, op);
    case OpId::dense_fwd:
    case OpId::dense_bwd_data:
    case OpId::dense_bwd_weights:
    case OpId::dense_bwd_bias: return dense_case<T>(in, op);
    default: return training_case<T>(in, op);
  }
}

}  // namespace
}  // namespace cnnkit::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cnnkit::fuzz;
  FuzzInput in(data, size);
  const int what = in.pick<int>(0, cnnkit::op_count + 1);  // the ops, the seeds' helpers, geometry
  in.set_hostile(in.pick<int>(0, 3) == 0);
  if (what == cnnkit::op_count + 1) {
    check_geometry(in);
    return 0;
  }
  const bool f64 = in.flag();
  const Case c = f64 ? build<double>(in, what) : build<float>(in, what);
  const Settings s = draw_settings(in, c.op, c.dtype);
  run_case(c, s);
  return 0;
}
