// core::select_variant on hand-made lists: order, ISA tier and cap, threading policy, declines,
// forcing, and the errors a forced variant that cannot run produces.
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <vector>

#include "cnnkit/error.hpp"
#include "fake_op.hpp"

namespace cnnkit::test {
namespace {

struct Selection {
  std::string name;
  std::vector<core::Declined> declined;
};

Selection select(const std::vector<FakeVariant>& list, const Context& ctx, int size = 1) {
  const FakeProblem problem{size};
  std::vector<core::Declined> declined;
  const core::Exec exec{ctx.threading(), ctx.num_threads()};
  const FakeVariant& v = core::select_variant<FakeOp, float>(std::span<const FakeVariant>(list), problem, ctx, exec, &declined);
  return {v.name, declined};
}

// The entry that ran, identified by running it.
float run_selected(const std::vector<FakeVariant>& list, const Context& ctx) {
  const FakeProblem problem{1};
  const core::Exec exec{ctx.threading(), ctx.num_threads()};
  float out = -1;
  core::select_variant<FakeOp, float>(std::span<const FakeVariant>(list), problem, ctx, exec, nullptr).run(problem, &out, exec);
  return out;
}

const FakeVariant kRef{"pad.ref", Isa::scalar, Threading::serial, nullptr, &write_mark<0>};

TEST(SelectVariant, FirstRunnableEntryThatAcceptsIsChosen) {
  const std::vector<FakeVariant> list = {{"declines", Isa::scalar, Threading::serial, &declines_always, &write_mark<1>},
                                         {"second", Isa::scalar, Threading::serial, nullptr, &write_mark<2>},
                                         {"third", Isa::scalar, Threading::serial, nullptr, &write_mark<3>},
                                         kRef};
  const Context ctx = Context::defaults();
  const Selection s = select(list, ctx);
  EXPECT_EQ(s.name, "second");
  ASSERT_EQ(s.declined.size(), 1u);
  EXPECT_STREQ(s.declined[0].name, "declines");
  EXPECT_EQ(s.declined[0].reason, "fake: declines everything");
  EXPECT_EQ(run_selected(list, ctx), 2.0f);
}

TEST(SelectVariant, DeclineDependsOnTheProblem) {
  const std::vector<FakeVariant> list = {{"small_only", Isa::scalar, Threading::serial, &declines_large, &write_mark<1>},
                                         kRef};
  const Context ctx = Context::defaults();
  EXPECT_EQ(select(list, ctx, 10).name, "small_only");
  const Selection big = select(list, ctx, 11);
  EXPECT_EQ(big.name, "pad.ref");
  ASSERT_EQ(big.declined.size(), 1u);
  EXPECT_EQ(big.declined[0].reason, "fake: only sizes up to 10");
}

TEST(SelectVariant, EntriesAboveTheCpuOrTheCapAreSkipped) {
  const Isa tiers[] = {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512};
  for (Isa tier : tiers)
    for (Isa cap : tiers) {
      const std::vector<FakeVariant> list = {{"tiered", tier, Threading::serial, nullptr, &write_mark<1>}, kRef};
      Context ctx = Context::defaults();
      ctx.set_max_isa(cap);
      const bool allowed = tier <= cap && tier <= detected_isa();
      const Selection s = select(list, ctx);
      EXPECT_EQ(s.name, allowed ? "tiered" : "pad.ref") << to_string(tier) << " under cap " << to_string(cap);
      if (!allowed) {
        ASSERT_EQ(s.declined.size(), 1u);
        EXPECT_NE(s.declined[0].reason.find(std::string("needs ") + to_string(tier)), std::string::npos)
            << s.declined[0].reason;
        if (cap < detected_isa() && tier > cap) {
          EXPECT_NE(s.declined[0].reason.find(std::string("capped to ") + to_string(cap)), std::string::npos)
              << s.declined[0].reason;
        }
      }
    }
}

TEST(SelectVariant, EntryAboveEveryTierOfThisCpuIsSkippedEvenUncapped) {
  const Isa above = static_cast<Isa>(static_cast<int>(detected_isa()) + 1);
  const std::vector<FakeVariant> list = {{"above", above, Threading::serial, nullptr, &write_mark<1>}, kRef};
  const Selection s = select(list, Context::defaults());
  EXPECT_EQ(s.name, "pad.ref");
  ASSERT_EQ(s.declined.size(), 1u);
  EXPECT_NE(s.declined[0].reason.find(std::string("CPU ") + to_string(detected_isa())), std::string::npos)
      << s.declined[0].reason;
}

TEST(SelectVariant, ThreadingPolicyExcludesOtherRuntimes) {
  const std::vector<FakeVariant> list = {{"omp", Isa::scalar, Threading::openmp, nullptr, &write_mark<1>},
                                         {"tbb", Isa::scalar, Threading::tbb, nullptr, &write_mark<2>},
                                         {"serial", Isa::scalar, Threading::serial, nullptr, &write_mark<3>},
                                         kRef};
  const struct {
    ThreadingPolicy policy;
    const char* expected;
    std::vector<std::string> excluded;
  } rows[] = {{ThreadingPolicy::automatic, "omp", {}},
              {ThreadingPolicy::openmp, "omp", {}},
              {ThreadingPolicy::tbb, "tbb", {"omp"}},
              {ThreadingPolicy::serial, "serial", {"omp", "tbb"}}};
  for (const auto& row : rows) {
    Context ctx = Context::defaults();
    ctx.set_threading(row.policy);
    const Selection s = select(list, ctx);
    EXPECT_EQ(s.name, row.expected) << to_string(row.policy);
    ASSERT_EQ(s.declined.size(), row.excluded.size()) << to_string(row.policy);
    for (std::size_t i = 0; i < row.excluded.size(); ++i) {
      EXPECT_EQ(s.declined[i].name, row.excluded[i]);
      EXPECT_NE(s.declined[i].reason.find(std::string("threading policy '") + to_string(row.policy) + "' excludes"),
                std::string::npos)
          << s.declined[i].reason;
    }
  }
}

TEST(SelectVariant, ThreadedVariantSeesTheRequestedThreadCount) {
  static int seen_threads = -1;
  const auto remember = [](const FakeProblem&, const core::Exec& e) -> const char* {
    seen_threads = e.num_threads;
    return e.num_threads == 1 ? "fake: one thread is the serial path's job" : nullptr;
  };
  const std::vector<FakeVariant> list = {{"omp", Isa::scalar, Threading::openmp, +remember, &write_mark<1>}, kRef};
  Context ctx = Context::defaults();
  ctx.set_num_threads(3);
  EXPECT_EQ(select(list, ctx).name, "omp");
  EXPECT_EQ(seen_threads, 3);
  ctx.set_num_threads(1);
  EXPECT_EQ(select(list, ctx).name, "pad.ref");
}

TEST(SelectVariant, ForcedVariantRunsWhenAllowedEvenIfAnEarlierEntryAccepts) {
  const std::vector<FakeVariant> list = {{"first", Isa::scalar, Threading::serial, nullptr, &write_mark<1>}, kRef};
  Context ctx = Context::defaults();
  ctx.force_variant(OpId::pad, "pad.ref");
  EXPECT_EQ(select(list, ctx).name, "pad.ref");
  EXPECT_EQ(run_selected(list, ctx), 0.0f);
  ctx.force_variant(OpId::pad, "auto");
  EXPECT_EQ(select(list, ctx).name, "first");
}

// The error a forced variant that cannot run gives: unsupported, naming the variant, why, and
// the variants that can run the problem.
void expect_forced_failure(const std::vector<FakeVariant>& list, const Context& ctx, const std::string& why,
                           const std::string& can_run) {
  try {
    select(list, ctx);
    ADD_FAILURE() << "expected cnnkit::Error (unsupported)";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::unsupported);
    const std::string message = e.what();
    EXPECT_NE(message.find("forced variant 'pad.ref' cannot run"), std::string::npos) << message;
    EXPECT_NE(message.find(why), std::string::npos) << message;
    EXPECT_NE(message.find("Variants that can run this problem: " + can_run), std::string::npos) << message;
  }
}

TEST(SelectVariant, ForcedVariantThatDeclinesIsUnsupportedWithReasonAndAlternatives) {
  const std::vector<FakeVariant> list = {{"fast", Isa::scalar, Threading::serial, nullptr, &write_mark<1>},
                                         {"pad.ref", Isa::scalar, Threading::serial, &declines_always, &write_mark<0>}};
  Context ctx = Context::defaults();
  ctx.force_variant(OpId::pad, "pad.ref");
  expect_forced_failure(list, ctx, "fake: declines everything", "fast");
}

TEST(SelectVariant, ForcedVariantAboveTheCapIsUnsupportedWithReason) {
  const std::vector<FakeVariant> list = {{"pad.ref", Isa::sse4_2, Threading::serial, nullptr, &write_mark<0>},
                                         {"plain", Isa::scalar, Threading::serial, nullptr, &write_mark<1>}};
  Context ctx = Context::defaults();
  ctx.set_max_isa(Isa::scalar).force_variant(OpId::pad, "pad.ref");
  expect_forced_failure(list, ctx, "needs sse4_2", "plain");
}

TEST(SelectVariant, ForcedVariantExcludedByPolicyIsUnsupportedWithReason) {
  const std::vector<FakeVariant> list = {{"pad.ref", Isa::scalar, Threading::tbb, nullptr, &write_mark<0>},
                                         {"plain", Isa::scalar, Threading::serial, nullptr, &write_mark<1>}};
  Context ctx = Context::defaults();
  ctx.set_threading(ThreadingPolicy::openmp).force_variant(OpId::pad, "pad.ref");
  expect_forced_failure(list, ctx, "threading policy 'openmp' excludes tbb variants", "plain");
}

TEST(SelectVariant, ForcedNameMissingFromThisListIsUnsupported) {
  const std::vector<FakeVariant> list = {{"plain", Isa::scalar, Threading::serial, nullptr, &write_mark<1>}};
  Context ctx = Context::defaults();
  ctx.force_variant(OpId::pad, "pad.ref");
  expect_forced_failure(list, ctx, "it is not registered for f32", "plain");
}

TEST(SelectVariant, NoAcceptingEntryIsAnInternalError) {
  const std::vector<FakeVariant> list = {{"declines", Isa::scalar, Threading::serial, &declines_always, &write_mark<1>}};
  try {
    select(list, Context::defaults());
    ADD_FAILURE() << "expected cnnkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::internal_error);
  }
}

}  // namespace
}  // namespace cnnkit::test
