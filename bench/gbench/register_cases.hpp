// Registers one Google Benchmark case per (dtype, op, shape, variant, thread count), generated at
// run time from the variant registry and the shape files, named
//   op/variant/shape/dtype/threads:N     e.g. conv2d_fwd/conv2d_fwd.ref/resnet_3x3_56/f32/threads:1
// Each op's reference is registered first, so the others can report their speedup over it.
#pragma once

#include "common/machine_probe.hpp"
#include "gbench/gbench_flags.hpp"

namespace cnnkit::bench {

// `probe` may be null (no %peak counter). Returns the number of cases registered.
int register_cases(const GbenchFlags& flags, const MachineProbe* probe);

}  // namespace cnnkit::bench
