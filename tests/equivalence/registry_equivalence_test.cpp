// Registers one GoogleTest test per (op, registered variant, dtype, case), read from the
// registry at start-up, so a variant added to a list is tested without editing this file.
// Test names: <op>.<variant>/<dtype>/<case>, e.g. conv2d_fwd.ref/f32/n1_5x5_c1_o15_..._int.
// A variant the CPU cannot run, or that declines a problem, is reported as skipped with its
// reason, and the run ends with a tally of outcomes and skip reasons.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "all_harnesses.hpp"

namespace cnnkit::test::equiv {
namespace {

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
  std::map<std::string, int> skip_reasons;
};

// Serial variants a ThreadSanitizer run does not register (see register_dtype).
int& serial_left_to_other_runs() {
  static int count = 0;
  return count;
}

Tally& tally() {
  static Tally t;
  return t;
}

class TallyPrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    const Tally& t = tally();
    std::printf("[equivalence] %d variant checks passed, %d failed, %d skipped (sweep: %s)\n", t.passed, t.failed,
                t.skipped, sweep_from_environment() == Sweep::large ? "large" : "standard");
    if (kThreadSanitizerRun)
      std::printf("[equivalence] ThreadSanitizer run: threaded variants at %zu thread counts; %d serial (variant, dtype) "
                  "lists left to the release and ASan runs\n",
                  kThreadCounts.size(), serial_left_to_other_runs());
    for (const auto& [reason, count] : t.skip_reasons) std::printf("[equivalence]   skipped %d x: %s\n", count, reason.c_str());
  }
};

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  return h;
}

// All registered tests share this fixture type (GoogleTest requires one fixture per suite).
class EquivalenceFixture : public ::testing::Test {};

template <class Op, class T>
class EquivalenceTest : public EquivalenceFixture {
 public:
  using Cases = std::vector<typename Harness<Op>::Case>;
  EquivalenceTest(std::shared_ptr<const Cases> cases, std::size_t case_index, std::size_t variant_index)
      : cases_(std::move(cases)), case_index_(case_index), variant_index_(variant_index) {}

  void TestBody() override {
    const auto list = core::variants_of<Op, T>();
    const auto& c = (*cases_)[case_index_];
    // Every variant of a case sees the same data: the seed depends on op, dtype and case only.
    const std::uint64_t salt = fnv1a(std::string(to_string(Op::id)) + "/" + to_string(core::dtype_of<T>()) + "/" + c.name);
    const VariantResult r = check_variant<Op, T>(list, list[variant_index_], c, salt);
    for (const auto& note : r.notes) RecordProperty("note", note);
    if (r.skipped()) {
      ++tally().skipped;
      ++tally().skip_reasons[std::string(r.variant) + ": " + r.skip_reason];
      GTEST_SKIP() << r.skip_reason;
    }
    (r.passed() ? tally().passed : tally().failed)++;
    for (const auto& f : r.failures) ADD_FAILURE() << f;
    if (!r.passed() && r.failures.empty()) ADD_FAILURE() << "failed without a message";
  }

 private:
  std::shared_ptr<const Cases> cases_;
  std::size_t case_index_, variant_index_;
};

std::string short_variant_name(OpId op, const char* name) {
  std::string s = name;
  const std::string prefix = std::string(to_string(op)) + ".";
  if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
  return sanitize_name(s);
}

template <class Op, class T>
void register_dtype(const std::shared_ptr<const std::vector<typename Harness<Op>::Case>>& cases) {
  const auto list = core::variants_of<Op, T>();
  for (std::size_t vi = 0; vi < list.size(); ++vi) {
    // A ThreadSanitizer run checks the threaded variants only: serial ones have no threads to
    // race, and the release and ASan runs check their values.
    if (kThreadSanitizerRun && list[vi].threading == Threading::serial) {
      ++serial_left_to_other_runs();
      continue;
    }
    for (std::size_t ci = 0; ci < cases->size(); ++ci) {
      const std::string name =
          short_variant_name(Op::id, list[vi].name) + "/" + to_string(core::dtype_of<T>()) + "/" + (*cases)[ci].name;
      ::testing::RegisterTest(to_string(Op::id), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                              [=]() -> EquivalenceFixture* { return new EquivalenceTest<Op, T>(cases, ci, vi); });
    }
  }
}

// Runs before main(): GoogleTest allows RegisterTest until RUN_ALL_TESTS. Only names and shapes
// are made here; data is drawn inside each test, after --gtest_random_seed is parsed.
const bool registered = [] {
  const Sweep sweep = sweep_from_environment();
  core::for_each_op([&](auto traits) {
    using Op = decltype(traits);
    const auto cases = std::make_shared<const std::vector<typename Harness<Op>::Case>>(Harness<Op>::cases(sweep));
    register_dtype<Op, float>(cases);
    register_dtype<Op, double>(cases);
  });
  ::testing::AddGlobalTestEnvironment(new TallyPrinter);
  return true;
}();

}  // namespace
}  // namespace cnnkit::test::equiv
