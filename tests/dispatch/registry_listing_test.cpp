// The registries seen through list_variants and checked for the invariants dispatch relies on:
// the reference last in both dtype lists, names that belong to their op, something runnable.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "global_context_guard.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::test {
namespace {

template <class Op, class T>
void expect_listing_matches_registry(const Context& ctx) {
  const auto list = core::variants_of<Op, T>();
  const auto info = list_variants(Op::id, core::dtype_of<T>(), ctx);
  ASSERT_EQ(info.size(), list.size()) << to_string(Op::id);
  for (std::size_t i = 0; i < list.size(); ++i) {
    SCOPED_TRACE(list[i].name);
    EXPECT_EQ(info[i].name, list[i].name);
    EXPECT_EQ(info[i].op, Op::id);
    EXPECT_EQ(info[i].dtype, core::dtype_of<T>());
    EXPECT_EQ(info[i].isa, list[i].isa);
    EXPECT_EQ(info[i].threading, list[i].threading);
    const bool isa_ok = list[i].isa <= ctx.max_isa() && list[i].isa <= detected_isa();
    const ThreadingPolicy policy = ctx.threading();
    const bool threading_ok = list[i].threading == Threading::serial || policy == ThreadingPolicy::automatic ||
                              (policy == ThreadingPolicy::openmp && list[i].threading == Threading::openmp) ||
                              (policy == ThreadingPolicy::tbb && list[i].threading == Threading::tbb);
    EXPECT_EQ(info[i].runnable, isa_ok && threading_ok);
    EXPECT_EQ(info[i].reason.empty(), info[i].runnable) << info[i].reason;
  }
}

TEST(RegistryListing, ListVariantsFollowsTheRegistryOrderAndTheContext) {
  Context capped = Context::defaults();
  capped.set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  Context omp_only = Context::defaults();
  omp_only.set_threading(ThreadingPolicy::openmp);
  for (const Context* ctx : {&capped, &omp_only}) {
    const Context defaults = Context::defaults();
    core::for_each_op([&](auto traits) {
      using Op = decltype(traits);
      expect_listing_matches_registry<Op, float>(defaults);
      expect_listing_matches_registry<Op, double>(defaults);
      expect_listing_matches_registry<Op, float>(*ctx);
      expect_listing_matches_registry<Op, double>(*ctx);
    });
  }
}

TEST(RegistryListing, ListVariantsWithoutAContextUsesTheGlobalOne) {
  GlobalContextGuard guard;
  global_context().set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  for (OpId op : all_ops())
    for (DType dtype : {DType::f32, DType::f64}) {
      const auto a = list_variants(op, dtype), b = list_variants(op, dtype, global_context());
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].runnable, b[i].runnable) << a[i].name;
    }
}

TEST(RegistryListing, ForEachOpVisitsEveryOpIdInOrder) {
  std::vector<OpId> seen;
  core::for_each_op([&](auto traits) { seen.push_back(decltype(traits)::id); });
  EXPECT_EQ(seen, all_ops());
  EXPECT_EQ(static_cast<int>(seen.size()), op_count);
}

template <class Op, class T>
void expect_reference_last_and_names_owned() {
  const auto list = core::variants_of<Op, T>();
  const std::string op = to_string(Op::id), dtype = to_string(core::dtype_of<T>());
  ASSERT_FALSE(list.empty()) << op << " " << dtype;
  const auto& last = list.back();
  EXPECT_EQ(std::string(last.name), op + ".ref") << dtype;
  EXPECT_EQ(last.isa, Isa::scalar) << op;
  EXPECT_EQ(last.threading, Threading::serial) << op;
  EXPECT_EQ(last.declines, nullptr) << op << ": the reference must accept every problem";
  std::set<std::string> names;
  for (const auto& v : list) {
    EXPECT_TRUE(names.insert(v.name).second) << op << " " << dtype << ": duplicate " << v.name;
    EXPECT_EQ(std::string(v.name).rfind(op + ".", 0), 0u) << v.name << " is not named after " << op;
    EXPECT_NE(v.run, nullptr) << v.name;
  }
}

TEST(RegistryCoverage, EveryOpHasItsReferenceLastInBothDtypeLists) {
  core::for_each_op([](auto traits) {
    using Op = decltype(traits);
    expect_reference_last_and_names_owned<Op, float>();
    expect_reference_last_and_names_owned<Op, double>();
  });
}

TEST(RegistryCoverage, EveryOpHasARunnableVariantEvenUnderTheTightestSettings) {
  Context tightest = Context::defaults();
  tightest.set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  for (const Context& ctx : {Context::defaults(), tightest})
    for (OpId op : all_ops())
      for (DType dtype : {DType::f32, DType::f64}) {
        bool any = false;
        for (const auto& v : list_variants(op, dtype, ctx)) any = any || v.runnable;
        EXPECT_TRUE(any) << to_string(op) << " " << to_string(dtype);
      }
}

}  // namespace
}  // namespace cnnkit::test
