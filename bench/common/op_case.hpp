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

// The roles of a case's buffers, so that another engine (bench/engines) can run the same op on
// the same inputs and leave its outputs where snapshot() reads them. The layouts are cnnkit's:
// NHWC activations, HWIO conv weights, (n_in, n_out) dense weights, row-major matrices. In place
// (ReLU with inplace=1), the output role names the input's buffer.
enum class Role { x, w, bias, y, dy, dx, dw, db };

struct BufferRef {
  void* data = nullptr;  // of the case's dtype
  std::int64_t count = 0;
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

  // The buffer that plays `role` in this case, or an empty one (null data) when none does.
  virtual BufferRef buffer(Role role) const = 0;
};

// The ops a layer feeds, in OpId order (e.g. a conv layer: the four conv2d ops).
std::vector<OpId> ops_of(const Layer& layer);

// Fills the buffers of the output roles (y, dx, dw, db) with NaN, so that a call which leaves
// them untouched cannot pass the check with the results of an earlier call (the reference's).
// Callers restore the inputs afterwards: in place, an output role is an input's buffer.
void poison_outputs(OpCase& c);

// Allocates and fills the case of `op` on `layer`. `op` must be one of ops_of(layer).
// Throws std::bad_alloc if the buffers do not fit in memory.
std::unique_ptr<OpCase> make_op_case(OpId op, const Layer& layer, DType dtype);

}  // namespace cnnkit::bench
