// Autotuning (cnnkit/tuning.hpp): what a measuring call picks and leaves in its outputs, the
// cache (hits, forced variants winning, concurrent claims of one key), and tuning files (round
// trip, files for another CPU or version, malformed files).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "core/run_variant.hpp"
#include "core/tuning_cache.hpp"
#include "core/tuning_file.hpp"
#include "fake_op.hpp"
#include "global_context_guard.hpp"

namespace cnnkit::test {
namespace {

// ---- a hand-made list: which candidate wins, and which never run -------------------------------

std::atomic<int> runs_declining{0}, runs_slow{0}, runs_fast{0}, runs_ref{0};

void run_declining(const FakeProblem&, float* out, const core::Exec&) {
  ++runs_declining;
  *out = 9;
}
void run_slow(const FakeProblem&, float* out, const core::Exec&) {
  ++runs_slow;
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  *out = 1;
}
void run_fast(const FakeProblem&, float* out, const core::Exec&) {
  ++runs_fast;
  *out = 2;
}
void run_ref(const FakeProblem&, float* out, const core::Exec&) {
  ++runs_ref;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  *out = 0;
}

// The rules pick "slow" (the first entry that accepts); "fast" is faster by three orders of
// magnitude, so no amount of machine noise can turn the verdict.
const std::vector<FakeVariant> kList = {
    {"pad.declines", Isa::scalar, Threading::serial, &declines_always, &run_declining},
    {"pad.slow", Isa::scalar, Threading::serial, nullptr, &run_slow},
    {"pad.fast", Isa::scalar, Threading::serial, nullptr, &run_fast},
    {"pad.ref", Isa::scalar, Threading::serial, nullptr, &run_ref},
};

float tuned_call(const Context& ctx, int size) {
  float out = -1;
  const core::Exec exec{ctx.threading(), ctx.num_threads()};
  core::run_tuned<FakeOp, float>(std::span<const FakeVariant>(kList), FakeProblem{size}, ctx, exec, &out);
  return out;
}

struct LogCapture {
  std::vector<std::string> lines;
  std::mutex mutex;
  static void sink(const char* line, void* self) {
    auto* c = static_cast<LogCapture*>(self);
    std::lock_guard<std::mutex> lock(c->mutex);
    c->lines.emplace_back(line);
  }
};

class Tuning : public ::testing::Test {
 protected:
  void SetUp() override { clear_tuning(); }
  void TearDown() override { clear_tuning(); }
  GlobalContextGuard guard_;
};

TEST_F(Tuning, MeasuringPicksTheFastestCandidateThatAcceptsAndLeavesItsResult) {
  runs_declining = runs_slow = runs_fast = runs_ref = 0;
  Context ctx = Context::defaults();
  EXPECT_EQ(tuned_call(ctx, 101), 2.0f);  // the winner's output, though the rules would run "slow"
  EXPECT_EQ(runs_declining.load(), 0);    // a candidate that declines the problem never runs
  EXPECT_GT(runs_slow.load(), 0);         // every accepting candidate was timed
  EXPECT_GT(runs_fast.load(), 0);
  EXPECT_GT(runs_ref.load(), 0);  // the reference joins: the fastest candidate took < 100 us
  EXPECT_EQ(last_variant(OpId::pad), "pad.fast");
  EXPECT_EQ(tuning_entry_count(), 1u);

  // Later calls with the key run the cached winner once, and time nothing.
  runs_slow = runs_fast = runs_ref = 0;
  EXPECT_EQ(tuned_call(ctx, 101), 2.0f);
  EXPECT_EQ(runs_slow.load() + runs_ref.load(), 0);
  EXPECT_EQ(runs_fast.load(), 1);
  // Another geometry is another key.
  EXPECT_EQ(tuned_call(ctx, 102), 2.0f);
  EXPECT_EQ(tuning_entry_count(), 2u);
  clear_tuning();
  EXPECT_EQ(tuning_entry_count(), 0u);
}

TEST_F(Tuning, TheKeyIncludesTheIsaCapAndTheThreadCount) {
  Context ctx = Context::defaults();
  tuned_call(ctx, 201);
  ctx.set_num_threads(3);
  tuned_call(ctx, 201);
  ctx.set_max_isa(Isa::scalar);
  tuned_call(ctx, 201);
  EXPECT_EQ(tuning_entry_count(), 3u);
}

TEST_F(Tuning, ConcurrentCallsOfOneKeyAllGetAResultAndStoreOneWinner) {
  Context ctx = Context::defaults();
  constexpr int kThreads = 8;
  std::vector<float> outs(kThreads, -1);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      outs[t] = tuned_call(ctx, 301);
    });
  for (auto& th : threads) th.join();
  // The measuring thread leaves the winner's result; threads that met the key while it was being
  // measured ran the rules' choice ("slow", 1); none waited for another, none failed.
  for (float out : outs) EXPECT_TRUE(out == 2.0f || out == 1.0f) << out;
  EXPECT_EQ(tuning_entry_count(), 1u);
  const auto records = core::tuning_cache().snapshot();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_STREQ(records[0].variant, "pad.fast");
}

