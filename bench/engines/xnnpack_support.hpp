// What the XNNPACK engine's op families share (internal to bench/engines/xnnpack_*.cpp): owned
// operators and thread pools, status checks, and the operator a family creates and sets up.
#pragma once

#include <pthreadpool.h>
#include <xnnpack.h>

#include <memory>
#include <string>

#include "engines/engine.hpp"

namespace cnnkit::bench::xnnpack {

struct OperatorDeleter {
  void operator()(xnn_operator_t op) const { xnn_delete_operator(op); }
};
using Operator = std::unique_ptr<xnn_operator, OperatorDeleter>;

struct PoolDeleter {
  void operator()(pthreadpool_t pool) const { pthreadpool_destroy(pool); }
};
using ThreadPool = std::unique_ptr<pthreadpool, PoolDeleter>;

const char* status_name(xnn_status s);

// Throws EngineDeclines("XNNPACK <what>: <status>") unless `s` is success. XNNPACK rejects what
// it cannot express (e.g. 1x1 max pooling) with invalid or unsupported parameter.
void check(xnn_status s, const char* what);

// A created operator, set up on the case's buffers and the run's pool, and what it is.
struct Setup {
  Operator op;
  std::string implementation;
};

// The case's buffer in `role` as float data (null when the case has none, e.g. no bias).
const float* input_f32(const OpCase& c, Role role);
float* output_f32(const OpCase& c, Role role);

// The families (one file each). Each expects f32 and the layer kind of its op. `pool` is null
// for one thread.
Setup convolution(const ConvLayer& l, const OpCase& c, pthreadpool_t pool);
// Convolution backward data as XNNPACK's transposed convolution (deconvolution2d).
Setup transposed_convolution(const ConvLayer& l, const OpCase& c, pthreadpool_t pool);
Setup fully_connected(const DenseLayer& l, const OpCase& c, pthreadpool_t pool);
Setup pooling(const PoolLayer& l, const OpCase& c, pthreadpool_t pool);
Setup relu(const EltwiseLayer& l, const OpCase& c, pthreadpool_t pool);
Setup constant_pad(const PadLayer& l, const OpCase& c, pthreadpool_t pool);

}  // namespace cnnkit::bench::xnnpack
