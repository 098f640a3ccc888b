// An op case: one op on one layer in one dtype, with its buffers allocated, first-touched and
// filled once. run() is exactly one public-API call (validation and dispatch included), so a
// benchmark measures what a user's call costs. The same case object serves every variant and
// thread count of its (op, layer, dtype), so all of them see the same inputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "common/layer.hpp"

namespace cnnkit::bench {

// What one call does, for the rate column: floating-point operations (conv, dense: GFLOP/s) or
// bytes moved (everything else: GB/s).
enum class Metric { flops, bytes };

struct Work {
  Metric metric = Metric::bytes;
  double amount = 0;  // flops or bytes per call
};

// A case's outputs after a call, in double, for checking a variant against the reference.
struct Snapshot {
  std::vector<double> values;
};

class OpCase {
 public:
  virtual ~OpCase() = default;

  virtual OpId op() const = 0;
  virtual DType dtype() const = 0;
  virtual Work work() const = 0;

  // One call of the op through the public API, with this context (forced variant, threads).
  // Throws cnnkit::Error when the call fails (e.g. the forced variant declines the problem).
  virtual void run(const Context& ctx) = 0;

  // Puts back the inputs a call overwrites (in-place ops), so the next call sees the original
  // inputs; called before each checked call. Untimed.
  virtual void restore_inputs() {}

  // The outputs of the last call.
  virtual Snapshot snapshot() const = 0;
};

// The ops a layer feeds, in OpId order (e.g. a conv layer: the four conv2d ops).
std::vector<OpId> ops_of(const Layer& layer);

// Allocates and fills the case of `op` on `layer`. `op` must be one of ops_of(layer).
// Throws std::bad_alloc if the buffers do not fit in memory.
std::unique_ptr<OpCase> make_op_case(OpId op, const Layer& layer, DType dtype);

}  // namespace cnnkit::bench
