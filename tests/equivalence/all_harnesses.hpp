// Every op's equivalence harness. core::for_each_op over Harness<Op> fails to compile when an op
// is added without one, so no registered op escapes the driver.
#pragma once

#include "adam_harness.hpp"
#include "conv2d_harness.hpp"
#include "dense_harness.hpp"
#include "pad_harness.hpp"
#include "pool2d_harness.hpp"
#include "pool2d_indices_harness.hpp"
#include "relu_harness.hpp"
#include "softmax_xent_harness.hpp"
