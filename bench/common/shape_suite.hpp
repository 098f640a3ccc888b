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

// Whether a built-in file joins the default selection (no selectors). The layer corpus
// (corpus, corpus_sample: hundreds of layers, hours for every variant) is opt-in: it runs only
// when a selector names it.
bool in_default_suite(const std::string& stem);

// The suite's order: seeds, signs_convnet, resnet50, vgg16, alexnet, eltwise, then any other
// default file by name (so a new file joins the default suite without an edit here), then the
// opt-in files.
std::vector<ShapeFile> sort_shape_files(std::vector<ShapeFile> files);

// A built-in file as --list reports it.
struct ShapeFileInfo {
  std::string stem;
  std::size_t layers = 0;  // as the tools count them (a mode=max,avg pool line is two)
  bool in_default = false;
};
std::vector<ShapeFileInfo> builtin_shape_file_infos();

// The layers chosen by `selectors` (the default suite's files when empty). Each selector is,
// tried in this order: a path to a shape file; the stem of a built-in file ("resnet50",
// "corpus"); STEM:REGEX, a regular expression searched in the layer names of one built-in file
// ("corpus:^resnet50\."); a regular expression searched in the layer names of the default
// suite's files ("resnet_3x3", "^seed_pool"). A layer chosen twice (overlapping selectors, or
// the same name with the same geometry in two files, as corpus and corpus_sample) is kept once,
// where it was first chosen. Throws ShapeError when a selector matches nothing or two chosen
// layers share a name but not their geometry.
std::vector<Layer> load_shapes(const std::vector<std::string>& selectors);

}  // namespace cnnkit::bench
