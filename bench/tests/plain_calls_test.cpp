// The plain calls: which plain rows an op gets, the Context they run with (nothing forced,
// whatever the base context forces), and that the suite runs them on real cases, always (even
// when --variants leaves no forced row), checked against the reference, naming the variant that
// ran; the prepacked forms of conv2d_fwd and conv2d_bwd_data in f32 and f64.
#include "compare/plain_calls.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/shape_file.hpp"
#include "compare/engine_selection.hpp"
#include "compare/options.hpp"
#include "compare/scoreboard.hpp"
#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"

namespace cnnkit::bench {
namespace {

TEST(PlainCalls, EveryOpGetsThePlainCallAtEachThreadCountAndConvForwardAlsoThePrepackedOne) {
  const auto conv = plan_plain_runs(OpId::conv2d_fwd, {1, 2});
  ASSERT_EQ(conv.size(), 4u);
  ASSERT_EQ(plan_plain_runs(OpId::conv2d_fwd, {1, 2}, true).size(), 8u);  // --tuned adds the tuned rows
  EXPECT_EQ(conv[0].label, "plain");
  EXPECT_EQ(conv[0].threads, 1);
  EXPECT_EQ(conv[1].threads, 2);
  EXPECT_EQ(conv[2].label, "plain, prepacked");
  EXPECT_EQ(conv[2].form, PlainForm::prepacked);
  const auto bwd_data = plan_plain_runs(OpId::conv2d_bwd_data, {1});  // backward data too
  ASSERT_EQ(bwd_data.size(), 2u);
  EXPECT_EQ(bwd_data[1].label, "plain, prepacked");
  EXPECT_EQ(bwd_data[1].form, PlainForm::prepacked);
  EXPECT_TRUE(has_prepacked_form(OpId::conv2d_bwd_data));
  EXPECT_FALSE(has_prepacked_form(OpId::conv2d_bwd_weights));
  EXPECT_EQ(plan_plain_runs(OpId::conv2d_bwd_weights, {1}).size(), 1u);
  const auto pool = plan_plain_runs(OpId::pool2d_fwd, {1, 2, 4});
  ASSERT_EQ(pool.size(), 3u);
  for (const PlainRun& r : pool) EXPECT_EQ(r.form, PlainForm::call);
  EXPECT_EQ(plain_label(PlainSetting{"tuned", {}}, PlainForm::prepacked), "plain, tuned, prepacked");
  EXPECT_TRUE(plain_settings().front().name.empty());  // the untouched plain call comes first
}

TEST(PlainCalls, TunedRowsSwitchTuningOnAndOnlyThem) {
  const auto runs = plan_plain_runs(OpId::relu_fwd, {1}, true);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].label, "plain");
  EXPECT_EQ(runs[1].label, "plain, tuned");
  Context base = Context::defaults();
  base.set_tuning(Tuning::measure);  // the environment's CNNKIT_TUNE does not leak into "plain"
  EXPECT_EQ(plain_context(base, runs[0]).tuning(), Tuning::off);
  EXPECT_EQ(plain_context(base, runs[1]).tuning(), Tuning::measure);
}

TEST(PlainCalls, TheContextForcesNothingAndKeepsTheRunsIsaCapAndThreadCount) {
  Context base;
  base.force_variant(OpId::conv2d_fwd, "conv2d_fwd.ref");
  base.set_threading(ThreadingPolicy::serial);
  base.set_max_isa(Isa::sse4_2);
  PlainRun run = plan_plain_runs(OpId::conv2d_fwd, {3}).front();
  const Context ctx = plain_context(base, run);
  EXPECT_EQ(ctx.forced_variant(OpId::conv2d_fwd), "");
  EXPECT_EQ(ctx.threading(), Context::defaults().threading());
  EXPECT_EQ(ctx.max_isa(), Isa::sse4_2);
  EXPECT_EQ(ctx.num_threads(), 3);
  // A setting's change applies on top (how "plain, tuned" will switch tuning on).
  const PlainSetting capped{"capped", [](Context& c) { c.set_max_isa(Isa::scalar); }};
  run.setting = &capped;
  EXPECT_EQ(plain_context(base, run).max_isa(), Isa::scalar);
}

