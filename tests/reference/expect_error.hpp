// Asserting that a call is rejected with cnnkit::Error (invalid_argument).
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "cnnkit/error.hpp"

namespace cnnkit::test {

template <class F>
void expect_invalid_argument(F&& call, const std::string& what) {
  try {
    call();
  } catch (const cnnkit::Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument) << what << ": " << e.what();
    return;
  }
  ADD_FAILURE() << what << ": accepted, expected a cnnkit::Error";
}

}  // namespace cnnkit::test
