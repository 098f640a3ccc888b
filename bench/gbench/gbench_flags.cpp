#include "gbench/gbench_flags.hpp"

#include <stdexcept>

#include "common/list_parsing.hpp"

namespace cnnkit::bench {
namespace {

bool take_value(const std::string& arg, const std::string& flag, std::string& value) {
  const std::string prefix = flag + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

}  // namespace

GbenchFlags take_cnnkit_flags(int& argc, char** argv) {
  GbenchFlags flags;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    if (take_value(arg, "--cnnkit_dtype", value)) {
      if (value != "f32" && value != "f64" && value != "all")
        throw std::invalid_argument("--cnnkit_dtype: expected f32, f64 or all, got '" + value + "'");
      if (value == "all") {
        flags.dtypes = {DType::f32, DType::f64};
      } else {
        flags.dtypes = {value == "f32" ? DType::f32 : DType::f64};
      }
    } else if (take_value(arg, "--cnnkit_shapes", value)) {
      flags.shapes = split_list(value);
    } else if (take_value(arg, "--cnnkit_threads", value)) {
      flags.threads = parse_thread_counts(value, "--cnnkit_threads");
    } else if (arg == "--cnnkit_probe") {
      flags.probe = true;
    } else if (arg.rfind("--cnnkit_", 0) == 0) {
      throw std::invalid_argument("unknown flag '" + arg + "'\n" + gbench_flags_help());
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  return flags;
}

std::string gbench_flags_help() {
  return "cnnkit flags:\n"
         "  --cnnkit_dtype=f32|f64|all   element type(s) (default f32)\n"
         "  --cnnkit_shapes=A,B,...      shape files, built-in file names (corpus and corpus_sample only when\n"
         "                               named), FILE:REGEX or layer-name regexes (default: the default suite)\n"
         "  --cnnkit_threads=1,2         thread counts for threaded variants (default 1,2)\n"
         "  --cnnkit_probe               measure the FMA peak and STREAM copy first; adds a %peak counter\n"
         "Case names: op/variant/shape/dtype/threads:N, e.g. --benchmark_filter='conv2d_fwd/.*/resnet_3x3_56/'\n";
}

}  // namespace cnnkit::bench
