// cnnkit::Context: copies of the global context, independence after copying, the library
// defaults, setter validation and forcing by name.
#include <gtest/gtest.h>

#include "cnnkit/context.hpp"
#include "cnnkit/error.hpp"
#include "global_context_guard.hpp"

namespace cnnkit::test {
namespace {

void expect_same_settings(const Context& a, const Context& b) {
  EXPECT_EQ(a.max_isa(), b.max_isa());
  EXPECT_EQ(a.threading(), b.threading());
  EXPECT_EQ(a.num_threads(), b.num_threads());
  EXPECT_EQ(a.verbose(), b.verbose());
  for (OpId op : all_ops()) EXPECT_EQ(a.forced_variant(op), b.forced_variant(op)) << to_string(op);
}

void expect_defaults(const Context& c) {
  EXPECT_EQ(c.max_isa(), Isa::avx512);
  EXPECT_EQ(c.threading(), ThreadingPolicy::automatic);
  EXPECT_EQ(c.num_threads(), 0);
  EXPECT_FALSE(c.verbose());
  for (OpId op : all_ops()) EXPECT_EQ(c.forced_variant(op), "") << to_string(op);
}

void customise(Context& c) {
  c.set_max_isa(Isa::sse4_2).set_threading(ThreadingPolicy::tbb).set_num_threads(3).set_verbose(true);
  c.force_variant("conv2d_fwd", "conv2d_fwd.ref");
}

TEST(Context, NewContextStartsAsACopyOfTheGlobalOne) {
  GlobalContextGuard guard;
  customise(global_context());
  Context c;
  expect_same_settings(c, global_context());
  EXPECT_EQ(c.forced_variant(OpId::conv2d_fwd), "conv2d_fwd.ref");
}

TEST(Context, CopiesAreIndependentOfTheirSource) {
  GlobalContextGuard guard;
  Context c;  // a copy of the unmodified global context
  const Isa before = c.max_isa();
  global_context().set_max_isa(Isa::scalar).set_num_threads(5);
  EXPECT_EQ(c.max_isa(), before);
  EXPECT_NE(c.num_threads(), 5);
  c.set_threading(ThreadingPolicy::serial);
  EXPECT_NE(global_context().threading(), ThreadingPolicy::serial);
}

TEST(Context, CopyConstructionAndAssignmentCopyEverySetting) {
  Context a = Context::defaults();
  customise(a);
  const Context b(a);
  expect_same_settings(a, b);
  Context d = Context::defaults();
  d = a;
  expect_same_settings(a, d);
  const Context& same = d;
  d = same;  // self-assignment keeps the settings
  expect_same_settings(a, d);
}

TEST(Context, DefaultsIgnoreTheGlobalContext) {
  GlobalContextGuard guard;
  customise(global_context());
  expect_defaults(Context::defaults());
}

TEST(Context, ShorthandsChangeTheGlobalContext) {
  GlobalContextGuard guard;
  set_max_isa(Isa::scalar);
  set_threading(ThreadingPolicy::openmp);
  set_num_threads(2);
  set_verbose(true);
  force_variant("relu_fwd", "relu_fwd.ref");
  const Context& g = global_context();
  EXPECT_EQ(g.max_isa(), Isa::scalar);
  EXPECT_EQ(g.threading(), ThreadingPolicy::openmp);
  EXPECT_EQ(g.num_threads(), 2);
  EXPECT_TRUE(g.verbose());
  EXPECT_EQ(g.forced_variant(OpId::relu_fwd), "relu_fwd.ref");
}

// Runs `f`, which must throw invalid_argument with a message containing `argument`.
template <class F>
void expect_invalid(F f, const std::string& argument) {
  try {
    f();
    ADD_FAILURE() << "expected cnnkit::Error naming " << argument;
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument);
    EXPECT_NE(std::string(e.what()).find(argument), std::string::npos) << e.what();
  }
}

TEST(Context, SettersRejectValuesOutsideTheirEnums) {
  Context c = Context::defaults();
  expect_invalid([&] { c.set_max_isa(static_cast<Isa>(4)); }, "'isa'");
  expect_invalid([&] { c.set_max_isa(static_cast<Isa>(-1)); }, "'isa'");
  expect_invalid([&] { c.set_threading(static_cast<ThreadingPolicy>(4)); }, "'policy'");
  expect_invalid([&] { c.set_num_threads(-1); }, "'num_threads'");
  expect_defaults(c);  // a rejected value changes nothing
}

TEST(Context, ForcingAnUnknownVariantListsTheValidNames) {
  Context c = Context::defaults();
  try {
    c.force_variant("conv2d_fwd", "conv2d_fwd.no_such_variant");
    ADD_FAILURE() << "expected cnnkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument);
    const std::string m = e.what();
    EXPECT_NE(m.find("'conv2d_fwd.no_such_variant' is not a variant of conv2d_fwd"), std::string::npos) << m;
    for (const auto& v : list_variants(OpId::conv2d_fwd, DType::f32, c))
      EXPECT_NE(m.find(v.name), std::string::npos) << m;
  }
  expect_invalid([&] { c.force_variant("conv2d_fwd", "relu_fwd.ref"); }, "relu_fwd.ref");  // another op's variant
  expect_invalid([&] { c.force_variant("no_such_op", "x"); }, "'no_such_op' is not an op");
  expect_invalid([&] { c.force_variant(static_cast<OpId>(op_count), "pad.ref"); }, "'op'");
  EXPECT_EQ(c.forced_variant(OpId::conv2d_fwd), "");
}

TEST(Context, AutoOrEmptyClearsAForce) {
  Context c = Context::defaults();
  c.force_variant(OpId::pad, "pad.ref");
  EXPECT_EQ(c.forced_variant(OpId::pad), "pad.ref");
  c.force_variant(OpId::pad, "auto");
  EXPECT_EQ(c.forced_variant(OpId::pad), "");
  c.force_variant(OpId::pad, "pad.ref").force_variant(OpId::pad, "");
  EXPECT_EQ(c.forced_variant(OpId::pad), "");
  c.force_variant(OpId::pad, "pad.ref").force_variant(OpId::adam, "adam.ref").clear_forced_variants();
  EXPECT_EQ(c.forced_variant(OpId::pad), "");
  EXPECT_EQ(c.forced_variant(OpId::adam), "");
}

}  // namespace
}  // namespace cnnkit::test
