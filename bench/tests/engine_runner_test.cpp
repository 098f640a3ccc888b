// Engine rows in cnnkit-bench's suite runner, with fake engines: they run on the case's buffers,
// are checked against the reference like cnnkit's variants (a wrong or idle engine is a
// MISMATCH), declining or missing ops are reported, and --engines picks the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/shape_file.hpp"
#include "compare/engine_selection.hpp"
#include "compare/options.hpp"
#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"

namespace cnnkit::bench {
namespace {

enum class Behaviour { correct, wrong, idle, publishes, declines, not_available, throws };

// relu_fwd on the case's f32 buffers, right or wrong on purpose.
class FakeRun final : public PreparedRun {
 public:
  FakeRun(Behaviour b, const OpCase& c) : b_(b), x_(c.buffer(Role::x)), y_(c.buffer(Role::y)) {
    if (b_ == Behaviour::publishes) own_.resize(static_cast<std::size_t>(y_.count));
  }
  void run() override {
    const auto* x = static_cast<const float*>(x_.data);
    float* y = b_ == Behaviour::publishes ? own_.data() : static_cast<float*>(y_.data);
    if (b_ == Behaviour::idle) return;
    for (std::int64_t i = 0; i < x_.count; ++i) y[i] = b_ == Behaviour::wrong ? x[i] : std::max(x[i], 0.0f);
  }
  void publish_outputs() override {
    if (b_ == Behaviour::publishes) std::copy(own_.begin(), own_.end(), static_cast<float*>(y_.data));
  }
  std::string implementation() const override { return "fake kernel"; }

 private:
  Behaviour b_;
  BufferRef x_, y_;
  std::vector<float> own_;  // "its own layout", brought back by publish_outputs
};

class FakeEngine final : public Engine {
 public:
  FakeEngine(std::string name, Behaviour b) : name_(std::move(name)), b_(b) {}
  std::string name() const override { return name_; }
  std::string description() const override { return "a fake"; }
  std::string lacks(OpId op) const override { return op == OpId::relu_fwd ? "" : "only relu_fwd"; }
  std::unique_ptr<PreparedRun> prepare(OpId, const Layer&, OpCase& c, int threads) override {
    threads_seen.insert(threads);
    if (b_ == Behaviour::declines) throw EngineDeclines("cannot express it");
    if (b_ == Behaviour::not_available) throw EngineDeclines("no such dtype", true);
    if (b_ == Behaviour::throws) throw std::runtime_error("broken");
    return std::make_unique<FakeRun>(b_, c);
  }
  std::set<int> threads_seen;

