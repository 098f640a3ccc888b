#include "compare/record.hpp"

namespace cnnkit::bench {

const char* to_string(RunStatus s) {
  switch (s) {
    case RunStatus::measured:
      return "measured";
    case RunStatus::skipped:
      return "skipped";
    case RunStatus::unavailable:
      return "n/a";
    case RunStatus::failed:
      return "failed";
  }
  return "?";
}

const char* to_string(Check c) {
  switch (c) {
    case Check::reference:
      return "ref";
    case Check::match:
      return "ok";
    case Check::mismatch:
      return "MISMATCH";
    case Check::unchecked:
      return "unchecked";
  }
  return "?";
}

const char* to_string(RowKind k) {
  switch (k) {
    case RowKind::forced:
      return "forced";
    case RowKind::plain:
      return "plain";
    case RowKind::engine:
      return "engine";
  }
  return "?";
}

}  // namespace cnnkit::bench
