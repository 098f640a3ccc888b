#include "common/help_layout.hpp"

#include <utility>

namespace cnnkit::bench {

HelpLayout::HelpLayout(std::size_t column, std::string value_separator)
    : column_(column), value_separator_(std::move(value_separator)) {}

std::string HelpLayout::make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const {
  std::string text = app->get_description();
  for (const CLI::Option* opt : app->get_options()) text += make_option(opt, false);
  return text + app->get_footer();
}

std::string HelpLayout::make_option(const CLI::Option* opt, bool) const {
  const std::string indent(column_, ' ');
  const auto& long_names = opt->get_lnames();
  std::string line = "  " + (long_names.empty() ? opt->get_name() : "--" + long_names.front());
  if (!opt->get_option_text().empty()) line += value_separator_ + opt->get_option_text();
  // At least two spaces between the name and its description, else the description goes below.
  line += line.size() + 2 <= column_ ? std::string(column_ - line.size(), ' ') : "\n" + indent;
  for (char c : opt->get_description()) line += c == '\n' ? "\n" + indent : std::string(1, c);
  return line + "\n";
}

}  // namespace cnnkit::bench
