// cnnkit-bench: every op's variants on the shape suite, one table per op (see options.cpp for
// the command line and bench/README.md for the conventions).
#include <algorithm>
#include <cstdio>
#include <exception>

#include "cnnkit/tuning.hpp"
#include "common/list_parsing.hpp"
#include "common/machine_probe.hpp"
#include "common/shape_fields.hpp"
#include "common/shape_suite.hpp"
#include "compare/contention.hpp"
#include "compare/engine_selection.hpp"
#include "compare/file_reports.hpp"
#include "compare/list_command.hpp"
#include "compare/name_filter.hpp"
#include "compare/options.hpp"
#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"
#include "compare/thread_plan_report.hpp"
#include "report/html_report.hpp"

namespace {

std::string list_of_ops() {
  std::vector<std::string> names;
  for (cnnkit::OpId op : cnnkit::all_ops()) names.emplace_back(cnnkit::to_string(op));
  return cnnkit::bench::join(names, ", ");
}

// The command line as typed (arguments with spaces or quotes in single quotes), for the report.
std::string command_line(int argc, char** argv) {
  std::vector<std::string> words;
  for (int i = 0; i < argc; ++i) {
    std::string w = i == 0 ? std::string("cnnkit-bench") : std::string(argv[i]);
    if (w.find_first_of(" '\"$|*?") != std::string::npos) w = "'" + w + "'";
    words.push_back(w);
  }
  return cnnkit::bench::join(words, " ");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cnnkit::bench;
  Options options;
  std::vector<cnnkit::bench::Layer> layers;
  std::vector<EngineEntry> known;
  EngineSelection engines;
  try {
    options = parse_options(argc, argv);
    if (options.help) {
      std::fputs(usage_text().c_str(), stdout);
      return 0;
    }
    layers = load_shapes(options.shapes);
    known = known_engines(options.max_isa);
    engines = select_engines(options.engines, known);
    if (const auto keep = name_filter(options.ops, "--ops")) {
      const auto ops = cnnkit::all_ops();
      if (std::none_of(ops.begin(), ops.end(), [&](cnnkit::OpId op) { return keep(cnnkit::to_string(op)); }))
        throw UsageError("--ops: no op matches; ops are " + list_of_ops());
    }
    if (options.list) {
      std::fputs(list_report(layers, options.dtype, base_context(options), engines.known).c_str(), stdout);
      return 0;
    }
    if (!options.thread_plan.empty()) return run_thread_plan_command(options, layers);
    if (!options.report_dir.empty()) prepare_report_dir(options.report_dir);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "cnnkit-bench: %s\n(see cnnkit-bench --help)\n", e.what());
    return 2;
  } catch (const ShapeError& e) {
    std::fprintf(stderr, "cnnkit-bench: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnnkit-bench: %s\n", e.what());
    return 2;
  }

  try {
    if (options.contention) return run_contention_command(options, layers, engines);
    const MachineProbe probe = probe_machine(options.dtype, options.threads, options.quick);
    std::fputs(probe_report(probe).c_str(), stdout);
    std::fputs(engines_report(engines.known).c_str(), stdout);
    std::fflush(stdout);
    const SuiteResult result = run_suite(options, layers, probe, engines);
    std::fputs(op_tables(result, probe, options.dtype).c_str(), stdout);
    std::fputs(scoreboard_report(result).c_str(), stdout);
    std::fputs(summary_line(result).c_str(), stdout);
    if (!options.json_path.empty()) write_json(options.json_path, result, probe, options);
    if (!options.csv_path.empty()) write_csv(options.csv_path, result);
    if (!options.report_dir.empty())
      std::printf("report: %s\n",
                  write_html_report(options.report_dir, result, probe, layers,
                                    {command_line(argc, argv), options.dtype, options.threads})
                      .c_str());
    if (!options.tune_out.empty())
      std::printf("tuning: %zu entries written to %s\n", cnnkit::save_tuning(options.tune_out), options.tune_out.c_str());
    return problem_count(result) > 0 ? 1 : 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "cnnkit-bench: %s\n(see cnnkit-bench --help)\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnnkit-bench: %s\n", e.what());
    return 1;
  }
}
