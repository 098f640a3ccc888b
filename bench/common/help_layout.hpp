// The help text of both bench tools, laid out from their CLI11 apps (each option's value name
// and description live beside the option's definition):
//   <the app's description, verbatim>
//     --name VALUE     description, whose continuation lines
//                      are indented to the same column
//     --a-long-name VALUE
//                      (a name too long for the column puts the description on the next line)
//   <the app's footer, verbatim>
// Options show their long name only, in the order they were added.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace cnnkit::bench {

class HelpLayout : public CLI::Formatter {
 public:
  // column: where descriptions start; value_separator: between the name and the value name
  // (" " for "--ops A,B", "=" for "--cnnkit_dtype=f32|f64|all").
  HelpLayout(std::size_t column, std::string value_separator);

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;

 private:
  std::size_t column_;
  std::string value_separator_;
};

}  // namespace cnnkit::bench
