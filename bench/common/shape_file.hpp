// Shape files: one layer per line, `<kind> name=<name> key=value ...`, '#' starts a comment.
// The format and every key are documented in bench/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/layer.hpp"
#include "common/shape_fields.hpp"

namespace cnnkit::bench {

// Parses the text of a shape file whose stem is `file` (e.g. "resnet50"). Geometry is checked
// with cnnkit's own rules (conv2d_output_shape, ...). Throws ShapeError naming file:line.
std::vector<Layer> parse_shape_file(std::string_view text, const std::string& file);

}  // namespace cnnkit::bench