TEST_F(Tuning, VerboseLogSaysWhereEachChoiceCameFrom) {
  LogCapture capture;
  set_log_sink(&LogCapture::sink, &capture);
  Context ctx = Context::defaults();
  ctx.set_verbose(true);
  tuned_call(ctx, 401);
  tuned_call(ctx, 401);
  ASSERT_EQ(capture.lines.size(), 2u);
  EXPECT_NE(capture.lines[0].find("-> pad.fast [tuned now: pad.slow "), std::string::npos) << capture.lines[0];
  EXPECT_NE(capture.lines[0].find("pad.ref "), std::string::npos) << capture.lines[0];
  EXPECT_EQ(capture.lines[0].find("pad.declines"), std::string::npos) << capture.lines[0];
  EXPECT_NE(capture.lines[1].find("-> pad.fast [tuning cache]"), std::string::npos) << capture.lines[1];
}

// ---- the real registries --------------------------------------------------------------------------

struct ConvCase {
  NhwcShape x{2, 9, 11, 5};
  HwioShape w{3, 3, 5, 7};
  Conv2dParams params;
  std::vector<float> xs, ws;
  ConvCase() {
    params.pad = Padding{1, 1, 1, 1};
    xs.resize(static_cast<std::size_t>(x.n * x.h * x.w * x.c));
    ws.resize(static_cast<std::size_t>(w.kh * w.kw * w.c_in_per_group * w.c_out));
    for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<float>(static_cast<int>(i * 7 % 11) - 5) * 0.25f;
    for (std::size_t i = 0; i < ws.size(); ++i) ws[i] = static_cast<float>(static_cast<int>(i * 5 % 13) - 6) * 0.125f;
  }
  NhwcShape y_shape() const { return conv2d_output_shape(x, w, params); }
  std::vector<float> run(const Context& ctx) const {
    const NhwcShape ys = y_shape();
    std::vector<float> y(static_cast<std::size_t>(ys.n * ys.h * ys.w * ys.c), -7.0f);
    conv2d_forward<float>(NhwcView<const float>(xs.data(), x), HwioView<const float>(ws.data(), w), {},
                          NhwcView<float>(y.data(), ys), params, ctx);
    return y;
  }
};

