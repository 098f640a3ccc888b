// cnnkit: CNN layer primitives for the CPU. The umbrella header of the C++ API.
#pragma once

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/prepack.hpp"
#include "cnnkit/tensor.hpp"
#include "cnnkit/thread_plan.hpp"
#include "cnnkit/tuning.hpp"
#include "cnnkit/version.hpp"
