// One test per case of every fixture set and precision: tests/data/fixtures/seeds (the seeds'
// examples) and tests/data/golden (torch/numpy cases made by scripts/golden/make_torch_golden.py).
// The cases come from each set's MANIFEST.txt, so a new case is tested without editing this file,
// and a case whose op no test handles fails.
#include <algorithm>
#include <cctype>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reference/case_runner.hpp"
#include "reference/reference_context.hpp"
#include "support/fixture.hpp"
#include "support/test_data.hpp"

namespace cnnkit::test {
namespace {

const char* const kSets[] = {"fixtures/seeds", "golden"};

struct CaseParam {
  std::string set, name, op;
  Precision precision;
  std::string manifest_error;  // set when the manifest could not be read
};

// What GoogleTest prints for a parameter (instead of its bytes).
void PrintTo(const CaseParam& p, std::ostream* os) { *os << p.set << "/" << p.name << " (" << to_string(p.precision) << ")"; }

std::vector<CaseParam> cases_of(const std::string& set) {
  std::vector<CaseParam> out;
  try {
    for (const ManifestEntry& e : read_manifest(data_path(set)))
      for (const Precision p : {Precision::f64, Precision::f32}) out.push_back({set, e.name, e.op, p, ""});
  } catch (const std::exception& e) {
    // Reported by the one test this yields (test registration must not throw).
    out.push_back({set, "unreadable_manifest", "", Precision::f64, e.what()});
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<CaseParam>& info) {
  std::string s = info.param.name + (info.param.precision == Precision::f64 ? "_f64" : "_f32");
  std::replace_if(s.begin(), s.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return s;
}

class FixtureCaseTest : public ::testing::TestWithParam<CaseParam> {};

TEST_P(FixtureCaseTest, MatchesStoredOutputs) {
  const CaseParam& p = GetParam();
  ASSERT_TRUE(p.manifest_error.empty()) << p.manifest_error;
  run_fixture_case(data_path(p.set), p.name, p.op, p.precision);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FixtureCaseTest, ::testing::ValuesIn(cases_of("fixtures/seeds")), test_name);
INSTANTIATE_TEST_SUITE_P(Golden, FixtureCaseTest, ::testing::ValuesIn(cases_of("golden")), test_name);

// ---- the sets themselves

TEST(FixtureSets, ManifestListsExactlyTheCaseFolders) {
  for (const char* set : kSets) {
    SCOPED_TRACE(set);
    std::vector<std::string> listed;
    for (const ManifestEntry& e : read_manifest(data_path(set))) listed.push_back(e.name);
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(listed, case_directories(data_path(set)));
  }
}

TEST(FixtureSets, EveryOpHasAHandler) {
  for (const char* set : kSets)
    for (const ManifestEntry& e : read_manifest(data_path(set)))
      EXPECT_NE(case_handler(e.op), nullptr) << set << "/" << e.name << ": no test handles op '" << e.op << "'";
}

TEST(FixtureSets, SeedsCoverTheSeedOps) {
  std::set<std::string> ops;
  for (const ManifestEntry& e : read_manifest(data_path("fixtures/seeds"))) ops.insert(e.op);
  for (const char* op : {"zero_pad", "conv_single_step", "conv2d", "pool2d", "create_mask_from_window",
                         "distribute_value", "convnet_tf"})
    EXPECT_TRUE(ops.count(op)) << "no seed case of op " << op;
}

TEST(FixtureSets, GoldenCoversTheOpsTheSeedsLack) {
  std::set<std::string> ops;
  for (const ManifestEntry& e : read_manifest(data_path("golden"))) ops.insert(e.op);
  for (const char* op : {"conv2d", "pool2d", "relu", "dense", "softmax_cross_entropy", "adam", "pad"})
    EXPECT_TRUE(ops.count(op)) << "no golden case of op " << op;
}

// ---- the context the cases run under

TEST(ReferenceContext, ForcesTheReferenceVariantOfEveryOp) {
  const Context& ctx = reference_context();
  for (const OpId op : all_ops()) {
    const std::string ref = std::string(to_string(op)) + ".ref";
    EXPECT_EQ(ctx.forced_variant(op), ref);
    for (const DType dtype : {DType::f32, DType::f64}) {
      const std::vector<VariantInfo> variants = list_variants(op, dtype, ctx);
      ASSERT_FALSE(variants.empty()) << to_string(op);
      EXPECT_EQ(variants.back().name, ref) << "the reference must be the last entry of " << to_string(op);
      EXPECT_TRUE(variants.back().runnable) << variants.back().reason;
    }
  }
}

}  // namespace
}  // namespace cnnkit::test
