#include "reference/reference_context.hpp"

#include <string>

namespace cnnkit::test {

const Context& reference_context() {
  static const Context ctx = [] {
    // defaults(): the environment (CNNKIT_VARIANT, ...) must not change what these tests run.
    Context c = Context::defaults();
    for (const OpId op : all_ops()) c.force_variant(op, std::string(to_string(op)) + ".ref");
    return c;
  }();
  return ctx;
}

}  // namespace cnnkit::test
