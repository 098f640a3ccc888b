// The verbose log through set_log_sink: one line per call with op, dtype, problem, the chosen
// variant, the entries passed over with their reasons, and the time in ms.
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/threading.hpp"
#include "core/verbose_log.hpp"
#include "fake_op.hpp"
#include "global_context_guard.hpp"
#include "public_calls.hpp"

namespace cnnkit::test {
namespace {

struct Captured {
  std::mutex mutex;
  std::vector<std::string> lines;
};

void capture(const char* line, void* user_data) {
  auto* c = static_cast<Captured*>(user_data);
  std::lock_guard<std::mutex> lock(c->mutex);
  c->lines.emplace_back(line);
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Whether the line ends with the call's time, "; <digits>.<4 digits> ms". (A hand check: GCC 12
// warns falsely inside std::regex in sanitizer builds.)
bool ends_with_time(const std::string& line) {
  const std::string suffix = " ms";
  if (line.size() < suffix.size() || line.compare(line.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  const std::size_t end = line.size() - suffix.size();
  const std::size_t start = line.rfind("; ", end);
  if (start == std::string::npos) return false;
  const std::string number = line.substr(start + 2, end - start - 2);
  const std::size_t dot = number.find('.');
  if (dot == std::string::npos || dot == 0 || number.size() - dot - 1 != 4) return false;
  for (std::size_t i = 0; i < number.size(); ++i)
    if (i != dot && (number[i] < '0' || number[i] > '9')) return false;
  return true;
}

// Checks one line of a call that ran `ran` for (op, dtype) under ctx.
void expect_call_line(const std::string& line, OpId op, DType dtype, const std::string& ran, const Context& ctx,
                      bool forced) {
  SCOPED_TRACE(line);
  EXPECT_EQ(line.rfind(std::string("cnnkit: ") + to_string(op) + " " + to_string(dtype) + " ", 0), 0u);
  EXPECT_TRUE(contains(line, expected_problem_text(op)));
  EXPECT_TRUE(contains(line, " -> " + ran));
  EXPECT_EQ(contains(line, "[forced]"), forced);
  EXPECT_EQ(contains(line, "[rule]"), !forced);
  EXPECT_TRUE(ends_with_time(line));
  // Every entry listed before the one that ran was passed over, and says why.
  const auto list = list_variants(op, dtype, ctx);
  bool before_chosen = true;
  for (const auto& v : list) {
    if (v.name == ran) {
      before_chosen = false;
      continue;
    }
    if (forced || !before_chosen) {
      EXPECT_FALSE(contains(line, " " + v.name + " (")) << v.name << " was not passed over";
    } else {
      EXPECT_TRUE(contains(line, " " + v.name + " (" + (v.runnable ? "" : v.reason)));
    }
  }
  EXPECT_EQ(contains(line, "; declined:"), !forced && list.front().name != ran);
}

TEST(VerboseLog, OneLinePerCallForEveryOpAndDtype) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  Context tight = Context::defaults();
  tight.set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  for (Context ctx : {Context::defaults(), tight}) {
    ctx.set_verbose(true);
    for (OpId op : all_ops())
      for (DType dtype : {DType::f32, DType::f64}) {
        const std::size_t before = captured.lines.size();
        call_public_op(op, dtype, ctx);
        ASSERT_EQ(captured.lines.size(), before + 1) << to_string(op);
        expect_call_line(captured.lines.back(), op, dtype, last_variant(op), ctx, false);
      }
  }
}

TEST(VerboseLog, ForcedCallsAreMarked) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  Context ctx = Context::defaults();
  ctx.set_verbose(true).force_variant(OpId::conv2d_fwd, "conv2d_fwd.ref");
  call_public_op(OpId::conv2d_fwd, DType::f32, ctx);
  ASSERT_EQ(captured.lines.size(), 1u);
  expect_call_line(captured.lines[0], OpId::conv2d_fwd, DType::f32, "conv2d_fwd.ref", ctx, true);
}

TEST(VerboseLog, QuietContextsLogNothing) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  for (OpId op : all_ops()) call_public_op(op, DType::f32, Context::defaults());
  EXPECT_TRUE(captured.lines.empty());
}

TEST(VerboseLog, DeclinedEntriesAndReasonsAreWrittenInListOrder) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  const std::vector<FakeVariant> list = {{"pad.wide", Isa::avx512, Threading::serial, nullptr, &write_mark<1>},
                                         {"pad.picky", Isa::scalar, Threading::serial, &declines_always, &write_mark<2>},
                                         {"pad.ref", Isa::scalar, Threading::serial, nullptr, &write_mark<0>}};
  Context ctx = Context::defaults();
  ctx.set_max_isa(Isa::scalar);
  std::vector<core::Declined> declined;
  const FakeProblem problem{3};
  const auto& v = core::select_variant<FakeOp, float>(std::span<const FakeVariant>(list), problem, ctx,
                                                       core::Exec{}, &declined);
  core::begin_team_note();  // as the call path does before a logged run: no threads ran
  core::log_call(FakeOp::id, DType::f32, problem.describe(), v.name, "rule", declined, 0.00125);
  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0],
            "cnnkit: pad f32 size=3 -> pad.ref [rule]; declined: pad.wide (" +
                std::string("needs avx512, the effective ISA tier is scalar (CPU ") + to_string(detected_isa()) +
                (detected_isa() > Isa::scalar ? ", capped to scalar" : "") +
                ")), pad.picky (fake: declines everything); 1.2500 ms");
}

TEST(VerboseLog, DefaultSinkWritesToStderrAndNullRestoresIt) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  set_log_sink(nullptr, nullptr);
  Context ctx = Context::defaults();
  ctx.set_verbose(true);
  ::testing::internal::CaptureStderr();
  call_public_op(OpId::relu_fwd, DType::f64, ctx);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(captured.lines.empty());
  EXPECT_EQ(err.rfind("cnnkit: relu_fwd f64 count=75", 0), 0u) << err;
  EXPECT_EQ(err.back(), '\n');
}

TEST(VerboseLog, ConcurrentCallsEachGetOneWholeLine) {
  GlobalContextGuard guard;
  Captured captured;
  set_log_sink(&capture, &captured);
  Context ctx = Context::defaults();
  ctx.set_verbose(true);
  constexpr int kThreads = 4, kCalls = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) call_public_op(t % 2 ? OpId::relu_fwd : OpId::dense_fwd, DType::f32, ctx);
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(captured.lines.size(), static_cast<std::size_t>(kThreads * kCalls));
  for (const auto& line : captured.lines) {
    EXPECT_EQ(line.rfind("cnnkit: ", 0), 0u) << line;
    EXPECT_TRUE(ends_with_time(line)) << line;
  }
}

}  // namespace
}  // namespace cnnkit::test