TEST_F(Tuning, ATunedConvCallGivesTheBitsOfTheVariantItChoseAndThatVariantAcceptsTheProblem) {
  const ConvCase c;
  for (Isa cap : {Isa::avx512, Isa::avx2_fma, Isa::sse4_2, Isa::scalar}) {
    Context tuned = Context::defaults();
    tuned.set_tuning(cnnkit::Tuning::measure).set_max_isa(cap).set_num_threads(1);
    const std::vector<float> got = c.run(tuned);
    const std::string chosen = last_variant(OpId::conv2d_fwd);
    SCOPED_TRACE(chosen);
    // A variant of the capped tier or below, not a threaded one (one thread: they cannot run).
    const auto infos = list_variants(OpId::conv2d_fwd, DType::f32, tuned);
    const auto it = std::find_if(infos.begin(), infos.end(), [&](const VariantInfo& v) { return v.name == chosen; });
    ASSERT_NE(it, infos.end());
    EXPECT_TRUE(it->runnable);
    EXPECT_LE(static_cast<int>(it->isa), static_cast<int>(std::min(cap, detected_isa())));
    EXPECT_EQ(it->threading, Threading::serial);
    // Forcing it on the same call gives the same bits: tuning changed only the choice.
    Context forced = Context::defaults();
    forced.set_max_isa(cap).set_num_threads(1).force_variant(OpId::conv2d_fwd, chosen);
    EXPECT_EQ(got, c.run(forced));
  }
}

TEST_F(Tuning, AForcedVariantWinsOverTuning) {
  const ConvCase c;
  Context ctx = Context::defaults();
  ctx.set_tuning(cnnkit::Tuning::measure).force_variant(OpId::conv2d_fwd, "conv2d_fwd.ref");
  c.run(ctx);
  EXPECT_EQ(last_variant(OpId::conv2d_fwd), "conv2d_fwd.ref");
  EXPECT_EQ(tuning_entry_count(), 0u);  // nothing was measured
}

TEST_F(Tuning, ManyThreadsTuningOneConvKeyGetCorrectResultsAndOneEntry) {
  const ConvCase c;
  Context plain = Context::defaults();
  plain.set_num_threads(1);
  constexpr int kThreads = 6;
  std::vector<std::vector<float>> outs(kThreads);
  std::vector<std::string> ran(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Context ctx = Context::defaults();
      ctx.set_tuning(cnnkit::Tuning::measure).set_num_threads(1);
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      outs[t] = c.run(ctx);
      ran[t] = last_variant(OpId::conv2d_fwd);  // per thread
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(tuning_entry_count(), 1u);
  for (int t = 0; t < kThreads; ++t) {
    Context forced = plain;
    forced.force_variant(OpId::conv2d_fwd, ran[t]);
    EXPECT_EQ(outs[t], c.run(forced)) << ran[t];
  }
}

TEST_F(Tuning, InPlaceReluIsTimedOnCopiesAndTheCallerSeesOneApplication) {
  std::vector<float> x(4096), expected(4096);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(static_cast<int>(i % 17) - 8) * 0.5f;
  for (std::size_t i = 0; i < x.size(); ++i) expected[i] = x[i] > 0 ? x[i] : 0.0f;
  Context ctx = Context::defaults();
  ctx.set_tuning(cnnkit::Tuning::measure);
  relu_forward<float>(VectorView<const float>(x.data(), 4096), VectorView<float>(x.data(), 4096), ctx);
  EXPECT_EQ(x, expected);
  EXPECT_EQ(tuning_entry_count(), 1u);
}

TEST_F(Tuning, AdamIsTimedOnCopiesSoOneTunedStepIsOneStep) {
  constexpr std::int64_t n = 3000;
  std::vector<double> p0(n), g(n), m0(n), v0(n);
  for (std::int64_t i = 0; i < n; ++i) {
    p0[i] = std::sin(0.1 * i);
    g[i] = std::cos(0.37 * i);
    m0[i] = 0.01 * std::sin(0.05 * i);
    v0[i] = 0.001 * (1 + std::cos(0.02 * i));
  }
  AdamParams params;
  params.step = 3;
  auto step = [&](const Context& ctx, std::vector<double>& p, std::vector<double>& m, std::vector<double>& v) {
    p = p0, m = m0, v = v0;
    adam_step<double>(VectorView<double>(p.data(), n), VectorView<const double>(g.data(), n),
                      VectorView<double>(m.data(), n), VectorView<double>(v.data(), n), params, ctx);
  };
  std::vector<double> p1, m1, v1, p2, m2, v2;
  step(Context::defaults(), p1, m1, v1);
  Context tuned = Context::defaults();
  tuned.set_tuning(cnnkit::Tuning::measure);
  step(tuned, p2, m2, v2);
  // Every Adam variant gives the reference's bits, so one step equals one untuned step exactly.
  EXPECT_EQ(p1, p2);
  EXPECT_EQ(m1, m2);
  EXPECT_EQ(v1, v2);
  // The key leaves out the step and learning rate: the next step of training is a cache hit.
  params.step = 4;
  params.lr = 0.002;
  step(tuned, p2, m2, v2);
  EXPECT_EQ(tuning_entry_count(), 1u);
}

// ---- tuning files ----------------------------------------------------------------------------------

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("cnnkit_tuning_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST_F(Tuning, SaveAndLoadRoundTrip) {
  const ConvCase c;
  Context tuned = Context::defaults();
  tuned.set_tuning(cnnkit::Tuning::measure).set_num_threads(1);
  c.run(tuned);
  std::vector<float> x(1000, -1.0f), y(1000);
  relu_forward<float>(VectorView<const float>(x.data(), 1000), VectorView<float>(y.data(), 1000), tuned);
  const auto before = core::tuning_cache().snapshot();
  ASSERT_EQ(before.size(), 2u);

  const std::string path = temp_path("roundtrip.txt");
  EXPECT_EQ(save_tuning(path), 2u);
  clear_tuning();
  const TuningFileInfo info = load_tuning(path);
  EXPECT_TRUE(info.used) << info.ignored_because;
  EXPECT_EQ(info.entries, 2u);
  const auto after = core::tuning_cache().snapshot();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].key, before[i].key);
    EXPECT_STREQ(after[i].variant, before[i].variant);
  }
  // A loaded entry is used as a measured one: the call is a cache hit.
  LogCapture capture;
  set_log_sink(&LogCapture::sink, &capture);
  tuned.set_verbose(true);
  c.run(tuned);
  ASSERT_EQ(capture.lines.size(), 1u);
  EXPECT_NE(capture.lines[0].find("[tuning cache]"), std::string::npos) << capture.lines[0];
  std::filesystem::remove(path);
}

