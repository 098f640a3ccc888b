#include "support/test_data.hpp"

namespace cnnkit::test {

std::string data_path(const std::string& relative) { return std::string(CNNKIT_TEST_DATA_DIR) + "/" + relative; }

}  // namespace cnnkit::test
