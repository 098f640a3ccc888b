// Where the committed test data lives (tests/data, set at configure time).
#pragma once

#include <string>

namespace cnnkit::test {

// Absolute path of a file or folder under tests/data, e.g. data_path("fixtures/seeds").
std::string data_path(const std::string& relative);

}  // namespace cnnkit::test
