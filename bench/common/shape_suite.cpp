#include "common/shape_suite.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>

#include "common/list_parsing.hpp"
#include "common/shape_file.hpp"

namespace cnnkit::bench {
namespace {

// The opt-in files, in their order after the default suite.
constexpr const char* opt_in_files[] = {"corpus", "corpus_sample", "pool_classes"};

int suite_rank(const std::string& stem) {
  static const char* const order[] = {"seeds", "signs_convnet", "resnet50", "vgg16", "alexnet", "eltwise"};
  for (int i = 0; i < 6; ++i)
    if (stem == order[i]) return i;
  for (int i = 0; i < static_cast<int>(std::size(opt_in_files)); ++i)
    if (stem == opt_in_files[i]) return 7 + i;
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
  std::vector<std::string> stems, opt_in;
  for (const auto& f : builtin_shape_files()) (in_default_suite(f.stem) ? stems : opt_in).push_back(f.stem);
  return join(stems, ", ") + (opt_in.empty() ? "" : "; not in the default suite: " + join(opt_in, ", "));
}

std::regex compile(const std::string& pattern, const std::string& selector) {
  try {
    return std::regex(pattern);
  } catch (const std::regex_error&) {
    throw ShapeError("shape selector '" + selector + "': not a file, a built-in shape file (" + builtin_stems() +
                     "), STEM:REGEX or a valid regular expression");
  }
}

// "corpus:^resnet50\." -> {"corpus", "^resnet50\."} when the part before the first ':' is a
// built-in file's stem (a regex such as "(?:a|b)" has no stem before its colon).
std::optional<std::pair<std::string, std::string>> stem_and_regex(const std::string& sel,
                                                                  const std::vector<Layer>& builtin) {
  const auto colon = sel.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string stem = sel.substr(0, colon);
  for (const auto& l : builtin)
    if (l.file == stem) return std::make_pair(stem, sel.substr(colon + 1));
  return std::nullopt;
}

}  // namespace

bool in_default_suite(const std::string& stem) {
  return std::find(std::begin(opt_in_files), std::end(opt_in_files), stem) == std::end(opt_in_files);
}

std::vector<ShapeFile> sort_shape_files(std::vector<ShapeFile> files) {
  std::stable_sort(files.begin(), files.end(), [](const ShapeFile& a, const ShapeFile& b) {
    const int ra = suite_rank(a.stem), rb = suite_rank(b.stem);
    return ra != rb ? ra < rb : a.stem < b.stem;
  });
  return files;
}

std::vector<ShapeFileInfo> builtin_shape_file_infos() {
  std::vector<ShapeFileInfo> infos;
  for (const auto& f : builtin_shape_files())
    infos.push_back({f.stem, parse_shape_file(f.text, f.stem).size(), in_default_suite(f.stem)});
  return infos;
}

std::vector<Layer> load_shapes(const std::vector<std::string>& selectors) {
  std::vector<Layer> builtin;
  for (const auto& f : builtin_shape_files())
    for (auto& l : parse_shape_file(f.text, f.stem)) builtin.push_back(std::move(l));

  std::vector<Layer> chosen;
  auto add = [&](const Layer& l) {
    for (const auto& c : chosen) {
      if (c.name != l.name) continue;
      // Chosen twice by overlapping selectors, or the same layer in two files (corpus_sample
      // repeats corpus layers): one layer.
      if (c.source == l.source || same_geometry(c.spec, l.spec)) return;
      throw ShapeError("two layers are named '" + l.name + "' with different geometry: " + c.source + " (" +
                       summarize(c) + ") and " + l.source + " (" + summarize(l) + ")");
    }
    chosen.push_back(l);
  };
  if (selectors.empty()) {  // the default suite: every layer of the default files
    for (const auto& l : builtin)
      if (in_default_suite(l.file)) add(l);
    return chosen;
  }
  for (const auto& sel : selectors) {
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
    if (const auto scoped = stem_and_regex(sel, builtin)) {
      const std::regex pattern = compile(scoped->second, sel);
      for (const auto& l : builtin)
        if (l.file == scoped->first && std::regex_search(l.name, pattern)) {
          add(l);
          matched = true;
        }
      if (!matched)
        throw ShapeError("shape selector '" + sel + "' matches no layer name of the built-in file " + scoped->first);
      continue;
    }
    const std::regex pattern = compile(sel, sel);
    std::vector<std::string> elsewhere;  // opt-in files whose layers it would match
    for (const auto& l : builtin) {
      if (!std::regex_search(l.name, pattern)) continue;
      if (in_default_suite(l.file)) {
        add(l);
        matched = true;
      } else if (std::find(elsewhere.begin(), elsewhere.end(), l.file) == elsewhere.end()) {
        elsewhere.push_back(l.file);
      }
    }
    if (!matched)
      throw ShapeError("shape selector '" + sel + "' matches no file, built-in shape file (" + builtin_stems() +
                       ") or layer name of the default suite" +
                       (elsewhere.empty() ? std::string()
                                          : "; it matches layers of " + join(elsewhere, ", ") + ": select them with " +
                                                elsewhere.front() + ":" + sel));
  }
  return chosen;
}

}  // namespace cnnkit::bench
