// A competitor engine in cnnkit-bench: another library that runs an op on the very buffers of an
// op case (common/op_case.hpp), so its output is checked against cnnkit's reference and its time
// sits in the same table as cnnkit's variants.
//
// An engine runs a case the way its own users run it: everything a user does once per layer
// (primitive creation, weight reordering or packing, pooling workspaces, thread pools) happens
// in prepare(), untimed; run() is the per-call work, timed. publish_outputs() (untimed) puts the
// outputs into the case's buffers in cnnkit's layouts when the engine wrote them elsewhere.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "common/layer.hpp"
#include "common/op_case.hpp"

namespace cnnkit::bench {

// Which side of the comparison a row is on: cnnkit's rows (forced variants and plain calls; the
// prepacked conv call is a plain call, compare/prepacked_call.hpp) or a competitor engine's.
enum class Side { cnnkit, competitor };

// prepare() cannot express this case (a semantic the engine lacks, a geometry it rejects, a dtype
// it does not have). The row shows "skipped: <reason>", or "n/a: <reason>" when `not_available`
// (the engine has no such primitive for this dtype at all).
class EngineDeclines : public std::runtime_error {
 public:
  explicit EngineDeclines(const std::string& reason, bool not_available = false)
      : std::runtime_error(reason), not_available_(not_available) {}
  bool not_available() const { return not_available_; }

 private:
  bool not_available_;
};

// One engine primitive bound to one case's buffers at one thread count.
class PreparedRun {
 public:
  virtual ~PreparedRun() = default;
  // One call, as the engine's users make it (timed).
  virtual void run() = 0;
  // Makes the last call's outputs readable by the case's snapshot() (untimed).
  virtual void publish_outputs() {}
  // The implementation the engine chose, e.g. oneDNN's "brgconv:avx512_core".
  virtual std::string implementation() const = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  // The row label and the --engines name: "onednn", "xnnpack".
  virtual std::string name() const = 0;
  // Version, threading runtime and the CPU path it takes, for the report's header.
  virtual std::string description() const = 0;
  // Empty when the engine has a primitive for `op`; otherwise why not (shown under the op's table).
  virtual std::string lacks(OpId op) const = 0;
  // Everything before the first call, untimed: reads the inputs (and writes the outputs) of `c`
  // through c.buffer(role). Throws EngineDeclines when the engine cannot run this case. The
  // engine's threading is set for `threads` threads while the returned object lives.
  virtual std::unique_ptr<PreparedRun> prepare(OpId op, const Layer& layer, OpCase& c, int threads) = 0;
};

}  // namespace cnnkit::bench