 private:
  std::string name_;
  Behaviour b_;
};

Options quick_options(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"cnnkit-bench", "--quick", "--ops", "relu_fwd", "--threads", "1,2"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

const std::vector<Layer> kLayers = parse_shape_file(
    "eltwise name=r count=1000\n"
    "eltwise name=ri count=1000 inplace=1\n"
    "conv name=c n=1 h=4 w=4 c=2 k=2 kernel=2\n",
    "t");

SuiteResult run_with(std::vector<Engine*> engines, const Options& o = quick_options(), bool cnnkit = true) {
  EngineSelection s;
  s.cnnkit = cnnkit;
  s.engines = std::move(engines);
  return run_suite(o, kLayers, MachineProbe{}, s);
}

std::vector<const Record*> rows_of(const SuiteResult& r, const std::string& engine) {
  std::vector<const Record*> rows;
  for (const auto& rec : r.records)
    if (rec.engine == engine) rows.push_back(&rec);
  return rows;
}

TEST(EngineRunner, ACorrectEngineMatchesOnEveryShapeAndThreadCount) {
  FakeEngine good("good", Behaviour::correct);
  const SuiteResult r = run_with({&good});
  const auto rows = rows_of(r, "good");
  ASSERT_EQ(rows.size(), 4u);  // 2 relu layers x 2 thread counts
  for (const Record* rec : rows) {
    EXPECT_EQ(rec->status, RunStatus::measured) << rec->note;
    EXPECT_EQ(rec->check, Check::match) << rec->check_result.detail;
    EXPECT_EQ(rec->side, Side::competitor);
    EXPECT_EQ(rec->impl, "fake kernel");
    EXPECT_GT(rec->rate, 0);
  }
  EXPECT_EQ(good.threads_seen, (std::set<int>{1, 2}));
  EXPECT_EQ(problem_count(r), 0);
  EXPECT_FALSE(rows_of(r, "cnnkit").empty());
}

TEST(EngineRunner, AWrongOrIdleEngineIsAMismatchNotAFastNumber) {
  FakeEngine wrong("wrong", Behaviour::wrong), idle("idle", Behaviour::idle);
  const SuiteResult r = run_with({&wrong, &idle});
  for (const std::string name : {"wrong", "idle"}) {
    const auto rows = rows_of(r, name);
    ASSERT_FALSE(rows.empty());
    // Out of place, the idle engine would find the reference's output in y if the runner did not
    // clear it first; in place, restoring the input leaves relu(x) != x.
    for (const Record* rec : rows) EXPECT_EQ(rec->check, Check::mismatch) << name << " " << rec->shape;
  }
  EXPECT_EQ(problem_count(r), 8);
  EXPECT_NE(op_tables(r, MachineProbe{}, DType::f32).find("MISMATCH"), std::string::npos);
}

TEST(EngineRunner, OutputsInTheEnginesOwnLayoutArePublishedBeforeTheCheck) {
  FakeEngine publishes("publishes", Behaviour::publishes);
  const SuiteResult r = run_with({&publishes});
  for (const Record* rec : rows_of(r, "publishes")) EXPECT_EQ(rec->check, Check::match) << rec->shape;
}

TEST(EngineRunner, DecliningUnavailableAndBrokenEnginesAreReportedWithTheirReasons) {
  FakeEngine declines("declines", Behaviour::declines), na("na", Behaviour::not_available),
      broken("broken", Behaviour::throws);
  const SuiteResult r = run_with({&declines, &na, &broken});
  for (const Record* rec : rows_of(r, "declines")) {
    EXPECT_EQ(rec->status, RunStatus::skipped);
    EXPECT_EQ(rec->note, "cannot express it");
  }
  for (const Record* rec : rows_of(r, "na")) EXPECT_EQ(rec->status, RunStatus::unavailable);
  for (const Record* rec : rows_of(r, "broken")) EXPECT_EQ(rec->status, RunStatus::failed);
  EXPECT_EQ(problem_count(r), 4);  // the broken engine's rows only
  const std::string tables = op_tables(r, MachineProbe{}, DType::f32);
  EXPECT_NE(tables.find("skipped: cannot express it"), std::string::npos);
  EXPECT_NE(tables.find("n/a: no such dtype"), std::string::npos);
}

TEST(EngineRunner, AnOpTheEngineLacksIsAGapNotRows) {
  FakeEngine good("good", Behaviour::correct);
  const SuiteResult r = run_with({&good}, quick_options({"--ops", "relu_fwd,conv2d_fwd"}));
  for (const auto& rec : r.records) {
    if (rec.op == OpId::conv2d_fwd) {
      EXPECT_EQ(rec.engine, "cnnkit");
    }
  }
  ASSERT_EQ(r.gaps.size(), 1u);
  EXPECT_EQ(r.gaps[0].op, OpId::conv2d_fwd);
  EXPECT_EQ(r.gaps[0].engine, "good");
  EXPECT_NE(op_tables(r, MachineProbe{}, DType::f32).find("not compared: good (only relu_fwd)"), std::string::npos);
}

TEST(EngineRunner, WithoutCnnkitTheReferenceStillChecksTheEngines) {
  FakeEngine good("good", Behaviour::correct), wrong("wrong", Behaviour::wrong);
  const SuiteResult r = run_with({&good, &wrong}, quick_options(), false);
  EXPECT_TRUE(rows_of(r, "cnnkit").empty());
  for (const Record* rec : rows_of(r, "good")) EXPECT_EQ(rec->check, Check::match);
  for (const Record* rec : rows_of(r, "wrong")) EXPECT_EQ(rec->check, Check::mismatch);
}

TEST(EngineSelection, DefaultIsCnnkitAndEveryAvailableEngine) {
  std::vector<EngineEntry> known;
  known.push_back({"a", std::make_unique<FakeEngine>("a", Behaviour::correct), {}});
  known.push_back({"b", nullptr, "not built in"});
  const EngineSelection all = select_engines({}, known);
  EXPECT_TRUE(all.cnnkit);
  ASSERT_EQ(all.engines.size(), 1u);
  EXPECT_EQ(all.engines[0]->name(), "a");
  ASSERT_EQ(all.known.size(), 2u);
  EXPECT_TRUE(all.known[0].selected);
  EXPECT_FALSE(all.known[1].available);
  EXPECT_EQ(all.known[1].description, "not built in");

  const EngineSelection only_cnnkit = select_engines({"cnnkit"}, known);
  EXPECT_TRUE(only_cnnkit.cnnkit);
  EXPECT_TRUE(only_cnnkit.engines.empty());
  const EngineSelection only_a = select_engines({"a"}, known);
  EXPECT_FALSE(only_a.cnnkit);
  EXPECT_EQ(only_a.engines.size(), 1u);
}

TEST(EngineSelection, UnknownOrUnavailableNamesAreUsageErrors) {
  std::vector<EngineEntry> known;
  known.push_back({"a", std::make_unique<FakeEngine>("a", Behaviour::correct), {}});
  known.push_back({"b", nullptr, "not built in"});
  try {
    select_engines({"nope"}, known);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown engine 'nope'; engines are cnnkit, a, b"), std::string::npos);
  }
  try {
    select_engines({"cnnkit", "b"}, known);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("b is unavailable: not built in"), std::string::npos);
  }
}

}  // namespace
}  // namespace cnnkit::bench
