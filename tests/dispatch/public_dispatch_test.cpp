// Dispatch through the public API on the real registries, for every op and dtype: forcing,
// forcing errors, and last_variant (per op, per thread).
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "cnnkit/error.hpp"
#include "cnnkit/ops.hpp"
#include "global_context_guard.hpp"
#include "public_calls.hpp"

namespace cnnkit::test {
namespace {

const DType kDtypes[] = {DType::f32, DType::f64};

std::string reference_name(OpId op) { return std::string(to_string(op)) + ".ref"; }

TEST(PublicDispatch, ForcedReferenceRunsForEveryOp) {
  for (OpId op : all_ops())
    for (DType dtype : kDtypes) {
      Context ctx = Context::defaults();
      ctx.force_variant(op, reference_name(op));
      call_public_op(op, dtype, ctx);
      EXPECT_EQ(last_variant(op), reference_name(op)) << to_string(dtype);
    }
}

TEST(PublicDispatch, UnforcedCallRunsARunnableEntryOfItsList) {
  Context tight = Context::defaults();
  tight.set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  for (const Context& ctx : {Context::defaults(), tight})
    for (OpId op : all_ops())
      for (DType dtype : kDtypes) {
        call_public_op(op, dtype, ctx);
        const std::string ran = last_variant(op);
        bool found = false;
        for (const auto& v : list_variants(op, dtype, ctx))
          if (v.name == ran) {
            found = true;
            EXPECT_TRUE(v.runnable) << ran << ": " << v.reason;
          }
        EXPECT_TRUE(found) << to_string(op) << " ran '" << ran << "', which is not in its list";
      }
}

TEST(PublicDispatch, ForcingAnUnknownNameIsInvalidAndListsTheValidNames) {
  GlobalContextGuard guard;
  for (OpId op : all_ops()) {
    const std::string bogus = std::string(to_string(op)) + ".no_such_variant";
    try {
      force_variant(to_string(op), bogus);  // the global shorthand
      ADD_FAILURE() << bogus << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::invalid_argument);
      const std::string m = e.what();
      EXPECT_NE(m.find(bogus), std::string::npos) << m;
      for (DType dtype : kDtypes)
        for (const auto& v : list_variants(op, dtype)) EXPECT_NE(m.find(v.name), std::string::npos) << m;
    }
    EXPECT_EQ(global_context().forced_variant(op), "");
  }
}

// A forced variant the settings exclude must fail with `unsupported`, naming it, the reason and
// what can run, never silently fall back. Exercised on every registered variant that the
// tightest settings (scalar, serial) exclude; there are none while every list holds only its
// reference, and the test says so rather than passing silently.
TEST(PublicDispatch, ForcedVariantThatCannotRunIsUnsupported) {
  int exercised = 0;
  for (OpId op : all_ops())
    for (DType dtype : kDtypes)
      for (const auto& v : list_variants(op, dtype)) {
        if (v.isa == Isa::scalar && v.threading == Threading::serial) continue;
        Context ctx = Context::defaults();
        ctx.set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial).force_variant(op, v.name);
        ++exercised;
        try {
          call_public_op(op, dtype, ctx);
          ADD_FAILURE() << v.name << " ran although the settings exclude it";
        } catch (const Error& e) {
          EXPECT_EQ(e.status(), Status::unsupported) << e.what();
          const std::string m = e.what();
          EXPECT_NE(m.find("'" + v.name + "' cannot run"), std::string::npos) << m;
          EXPECT_NE(m.find(v.isa != Isa::scalar ? "needs " : "excludes"), std::string::npos) << m;
          EXPECT_NE(m.find("Variants that can run this problem:"), std::string::npos) << m;
          EXPECT_NE(m.find(reference_name(op)), std::string::npos) << m;
        }
      }
  if (exercised == 0) GTEST_SKIP() << "no registered variant needs more than scalar/serial yet";
}

TEST(PublicDispatch, LastVariantIsPerOpAndPerThread) {
  const Context ctx = Context::defaults();
  call_public_op(OpId::relu_fwd, DType::f32, ctx);
  const std::string here = last_variant(OpId::relu_fwd);
  EXPECT_FALSE(here.empty());
  std::string other_before, other_after, other_relu_bwd;
  std::thread t([&] {
    other_before = last_variant(OpId::relu_fwd);
    call_public_op(OpId::relu_fwd, DType::f64, ctx);
    other_after = last_variant(OpId::relu_fwd);
    other_relu_bwd = last_variant(OpId::relu_bwd);
  });
  t.join();
  EXPECT_EQ(other_before, "");  // a new thread has run nothing
  EXPECT_FALSE(other_after.empty());
  EXPECT_EQ(other_relu_bwd, "");  // another op's record is separate
  EXPECT_EQ(last_variant(OpId::relu_fwd), here);
  EXPECT_EQ(last_variant(static_cast<OpId>(op_count)), "");
}

TEST(PublicDispatch, FailedForcedCallDoesNotChangeLastVariant) {
  const Context plain = Context::defaults();
  call_public_op(OpId::pad, DType::f32, plain);
  const std::string before = last_variant(OpId::pad);
  Context ctx = Context::defaults();
  ctx.force_variant(OpId::pad, "pad.ref");
  // An invalid argument is rejected before dispatch: nothing ran.
  float x = 0, y = 0;
  EXPECT_THROW(pad<float>({&x, {1, 1, 1, 1}}, {&y, {1, 2, 2, 1}}, Padding{}, 0.0f, ctx), Error);
  EXPECT_EQ(last_variant(OpId::pad), before);
}

}  // namespace
}  // namespace cnnkit::test
