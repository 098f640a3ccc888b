#include "common/shape_suite.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/list_parsing.hpp"
#include "common/shape_file.hpp"

namespace cnnkit::bench {
namespace {

int suite_rank(const std::string& stem) {
  static const char* const order[] = {"seeds", "signs_convnet", "resnet50", "vgg16", "alexnet", "eltwise"};
  for (int i = 0; i < 6; ++i)
    if (stem == order[i]) return i;
  return 6;
}

std::vector<Layer> read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ShapeError("cannot read shape file '" + path.string() + "'");
  std::stringstream text;
  text << in.rdbuf();
  return parse_shape_file(text.str(), path.stem().string());
}

std::string builtin_stems() {
  std::vector<std::string> stems;
  for (const auto& f : builtin_shape_files()) stems.push_back(f.stem);
  return join(stems, ", ");
}

}  // namespace

std::vector<ShapeFile> sort_shape_files(std::vector<ShapeFile> files) {
  std::stable_sort(files.begin(), files.end(), [](const ShapeFile& a, const ShapeFile& b) {
    const int ra = suite_rank(a.stem), rb = suite_rank(b.stem);
    return ra != rb ? ra < rb : a.stem < b.stem;
  });
  return files;
}

std::vector<Layer> load_shapes(const std::vector<std::string>& selectors) {
  std::vector<Layer> builtin;
  for (const auto& f : builtin_shape_files())
    for (auto& l : parse_shape_file(f.text, f.stem)) builtin.push_back(std::move(l));
  // The default suite is every layer (whose names must be unique across files, too).
  const std::vector<std::string> everything{".*"};

  std::vector<Layer> chosen;
  auto add = [&](const Layer& l) {
    for (const auto& c : chosen) {
      if (c.name != l.name) continue;
      if (c.source == l.source) return;  // chosen twice by overlapping selectors
      throw ShapeError("two layers are named '" + l.name + "': " + c.source + " and " + l.source);
    }
    chosen.push_back(l);
  };
  for (const auto& sel : selectors.empty() ? everything : selectors) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(sel, ec)) {
      for (const auto& l : read_file(sel)) add(l);
      continue;
    }
    const std::string stem = sel.size() > 4 && sel.ends_with(".txt") ? sel.substr(0, sel.size() - 4) : sel;
    bool matched = false;
    for (const auto& l : builtin)
      if (l.file == stem) {
        add(l);
        matched = true;
      }
    if (matched) continue;
    std::regex pattern;
    try {
      pattern = std::regex(sel);
    } catch (const std::regex_error&) {
      throw ShapeError("shape selector '" + sel + "': not a file, a built-in shape file (" + builtin_stems() +
                       ") or a valid regular expression");
    }
    for (const auto& l : builtin)
      if (std::regex_search(l.name, pattern)) {
        add(l);
        matched = true;
      }
    if (!matched)
      throw ShapeError("shape selector '" + sel + "' matches no file, built-in shape file (" + builtin_stems() +
                       ") or layer name");
  }
  return chosen;
}

}  // namespace cnnkit::bench