std::string header(const std::string& version, const std::string& cpu) {
  return "cnnkit-tuning 1\ncnnkit-version " + version + "\ncpu " + cpu + "\n";
}

const std::string kLine = "relu_fwd\tf32\tscalar\tauto\t1\tcount=1000\trelu_fwd.ref\t1e-06\n";

TEST_F(Tuning, AFileForAnotherVersionOrCpuIsIgnoredWithOneLogLine) {
  LogCapture capture;
  set_log_sink(&LogCapture::sink, &capture);
  global_context().set_verbose(true);
  const std::string path = temp_path("other.txt");

  write_text(path, header("0.0.0-elsewhere", cpu_model()) + kLine);
  TuningFileInfo info = load_tuning(path);
  EXPECT_FALSE(info.used);
  EXPECT_NE(info.ignored_because.find("0.0.0-elsewhere"), std::string::npos);

  write_text(path, header(CNNKIT_VERSION_STRING, "SomeVendor family 1 model 2 stepping 3: Imaginary CPU") + kLine);
  info = load_tuning(path);
  EXPECT_FALSE(info.used);
  EXPECT_NE(info.ignored_because.find("Imaginary CPU"), std::string::npos);
  EXPECT_EQ(tuning_entry_count(), 0u);
  ASSERT_EQ(capture.lines.size(), 2u);
  EXPECT_NE(capture.lines[0].find("ignored tuning file '" + path + "'"), std::string::npos) << capture.lines[0];

  write_text(path, header(CNNKIT_VERSION_STRING, cpu_model()) + kLine);  // this machine's: used
  info = load_tuning(path);
  EXPECT_TRUE(info.used);
  EXPECT_EQ(info.entries, 1u);
  std::filesystem::remove(path);
}

