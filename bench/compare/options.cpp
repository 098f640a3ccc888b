#include "compare/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/help_layout.hpp"
#include "common/list_parsing.hpp"

namespace cnnkit::bench {
namespace {

constexpr const char* kHeader = R"(usage: cnnkit-bench [options]

Runs every variant of every op on the shape suite through the public API (each call forced to
one variant with a cnnkit::Context), the plain call (nothing forced: the variant dispatch picks,
at each --threads count; conv2d_fwd and conv2d_bwd_data also on weights packed before timing),
and the competitor engines (oneDNN, XNNPACK) built in, on the same inputs. One table per op: median time, GFLOP/s or
GB/s, % of this machine's measured peak (FMA peak or STREAM copy), speedup over the reference,
whether the output matches the reference's, the plain call's dispatch regret (its time / the best
forced row's) and its ratio to each engine (cnnkit / engine, > 1: cnnkit faster); then a
scoreboard per op and thread count with geometric means, and a summary of regret and ratios.
cnnkit's times include everything its call does (weight packing too, but for the prepacked plain
call); the engines' weights are put in their preferred layout before timing, as their users do.

)";

constexpr const char* kFooter = R"(
Exit status: 0 all ran and matched; 1 a variant mismatched the reference or failed; 2 bad usage.
)";

// The tiny budget of --quick: one short repetition per case, enough to prove everything runs.
void make_quick(TimingPolicy& t) {
  t.min_time_s = 0;
  t.min_reps = 1;
  t.max_reps = 2;
  t.max_case_time_s = 0.05;
  t.min_rep_time_s = 1e-4;
}

// Values CLI11 checks before the options' callbacks see them (it prefixes the option's name).
const CLI::Validator kSeconds(
    [](std::string& value) -> std::string {
      double s = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
      if (ec != std::errc() || ptr != value.data() + value.size() || !(s >= 0) || !std::isfinite(s))
        return "expected seconds >= 0, got '" + value + "'";
      return "";
    },
    "S");
const CLI::Validator kCount(
    [](std::string& value) -> std::string {
      int n = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size() || n < 1)
        return "expected an integer >= 1, got '" + value + "'";
      return "";
    },
    "N");
const CLI::Validator kIsa(
    [](std::string& value) -> std::string {
      return parse_isa(value) ? "" : "expected scalar, sse4_2, avx2_fma or avx512, got '" + value + "'";
    },
    "TIER");

std::vector<int> thread_counts(const std::string& value, const std::string& flag) {
  try {
    return parse_thread_counts(value, flag);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError(e.what());
  }
}

// What the command line sets besides Options: explicit timing options win over --quick, whatever
// their order, so they are applied after parsing.
struct TimingOverrides {
  std::optional<double> min_time, max_case_time;
  std::optional<int> max_reps;
};

