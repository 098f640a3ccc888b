#include "gbench/gbench_flags.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/help_layout.hpp"
#include "common/list_parsing.hpp"

namespace cnnkit::bench {
namespace {

// Our flags (with their help text) on `app`; everything else is left for Google Benchmark.
void define_flags(CLI::App& app, GbenchFlags& f) {
  app.formatter(std::make_shared<HelpLayout>(31, "="));
  app.description("cnnkit flags:\n");
  app.footer("Case names: op/variant/shape/dtype/threads:N, e.g. --benchmark_filter='conv2d_fwd/.*/resnet_3x3_56/'\n");
  app.set_help_flag();  // --help is Google Benchmark's too: it stays among the arguments passed on
  app.allow_extras();
  // A repeated flag's last value wins; --cnnkit_probe takes no value.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->disable_flag_override();
  app.add_option_function<std::string>(
         "--cnnkit_dtype",
         [&f](const std::string& v) {
           if (v == "all") {
             f.dtypes = {DType::f32, DType::f64};
           } else {
             f.dtypes = {v == "f32" ? DType::f32 : DType::f64};
           }
         },
         "element type(s) (default f32)")
      ->check(CLI::IsMember({"f32", "f64", "all"}))
      ->option_text("f32|f64|all");
  app.add_option_function<std::string>(
         "--cnnkit_shapes", [&f](const std::string& v) { f.shapes = split_list(v); },
         "shape files, built-in file names (corpus and corpus_sample only when\n"
         "named), FILE:REGEX or layer-name regexes (default: the default suite)")
      ->option_text("A,B,...");
  app.add_option_function<std::string>(
         "--cnnkit_threads",
         [&f](const std::string& v) {
           try {
             f.threads = parse_thread_counts(v, "--cnnkit_threads");
           } catch (const std::invalid_argument& e) {
             throw CLI::ValidationError(e.what());
           }
         },
         "thread counts for threaded variants (default 1,2)")
      ->option_text("1,2");
  app.add_flag("--cnnkit_probe", f.probe, "measure the FMA peak and STREAM copy first; adds a %peak counter");
}

}  // namespace

GbenchFlags parse_gbench_flags(int argc, const char* const* argv) {
  GbenchFlags flags;
  CLI::App app;
  define_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    throw std::invalid_argument(e.what());
  }
  std::vector<std::string> rest = app.remaining();
  // A misspelt flag of ours would otherwise reach Google Benchmark, which reports it less helpfully.
  const auto ours = std::find_if(rest.begin(), rest.end(), [](const std::string& a) { return a.starts_with("--cnnkit_"); });
  if (ours != rest.end()) throw std::invalid_argument("unknown flag '" + *ours + "'\n" + gbench_flags_help());
  flags.help = std::find(rest.begin(), rest.end(), "--help") != rest.end();
  flags.benchmark_args = {argc > 0 ? argv[0] : "cnnkit_benchmarks"};
  flags.benchmark_args.insert(flags.benchmark_args.end(), rest.begin(), rest.end());
  return flags;
}

std::string gbench_flags_help() {
  GbenchFlags unused;
  CLI::App app;
  define_flags(app, unused);
  return app.help();
}

}  // namespace cnnkit::bench
