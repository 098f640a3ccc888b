// The real competitor engines this build has (oneDNN, XNNPACK): they start, run the conv ops on
// awkward geometries (padding, stride, dilation, groups, bias or not) and the other ops they
// have, at 1 and 2 threads, and match cnnkit's reference; f64 is "n/a" with a reason; and running
// them leaves the process's OpenMP thread count as it was. Without engines built in, the tests
// that need one are skipped (the registry must then say why each is unavailable).
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <string>

#include "common/shape_file.hpp"
#include "compare/engine_selection.hpp"
#include "compare/options.hpp"
#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"

namespace cnnkit::bench {
namespace {

const char* const kLayers =
    "conv name=plain n=2 h=7 w=6 c=5 k=6 kernel=3 pad=1\n"
    "conv name=strided n=1 h=9 w=8 c=3 k=4 kernel=3x2 stride=2 pad=same bias=0\n"
    "conv name=dilated n=1 h=10 w=9 c=4 k=3 kernel=3 dilation=2 pad=0,1,2,1\n"
    "conv name=grouped n=2 h=6 w=6 c=8 k=12 kernel=3 groups=4 pad=1\n"
    "conv name=pointwise n=3 h=4 w=5 c=16 k=8 kernel=1\n"
    "pool name=p n=2 h=9 w=9 c=5 mode=max,avg kernel=3 stride=2 pad=1\n"
    "pool name=pc n=1 h=8 w=8 c=3 mode=max,avg kernel=3 stride=2 ceil=1\n"
    "eltwise name=e count=1000\n"
    "eltwise name=ei count=1000 inplace=1\n"
    "pad name=z n=2 h=3 w=4 c=3 pad=1,0,2,1 value=0.5\n"
    "dense name=d m=5 n_in=7 n_out=9\n";

Options options(const std::string& dtype = "f32") {
  std::vector<std::string> args = {"cnnkit-bench", "--quick", "--threads", "1,2", "--dtype", dtype};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

std::vector<std::string> built_in() {
  std::vector<std::string> names;
#ifdef CNNKIT_BENCH_HAVE_ONEDNN
  names.push_back("onednn");
#endif
#ifdef CNNKIT_BENCH_HAVE_XNNPACK
  names.push_back("xnnpack");
#endif
  return names;
}

TEST(Engines, TheBuiltInEnginesStartAndTheOthersSayWhyNot) {
  const std::vector<EngineEntry> known = known_engines();
  const auto built = built_in();
  ASSERT_EQ(known.size(), 2u);
  for (const EngineEntry& e : known) {
    const bool is_built = std::find(built.begin(), built.end(), e.name) != built.end();
    EXPECT_EQ(e.engine != nullptr, is_built) << e.name << ": " << e.unavailable_reason;
    if (e.engine) {
      EXPECT_EQ(e.engine->name(), e.name);
      EXPECT_FALSE(e.engine->description().empty());
    } else {
      EXPECT_FALSE(e.unavailable_reason.empty());
    }
  }
}

class EachEngine : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    known_ = known_engines();
    for (auto& e : known_)
      if (e.name == GetParam()) engine_ = e.engine.get();
    if (!engine_) GTEST_SKIP() << GetParam() << " is not built in";
  }

  SuiteResult run(const Options& o) {
    EngineSelection s;
    s.cnnkit = false;  // the reference still runs, untimed, as the oracle
    s.engines = {engine_};
    return run_suite(o, parse_shape_file(kLayers, "t"), MachineProbe{}, s);
  }

  std::vector<EngineEntry> known_;
  Engine* engine_ = nullptr;
};

TEST_P(EachEngine, MatchesTheReferenceOnEveryOpItHasAtOneAndTwoThreads) {
  const int omp_threads_before = omp_get_max_threads();
  const SuiteResult r = run(options());
  EXPECT_EQ(omp_get_max_threads(), omp_threads_before) << "the engine left the OpenMP thread count changed";
  int conv_rows = 0;
  for (const Record& rec : r.records) {
    ASSERT_EQ(rec.engine, GetParam());
    EXPECT_NE(rec.status, RunStatus::failed) << to_string(rec.op) << " " << rec.shape << ": " << rec.note;
    EXPECT_NE(rec.check, Check::mismatch)
        << to_string(rec.op) << " " << rec.shape << " " << rec.threads << "T: " << rec.check_result.detail;
    if (rec.status == RunStatus::measured) {
      EXPECT_EQ(rec.check, Check::match) << to_string(rec.op) << " " << rec.shape;
    }
    const bool conv = rec.op == OpId::conv2d_fwd || rec.op == OpId::conv2d_bwd_data || rec.op == OpId::conv2d_bwd_weights;
    if (conv && engine_->lacks(rec.op).empty()) {
      // Every conv geometry above is one both engines express: it must really run.
      EXPECT_EQ(rec.status, RunStatus::measured) << to_string(rec.op) << " " << rec.shape << ": " << rec.note;
      EXPECT_FALSE(rec.impl.empty());
      ++conv_rows;
    }
  }
  EXPECT_GE(conv_rows, 5 * 2);  // at least conv2d_fwd on the five conv layers at two thread counts
  EXPECT_EQ(problem_count(r), 0);
}

// The competitors have no f64 primitives.
class CompetitorEngine : public EachEngine {};

TEST_P(CompetitorEngine, F64IsNotAvailableWithAReason) {
  Options o = options("f64");
  o.ops = {"conv2d_fwd"};
  const SuiteResult r = run(o);
  ASSERT_FALSE(r.records.empty());
  for (const Record& rec : r.records) {
    EXPECT_EQ(rec.status, RunStatus::unavailable) << rec.shape;
    EXPECT_NE(rec.note.find("f64"), std::string::npos) << rec.note;
  }
}

INSTANTIATE_TEST_SUITE_P(BuiltIn, EachEngine, ::testing::Values("onednn", "xnnpack"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(BuiltIn, CompetitorEngine, ::testing::Values("onednn", "xnnpack"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace cnnkit::bench
