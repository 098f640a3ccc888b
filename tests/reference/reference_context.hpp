// The context every reference test runs under: each op forced to its reference variant
// ("<op>.ref"), so these tests keep testing the oracle when faster variants are listed ahead of it.
#pragma once

#include "cnnkit/context.hpp"

namespace cnnkit::test {

const Context& reference_context();

}  // namespace cnnkit::test