Options options(std::vector<std::string> extra) {
  std::vector<std::string> args = {"cnnkit-bench", "--quick", "--threads", "1,2"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

const char* const kLayers =
    "conv name=c n=2 h=7 w=6 c=5 k=6 kernel=3 pad=1\n"
    "conv name=g n=1 h=6 w=6 c=8 k=12 kernel=3 groups=4 pad=1 bias=0\n"
    "pool name=p n=2 h=9 w=9 c=5 mode=max kernel=3 stride=2 pad=1\n";

SuiteResult run(const Options& o) {
  EngineSelection s;  // cnnkit only
  return run_suite(o, parse_shape_file(kLayers, "t"), MachineProbe{}, s);
}

void expect_plain_rows(const SuiteResult& r, DType dtype) {
  int conv = 0, prepacked = 0, pool = 0;
  for (const Record& rec : r.records) {
    if (rec.kind != RowKind::plain) continue;
    const std::string what =
        std::string(to_string(rec.op)) + " " + rec.shape + " " + rec.variant + " " + std::to_string(rec.threads) + "T";
    EXPECT_EQ(rec.status, RunStatus::measured) << what << ": " << rec.note;
    EXPECT_EQ(rec.check, Check::match) << what << ": " << rec.check_result.detail;
    const auto variants = list_variants(rec.op, dtype);
    EXPECT_TRUE(
        std::any_of(variants.begin(), variants.end(), [&](const VariantInfo& v) { return v.name == rec.ran_variant; }))
        << what << " ran '" << rec.ran_variant << "'";
    EXPECT_EQ(rec.impl.rfind(rec.ran_variant, 0), 0u) << rec.impl;  // impl names the variant first
    EXPECT_EQ(rec.ran_reference, rec.ran_variant == variants.back().name);
    conv += rec.op == OpId::conv2d_fwd && !rec.prepacked;
    pool += rec.op == OpId::pool2d_fwd;
    if (rec.prepacked) {
      ++prepacked;
      EXPECT_EQ(rec.variant, "plain, prepacked");
      EXPECT_NE(rec.impl.find("weights packed for"), std::string::npos) << rec.impl;
    }
  }
  EXPECT_EQ(conv, 2 * 2);  // two conv layers x two thread counts
  EXPECT_EQ(prepacked, 2 * 2);
  EXPECT_EQ(pool, 2);
  EXPECT_EQ(problem_count(r), 0);
}

TEST(PlainCalls, RunCheckedAndNamedEvenWhenVariantsLeavesNoForcedRowThenRegretIsNA) {
  const SuiteResult r = run(options({"--ops", "conv2d_fwd,pool2d_fwd", "--variants", "no_such_variant"}));
  for (const Record& rec : r.records) EXPECT_EQ(rec.kind, RowKind::plain) << rec.variant;
  expect_plain_rows(r, DType::f32);
  for (const PlainLine& l : plain_lines(r.records)) EXPECT_TRUE(std::isnan(l.regret)) << l.shape;
  EXPECT_NE(scoreboard_report(r).find("n/a (no forced row counted)"), std::string::npos);
}

TEST(PlainCalls, F64AndTheirRegretAgainstTheForcedRows) {
  const SuiteResult r = run(options({"--ops", "conv2d_fwd,pool2d_fwd", "--dtype", "f64", "--variants", "ref"}));
  expect_plain_rows(r, DType::f64);
  for (const PlainLine& l : plain_lines(r.records)) {
    EXPECT_EQ(l.best.row, std::string(to_string(l.op)) + ".ref") << l.shape;
    EXPECT_GT(l.regret, 0) << l.shape;
  }
}

// conv2d_bwd_data's prepacked rows: measured, checked against the reference, on weights packed
// before timing, beside the plain call, in both dtypes.
TEST(PlainCalls, BackwardDataAlsoRunsOnPrepackedWeightsF32AndF64) {
  for (const char* dtype : {"f32", "f64"}) {
    const SuiteResult r = run(options({"--ops", "conv2d_bwd_data", "--dtype", dtype, "--variants", "ref"}));
    int call = 0, prepacked = 0;
    for (const Record& rec : r.records) {
      if (rec.kind != RowKind::plain) continue;
      const std::string what = rec.shape + " " + rec.variant + " " + std::to_string(rec.threads) + "T " + dtype;
      EXPECT_EQ(rec.op, OpId::conv2d_bwd_data) << what;
      EXPECT_EQ(rec.status, RunStatus::measured) << what << ": " << rec.note;
      EXPECT_EQ(rec.check, Check::match) << what << ": " << rec.check_result.detail;
      EXPECT_EQ(rec.impl.rfind(rec.ran_variant, 0), 0u) << rec.impl;
      if (rec.prepacked) {
        ++prepacked;
        EXPECT_EQ(rec.variant, "plain, prepacked");
        EXPECT_NE(rec.impl.find("weights packed for"), std::string::npos) << rec.impl;
      } else {
        ++call;
      }
    }
    EXPECT_EQ(call, 2 * 2);  // two conv layers x two thread counts
    EXPECT_EQ(prepacked, 2 * 2);
    EXPECT_EQ(problem_count(r), 0);
  }
}

}  // namespace
}  // namespace cnnkit::bench
