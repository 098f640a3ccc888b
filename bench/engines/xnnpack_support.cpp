#include "engines/xnnpack_support.hpp"

namespace cnnkit::bench::xnnpack {

const char* status_name(xnn_status s) {
  switch (s) {
    case xnn_status_success:
      return "success";
    case xnn_status_uninitialized:
      return "uninitialized";
    case xnn_status_invalid_parameter:
      return "invalid parameter";
    case xnn_status_invalid_state:
      return "invalid state";
    case xnn_status_unsupported_parameter:
      return "unsupported parameter";
    case xnn_status_unsupported_hardware:
      return "unsupported hardware";
    case xnn_status_out_of_memory:
      return "out of memory";
  }
  return "unknown status";
}

void check(xnn_status s, const char* what) {
  if (s != xnn_status_success) throw EngineDeclines(std::string("XNNPACK ") + what + ": " + status_name(s));
}

const float* input_f32(const OpCase& c, Role role) { return static_cast<const float*>(c.buffer(role).data); }
float* output_f32(const OpCase& c, Role role) { return static_cast<float*>(c.buffer(role).data); }

}  // namespace cnnkit::bench::xnnpack
