// --list: the ops with their variants (registry order; runnable here or why not), the engines
// (available or why not) and the layers of the selected shape files with the ops each feeds.
#pragma once

#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "common/layer.hpp"
#include "compare/engine_selection.hpp"

namespace cnnkit::bench {

std::string list_report(const std::vector<Layer>& layers, DType dtype, const Context& base,
                        const std::vector<EngineInfo>& engines);

}  // namespace cnnkit::bench