// Each malformed file fails naming the file and the line of the fault.
TEST_F(Tuning, MalformedFilesAreErrorsNamingFileAndLine) {
  const std::string good = header(CNNKIT_VERSION_STRING, cpu_model());
  const struct {
    std::string text;
    int line;
    std::string says;
  } cases[] = {
      {"", 0, "header lines"},
      {"cnnkit-tuning 2\n", 1, "cnnkit-tuning 1"},
      {"# comment\nnot a tuning file\n", 2, "cnnkit-tuning"},
      {"cnnkit-tuning 1\ncpu x\n", 2, "cnnkit-version"},
      {good + "relu_fwd\tf32\tscalar\tauto\t1\tcount=1000\trelu_fwd.ref\n", 4, "8 tab-separated fields"},
      {good + "# fine\nrelu_sideways\tf32\tscalar\tauto\t1\tcount=1\trelu_fwd.ref\t1e-6\n", 5, "op name"},
      {good + "relu_fwd\tf16\tscalar\tauto\t1\tcount=1\trelu_fwd.ref\t1e-6\n", 4, "f32 or f64"},
      {good + "relu_fwd\tf32\tavx1024\tauto\t1\tcount=1\trelu_fwd.ref\t1e-6\n", 4, "ISA tier"},
      {good + "relu_fwd\tf32\tscalar\tsometimes\t1\tcount=1\trelu_fwd.ref\t1e-6\n", 4, "threading policy"},
      {good + "relu_fwd\tf32\tscalar\tauto\t0\tcount=1\trelu_fwd.ref\t1e-6\n", 4, "thread count"},
      {good + "relu_fwd\tf32\tscalar\tauto\t1\tcount=1\tconv2d_fwd.ref\t1e-6\n", 4, "relu_fwd variant"},
      {good + "relu_fwd\tf32\tscalar\tauto\t1\tcount=1\trelu_fwd.ref\tfast\n", 4, "time in seconds"},
      {good + "relu_fwd\tf32\tscalar\tauto\t1\t\trelu_fwd.ref\t1e-6\n", 4, "geometry"},
  };
  const std::string path = temp_path("bad.txt");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    write_text(path, c.text);
    try {
      load_tuning(path);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      const std::string what = e.what();
      EXPECT_EQ(e.status(), Status::invalid_argument);
      EXPECT_NE(what.find("tuning file '" + path + "', line " + std::to_string(c.line) + ":"), std::string::npos)
          << what;
      EXPECT_NE(what.find(c.says), std::string::npos) << what;
    }
    EXPECT_EQ(tuning_entry_count(), 0u);  // nothing of a bad file is loaded
  }
  std::filesystem::remove(path);
  EXPECT_THROW(load_tuning(path), Error);  // missing
  EXPECT_THROW(save_tuning(temp_path("no_such_dir") + "/x/y.txt"), Error);
}

TEST_F(Tuning, FormatAndParseAgree) {
  const std::vector<core::TuningRecord> records = {
      {"relu_fwd\tf32\tavx2_fma\tauto\t2\tcount=5 in_place", "relu_fwd.ref", 2.5e-6}};
  const std::string text = core::format_tuning_file("9.9.9", "cpu\twith a tab", records);
  const core::ParsedTuningFile parsed = core::parse_tuning_file(text, "mem");
  EXPECT_EQ(parsed.version, "9.9.9");
  EXPECT_EQ(parsed.cpu, "cpu with a tab");
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].key, records[0].key);
  EXPECT_STREQ(parsed.records[0].variant, "relu_fwd.ref");
  EXPECT_DOUBLE_EQ(parsed.records[0].seconds, 2.5e-6);
}

TEST_F(Tuning, SetTuningRejectsUnknownValues) {
  Context ctx = Context::defaults();
  EXPECT_EQ(ctx.tuning(), cnnkit::Tuning::off);
  EXPECT_THROW(ctx.set_tuning(static_cast<cnnkit::Tuning>(7)), Error);
  EXPECT_EQ(parse_tuning("measure"), cnnkit::Tuning::measure);
  EXPECT_FALSE(parse_tuning("sometimes"));
}

}  // namespace
}  // namespace cnnkit::test
