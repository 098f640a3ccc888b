#include "compare/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "common/list_parsing.hpp"

namespace cnnkit::bench {
namespace {

double parse_seconds(const std::string& flag, const std::string& value) {
  double s = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
  if (ec != std::errc() || ptr != value.data() + value.size() || !(s >= 0) || !std::isfinite(s))
    throw UsageError(flag + ": expected seconds >= 0, got '" + value + "'");
  return s;
}

int parse_count(const std::string& flag, const std::string& value) {
  int n = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < 1)
    throw UsageError(flag + ": expected an integer >= 1, got '" + value + "'");
  return n;
}

// The tiny budget of --quick: one short repetition per case, enough to prove everything runs.
void make_quick(TimingPolicy& t) {
  t.min_time_s = 0;
  t.min_reps = 1;
  t.max_reps = 2;
  t.max_case_time_s = 0.05;
  t.min_rep_time_s = 1e-4;
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  // Explicit timing options win over --quick, whatever their order.
  std::optional<double> min_time, max_case_time;
  std::optional<int> max_reps;
  for (int i = 1; i < argc; ++i) {
    static const std::set<std::string> with_value = {"--ops",      "--shapes",   "--variants", "--engines",
                                                     "--threads",  "--dtype",    "--max-isa",  "--min-time",
                                                     "--max-case-time", "--max-reps", "--json", "--csv",
                                                     "--tune-out", "--thread-plan", "--report"};
    static const std::set<std::string> switches = {"--quick", "--no-verify", "--tuned", "--list", "--help", "-h",
                                                   "--contention"};
    std::string arg = argv[i], value;
    const auto eq = arg.find('=');
    const bool inline_value = eq != std::string::npos && arg.rfind("--", 0) == 0;
    if (inline_value) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    if (!with_value.contains(arg) && !switches.contains(arg)) throw UsageError("unknown option '" + arg + "'");
    if (inline_value && switches.contains(arg)) throw UsageError(arg + " takes no value");
    if (!inline_value && with_value.contains(arg)) {
      if (i + 1 >= argc) throw UsageError(arg + ": missing value");
      value = argv[++i];
    }
    if (arg == "--ops") {
      o.ops = split_list(value);
    } else if (arg == "--shapes") {
      o.shapes = split_list(value);
    } else if (arg == "--variants") {
      o.variants = split_list(value);
    } else if (arg == "--engines") {
      o.engines = split_list(value);
      if (o.engines.empty()) throw UsageError("--engines: expected names such as cnnkit,onednn,xnnpack");
    } else if (arg == "--threads") {
      try {
        o.threads = parse_thread_counts(value, "--threads");
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    } else if (arg == "--thread-plan") {
      try {
        o.thread_plan = parse_thread_counts(value, "--thread-plan");
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    } else if (arg == "--contention") {
      o.contention = true;
    } else if (arg == "--dtype") {
      if (value != "f32" && value != "f64") throw UsageError("--dtype: expected f32 or f64, got '" + value + "'");
      o.dtype = value == "f32" ? DType::f32 : DType::f64;
    } else if (arg == "--max-isa") {
      o.max_isa = parse_isa(value);
      if (!o.max_isa) throw UsageError("--max-isa: expected scalar, sse4_2, avx2_fma or avx512, got '" + value + "'");
    } else if (arg == "--min-time") {
      min_time = parse_seconds(arg, value);
    } else if (arg == "--max-case-time") {
      max_case_time = parse_seconds(arg, value);
    } else if (arg == "--max-reps") {
      max_reps = parse_count(arg, value);
    } else if (arg == "--json") {
      o.json_path = value;
    } else if (arg == "--csv") {
      o.csv_path = value;
    } else if (arg == "--report") {
      o.report_dir = value;
    } else if (arg == "--tuned") {
      o.tuned = true;
    } else if (arg == "--tune-out") {
      o.tune_out = value;
      o.tuned = true;
    } else if (arg == "--quick") {
      o.quick = true;
    } else if (arg == "--no-verify") {
      o.verify = false;
    } else if (arg == "--list") {
      o.list = true;
    } else if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else {
      throw UsageError("unknown option '" + arg + "'");
    }
  }
  if (!o.thread_plan.empty() && o.contention)
    throw UsageError("--thread-plan times nothing and --contention times: choose one");
  if (o.quick) make_quick(o.timing);
  if (min_time) o.timing.min_time_s = *min_time;
  if (max_case_time) o.timing.max_case_time_s = *max_case_time;
  if (max_reps) o.timing.max_reps = *max_reps;
  o.timing.min_reps = std::min(o.timing.min_reps, o.timing.max_reps);
  return o;
}

std::string usage_text() {
  return R"(usage: cnnkit-bench [options]

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

  --ops A,B          ops to run: regexes searched in op names (conv2d_fwd, relu, dense_bwd, ...)
  --shapes A,B       shape files (path), built-in shape files (seeds, signs_convnet, resnet50,
                     vgg16, alexnet, eltwise; opt-in: corpus, corpus_sample, pool_classes), FILE:REGEX (a
                     regex searched in one built-in file's layer names, e.g. corpus:^resnet50\.)
                     or regexes searched in the default suite's layer names; default: the
                     default suite (every built-in file but the opt-in ones)
  --variants A,B     forced variants to time: regexes searched in variant names (the reference
                     still runs once, untimed, as the oracle; the plain calls always run)
  --engines A,B      rows to run: cnnkit (forced and plain) and engines (onednn, xnnpack); default:
                     cnnkit and every engine this build has; --engines cnnkit: no engine rows
  --threads 1,2      thread counts for threaded variants and engines (serial variants run once);
                     default 1,2
  --dtype f32|f64    element type; default f32
  --max-isa TIER     cap the ISA tier (scalar, sse4_2, avx2_fma, avx512); default: CNNKIT_MAX_ISA
  --min-time S       measured seconds per case before stopping (default 0.25)
  --max-reps N       at most N repetitions per case (default 25)
  --max-case-time S  time budget per case, warm-up included (default 2.5); a warm-up call longer
                     than this is the case's only sample
  --quick            tiny budget (one short repetition per case), for smoke tests
  --no-verify        skip checking outputs against the reference
  --json FILE        also write every result, with the machine probe and the scoreboard, as JSON
  --csv FILE         also write every result as CSV, and the scoreboard as FILE.scoreboard.csv
                     (FILE's .csv replaced)
  --report DIR       also write DIR/index.html: one self-contained page of charts (rooflines per op
                     family, the speedup ladder per op, ratios to each engine, dispatch regret)
  --tuned            also run the plain call with autotuning on ("plain, tuned" rows: the checked
                     first call measures every candidate, the timed calls use the winner);
                     CNNKIT_TUNING_FILE, when set, is loaded first
  --tune-out FILE    --tuned, then write the tuning cache to FILE (cnnkit::save_tuning); to tune a
                     shape file without timing anything else: --engines cnnkit --variants '^$'
  --thread-plan 16,32,64
                     time nothing: print, for every selected case (--shapes, --ops, --dtype,
                     --max-isa) and thread count, the plan of the variant dispatch picks (team,
                     tiles, chunks, what a tile is, load balance = mean / max work per thread;
                     cnnkit::thread_plan); rows also to --csv / --json
  --contention       one busy thread pinned to the last CPU of this process's affinity mask while
                     each selected case runs at the full thread count (cnnkit's plain call and the
                     --engines), against the same case at 1 thread without it: medians, means and
                     p90 of single calls, and contended / quiet-1-thread ratios (also --csv / --json)
  --list             list ops, variants (and whether they can run here), engines and shapes, then exit
  --help             this text

Exit status: 0 all ran and matched; 1 a variant mismatched the reference or failed; 2 bad usage.
)";
}

}  // namespace cnnkit::bench
