// Runs a fuzz case and checks it: the forced reference decides what is valid and what is right.
//  - The reference fails: the call under test must fail with the same status, outputs untouched.
//  - The reference succeeds: the call must succeed (or, for a forced variant, decline with
//    `unsupported`, outputs untouched) and match the reference: bitwise for selection and copy ops,
//    within the rounding bound gamma_k * sum|terms| for sums of products, loosely for softmax/Adam.
//  - Inputs are never written (except in-place tensors).
//  - The same settings at 1 and at 3 threads give the same bits when the same variant family ran.
#pragma once

#include "fuzz_case.hpp"

namespace cnnkit::fuzz {

// Settings drawn from the input: API, ISA cap, threading policy, thread count, forced variant.
Settings draw_settings(FuzzInput& in, OpId op, DType dtype);

// Returns false when the case was skipped (a tensor too large to allocate).
bool run_case(const Case& c, const Settings& tested);

}  // namespace cnnkit::fuzz
