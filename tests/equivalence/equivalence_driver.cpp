#include "equivalence_driver.hpp"

#include <cstdio>

namespace cnnkit::test::equiv::detail {

std::string show_bound(double tolerance) {
  char text[40];
  std::snprintf(text, sizeof text, "|diff| <= %.3g", tolerance);
  return text;
}

std::string element_name(const std::string& arg, const std::vector<std::int64_t>& dims, const std::string& dim_names,
                         std::int64_t index) {
  std::string s = name_of(arg, "[", index, "]");
  if (dims.size() < 2 || dim_names.size() != dims.size()) return s;
  std::vector<std::int64_t> coords(dims.size());
  std::int64_t rest = index;
  for (std::size_t d = dims.size(); d-- > 0;) {
    coords[d] = rest % dims[d];
    rest /= dims[d];
  }
  s += " (";
  for (std::size_t d = 0; d < dims.size(); ++d)
    s += name_of(d ? ", " : "", dim_names[d], "=", coords[d]);
  return s + ")";
}

std::string isa_skip_reason(Isa needed) {
  return name_of("needs ISA tier ", to_string(needed), " (", static_cast<int>(needed), "); this CPU supports up to ",
                 to_string(detected_isa()));
}

}  // namespace cnnkit::test::equiv::detail
