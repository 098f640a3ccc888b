// core::context_from_environment with a fake variable getter: all five variables, good values
// and malformed ones (errors must name the variable), without touching the process environment.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cnnkit/error.hpp"
#include "core/environment.hpp"

namespace cnnkit::test {
namespace {

std::map<std::string, std::string>& fake_environment() {
  static std::map<std::string, std::string> variables;
  return variables;
}

const char* fake_getenv(const char* name) {
  const auto it = fake_environment().find(name);
  return it == fake_environment().end() ? nullptr : it->second.c_str();
}

Context from_environment(std::map<std::string, std::string> variables, const Context& base = Context::defaults()) {
  fake_environment() = std::move(variables);
  return core::context_from_environment(base, &fake_getenv);
}

TEST(Environment, NoVariablesKeepTheBase) {
  Context base = Context::defaults();
  base.set_max_isa(Isa::sse4_2).set_num_threads(4).set_verbose(true).force_variant("pad", "pad.ref");
  const Context c = from_environment({}, base);
  EXPECT_EQ(c.max_isa(), Isa::sse4_2);
  EXPECT_EQ(c.num_threads(), 4);
  EXPECT_TRUE(c.verbose());
  EXPECT_EQ(c.forced_variant(OpId::pad), "pad.ref");
}

TEST(Environment, EmptyValuesAreIgnored) {
  const Context c = from_environment({{"CNNKIT_MAX_ISA", ""}, {"CNNKIT_VARIANT", ""}, {"CNNKIT_THREADING", ""},
                                      {"CNNKIT_NUM_THREADS", ""}, {"CNNKIT_VERBOSE", ""}});
  EXPECT_EQ(c.max_isa(), Isa::avx512);
  EXPECT_EQ(c.threading(), ThreadingPolicy::automatic);
  EXPECT_EQ(c.num_threads(), 0);
  EXPECT_FALSE(c.verbose());
}

TEST(Environment, MaxIsaAcceptsEveryTierName) {
  for (Isa isa : {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512})
    EXPECT_EQ(from_environment({{"CNNKIT_MAX_ISA", to_string(isa)}}).max_isa(), isa) << to_string(isa);
}

TEST(Environment, ThreadingAcceptsPoliciesAndAliases) {
  const std::pair<const char*, ThreadingPolicy> rows[] = {
      {"auto", ThreadingPolicy::automatic}, {"automatic", ThreadingPolicy::automatic},
      {"serial", ThreadingPolicy::serial},  {"openmp", ThreadingPolicy::openmp},
      {"omp", ThreadingPolicy::openmp},     {"tbb", ThreadingPolicy::tbb}};
  for (const auto& [text, policy] : rows)
    EXPECT_EQ(from_environment({{"CNNKIT_THREADING", text}}).threading(), policy) << text;
}

TEST(Environment, NumThreadsAcceptsNonNegativeCounts) {
  for (int n : {0, 1, 16, 256}) EXPECT_EQ(from_environment({{"CNNKIT_NUM_THREADS", std::to_string(n)}}).num_threads(), n);
}

TEST(Environment, VerboseAcceptsOnAndOffSpellings) {
  for (const char* on : {"1", "true", "on"}) EXPECT_TRUE(from_environment({{"CNNKIT_VERBOSE", on}}).verbose()) << on;
  Context base = Context::defaults();
  base.set_verbose(true);
  for (const char* off : {"0", "false", "off"})
    EXPECT_FALSE(from_environment({{"CNNKIT_VERBOSE", off}}, base).verbose()) << off;
}

TEST(Environment, TuneAcceptsOffAndMeasure) {
  EXPECT_EQ(from_environment({{"CNNKIT_TUNE", "measure"}}).tuning(), Tuning::measure);
  Context base = Context::defaults();
  base.set_tuning(Tuning::measure);
  EXPECT_EQ(from_environment({{"CNNKIT_TUNE", "off"}}, base).tuning(), Tuning::off);
  EXPECT_EQ(from_environment({{"CNNKIT_TUNE", ""}}, base).tuning(), Tuning::measure);
}

TEST(Environment, VariantAcceptsPairsBareNamesSpacesAndAuto) {
  const Context c = from_environment({{"CNNKIT_VARIANT", "conv2d_fwd=conv2d_fwd.ref, relu_bwd.ref ,,adam = adam.ref"}});
  EXPECT_EQ(c.forced_variant(OpId::conv2d_fwd), "conv2d_fwd.ref");
  EXPECT_EQ(c.forced_variant(OpId::relu_bwd), "relu_bwd.ref");
  EXPECT_EQ(c.forced_variant(OpId::adam), "adam.ref");
  EXPECT_EQ(c.forced_variant(OpId::pad), "");
  Context base = Context::defaults();
  base.force_variant("pad", "pad.ref");
  EXPECT_EQ(from_environment({{"CNNKIT_VARIANT", "pad=auto"}}, base).forced_variant(OpId::pad), "");
}

TEST(Environment, AllFiveTogether) {
  const Context c = from_environment({{"CNNKIT_MAX_ISA", "scalar"},
                                      {"CNNKIT_VARIANT", "pool2d_fwd=pool2d_fwd.ref"},
                                      {"CNNKIT_THREADING", "serial"},
                                      {"CNNKIT_NUM_THREADS", "3"},
                                      {"CNNKIT_VERBOSE", "1"}});
  EXPECT_EQ(c.max_isa(), Isa::scalar);
  EXPECT_EQ(c.forced_variant(OpId::pool2d_fwd), "pool2d_fwd.ref");
  EXPECT_EQ(c.threading(), ThreadingPolicy::serial);
  EXPECT_EQ(c.num_threads(), 3);
  EXPECT_TRUE(c.verbose());
}

TEST(Environment, LateThreadsAcceptsShrinkAndWait) {
  for (const char* value : {"shrink", "wait", ""}) EXPECT_NO_THROW(from_environment({{"CNNKIT_LATE_THREADS", value}})) << value;
}

TEST(Environment, MalformedValuesFailNamingTheVariable) {
  const std::pair<const char*, const char*> rows[] = {
      {"CNNKIT_MAX_ISA", "avx3"},           {"CNNKIT_MAX_ISA", "AVX512"},
      {"CNNKIT_MAX_ISA", " avx2_fma"},      {"CNNKIT_VARIANT", "conv2d_fwd=conv2d_fwd.nope"},
      {"CNNKIT_VARIANT", "no_such_op=x"},   {"CNNKIT_VARIANT", "conv2d_fwd.nope"},
      {"CNNKIT_VARIANT", "pad=relu_fwd.ref"}, {"CNNKIT_THREADING", "gpu"},
      {"CNNKIT_THREADING", "OpenMP"},       {"CNNKIT_NUM_THREADS", "-1"},
      {"CNNKIT_NUM_THREADS", "abc"},        {"CNNKIT_NUM_THREADS", "3x"},
      {"CNNKIT_NUM_THREADS", "99999999999"}, {"CNNKIT_NUM_THREADS", " 2"},
      {"CNNKIT_VERBOSE", "2"},              {"CNNKIT_VERBOSE", "yes"},
      {"CNNKIT_TUNE", "on"},                {"CNNKIT_TUNE", "Measure"},
      {"CNNKIT_LATE_THREADS", "sleep"},     {"CNNKIT_LATE_THREADS", "Wait"},
  };
  for (const auto& [name, value] : rows) {
    try {
      from_environment({{name, value}});
      ADD_FAILURE() << name << "=" << value << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::invalid_argument) << name << "=" << value;
      const std::string m = e.what();
      EXPECT_NE(m.find(name), std::string::npos) << m;
    }
  }
}

TEST(Environment, MalformedVariantErrorListsTheValidNames) {
  try {
    from_environment({{"CNNKIT_VARIANT", "dense_fwd=dense_fwd.fast"}});
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("CNNKIT_VARIANT"), std::string::npos) << m;
    EXPECT_NE(m.find("dense_fwd.ref"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace cnnkit::test