// cnnkit-bench's options, their value names and help text; parsing fills `o` and `t`.
void define_options(CLI::App& app, Options& o, TimingOverrides& t) {
  app.formatter(std::make_shared<HelpLayout>(21, " "));
  app.footer(kFooter);
  // As before CLI11: a repeated option's last value wins, and a switch takes no value.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->disable_flag_override();
  const auto list = [&app](const char* name, std::vector<std::string>& into, const char* text, const char* help) {
    return app.add_option_function<std::string>(name, [&into](const std::string& v) { into = split_list(v); }, help)
        ->option_text(text);
  };
  list("--ops", o.ops, "A,B", "ops to run: regexes searched in op names (conv2d_fwd, relu, dense_bwd, ...)");
  list("--shapes", o.shapes, "A,B",
       "shape files (path), built-in shape files (seeds, signs_convnet, resnet50,\n"
       "vgg16, alexnet, eltwise; opt-in: corpus, corpus_sample, pool_classes), FILE:REGEX (a\n"
       "regex searched in one built-in file's layer names, e.g. corpus:^resnet50\\.)\n"
       "or regexes searched in the default suite's layer names; default: the\n"
       "default suite (every built-in file but the opt-in ones)");
  list("--variants", o.variants, "A,B",
       "forced variants to time: regexes searched in variant names (the reference\n"
       "still runs once, untimed, as the oracle; the plain calls always run)");
  app.add_option_function<std::string>(
         "--engines",
         [&o](const std::string& v) {
           o.engines = split_list(v);
           if (o.engines.empty()) throw CLI::ValidationError("--engines: expected names such as cnnkit,onednn,xnnpack");
         },
         "rows to run: cnnkit (forced and plain) and engines (onednn, xnnpack); default:\n"
         "cnnkit and every engine this build has; --engines cnnkit: no engine rows")
      ->option_text("A,B");
  app.add_option_function<std::string>(
         "--threads", [&o](const std::string& v) { o.threads = thread_counts(v, "--threads"); },
         "thread counts for threaded variants and engines (serial variants run once);\n"
         "default 1,2")
      ->option_text("1,2");
  app.add_option_function<std::string>(
         "--dtype", [&o](const std::string& v) { o.dtype = v == "f32" ? DType::f32 : DType::f64; },
         "element type; default f32")
      ->check(CLI::IsMember({"f32", "f64"}))
      ->option_text("f32|f64");
  app.add_option_function<std::string>(
         "--max-isa", [&o](const std::string& v) { o.max_isa = parse_isa(v); },
         "cap the ISA tier (scalar, sse4_2, avx2_fma, avx512); default: CNNKIT_MAX_ISA")
      ->check(kIsa)
      ->option_text("TIER");
  app.add_option_function<double>(
         "--min-time", [&t](double s) { t.min_time = s; }, "measured seconds per case before stopping (default 0.25)")
      ->check(kSeconds)
      ->option_text("S");
  app.add_option_function<int>(
         "--max-reps", [&t](int n) { t.max_reps = n; }, "at most N repetitions per case (default 25)")
      ->check(kCount)
      ->option_text("N");
  app.add_option_function<double>(
         "--max-case-time", [&t](double s) { t.max_case_time = s; },
         "time budget per case, warm-up included (default 2.5); a warm-up call longer\n"
         "than this is the case's only sample")
      ->check(kSeconds)
      ->option_text("S");
  app.add_flag("--quick", o.quick, "tiny budget (one short repetition per case), for smoke tests");
  app.add_flag_callback("--no-verify", [&o] { o.verify = false; }, "skip checking outputs against the reference");
  app.add_option("--json", o.json_path, "also write every result, with the machine probe and the scoreboard, as JSON")
      ->option_text("FILE");
  app.add_option("--csv", o.csv_path,
                 "also write every result as CSV, and the scoreboard as FILE.scoreboard.csv\n"
                 "(FILE's .csv replaced)")
      ->option_text("FILE");
  app.add_option("--report", o.report_dir,
                 "write an HTML report with SVG charts (roofline, ladders, ratios, dispatch regret)\n"
                 "to DIR")
      ->option_text("DIR");
  app.add_flag("--tuned", o.tuned,
               "also run the plain call with autotuning on (\"plain, tuned\" rows: the checked\n"
               "first call measures every candidate, the timed calls use the winner);\n"
               "CNNKIT_TUNING_FILE, when set, is loaded first");
  app.add_option_function<std::string>(
         "--tune-out",
         [&o](const std::string& v) {
           o.tune_out = v;
           o.tuned = true;
         },
         "--tuned, then write the tuning cache to FILE (cnnkit::save_tuning); to tune a\n"
         "shape file without timing anything else: --engines cnnkit --variants '^$'")
      ->option_text("FILE");
  app.add_option_function<std::string>(
         "--thread-plan", [&o](const std::string& v) { o.thread_plan = thread_counts(v, "--thread-plan"); },
         "time nothing: print, for every selected case (--shapes, --ops, --dtype,\n"
         "--max-isa) and thread count, the plan of the variant dispatch picks (team,\n"
         "tiles, chunks, what a tile is, load balance = mean / max work per thread;\n"
         "cnnkit::thread_plan); rows also to --csv / --json")
      ->option_text("16,32,64");
  app.add_flag("--contention", o.contention,
               "one busy thread pinned to the last CPU of this process's affinity mask while\n"
               "each selected case runs at the full thread count (cnnkit's plain call and the\n"
               "--engines), against the same case at 1 thread without it: medians, means and\n"
               "p90 of single calls, and contended / quiet-1-thread ratios (also --csv / --json)");
  app.add_flag("--list", o.list, "list ops, variants (and whether they can run here), engines and shapes, then exit");
  app.set_help_flag("-h,--help", "this text");
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  TimingOverrides t;
  CLI::App app(kHeader, "cnnkit-bench");
  define_options(app, o, t);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    return o;
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  if (!o.thread_plan.empty() && o.contention)
    throw UsageError("--thread-plan times nothing and --contention times: choose one");
  if (o.quick) make_quick(o.timing);
  if (t.min_time) o.timing.min_time_s = *t.min_time;
  if (t.max_case_time) o.timing.max_case_time_s = *t.max_case_time;
  if (t.max_reps) o.timing.max_reps = *t.max_reps;
  o.timing.min_reps = std::min(o.timing.min_reps, o.timing.max_reps);
  return o;
}

std::string usage_text() {
  Options o;
  TimingOverrides t;
  CLI::App app(kHeader, "cnnkit-bench");
  define_options(app, o, t);
  return app.help();
}

}  // namespace cnnkit::bench
