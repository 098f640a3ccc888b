// The shape suite: the shape files built into the tools (bench/shapes/*.txt, embedded at build
// time) and the selection of layers from them by file, path or layer name.
#pragma once

#include <string>
#include <vector>

#include "common/layer.hpp"

namespace cnnkit::bench {

struct ShapeFile {
  std::string stem;  // "resnet50"
  std::string text;
};

// Every file of bench/shapes, in the suite's order (see sort_shape_files).
std::vector<ShapeFile> builtin_shape_files();

// The suite's order: seeds, signs_convnet, resnet50, vgg16, alexnet, eltwise, then any other
// file by name (so a new file joins the default suite without an edit here).
std::vector<ShapeFile> sort_shape_files(std::vector<ShapeFile> files);

// The layers chosen by `selectors` (all built-in files when empty). Each selector is, tried in
// this order: a path to a shape file; the stem of a built-in file ("resnet50"); a regular
// expression searched in the layer names of the built-in files ("resnet_3x3", "^seed_pool").
// Throws ShapeError when a selector matches nothing or two chosen layers share a name.
std::vector<Layer> load_shapes(const std::vector<std::string>& selectors);

}  // namespace cnnkit::bench
