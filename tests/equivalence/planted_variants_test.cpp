// Proof that the equivalence driver catches bad variants: the real conv2d_fwd list is extended
// with planted entries, each the reference plus one deliberate fault, and the driver's result
// object must report each fault for the right reason on every case where it shows (and pass
// the real entries on the same cases, so the driver is not simply failing everything).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "conv2d_harness.hpp"
#include "core/threading.hpp"
#include "ops/conv2d/conv2d_reference.hpp"

namespace cnnkit::test::equiv {
namespace {

using Op = ops::Conv2dFwdOp;
using Problem = ops::Conv2dProblem;
using V = core::Variant<Op, float>;

void reference(const Problem& p, const float* x, const float* w, const float* b, float* y, const core::Exec& e) {
  ops::conv2d_fwd_reference<float>(p, x, w, b, y, e);
}

void wrong_value(const Problem& p, const float* x, const float* w, const float* b, float* y, const core::Exec& e) {
  reference(p, x, w, b, y, e);
  y[element_count(p.y) / 2] += 1.0f;
}

void writes_past_end(const Problem& p, const float* x, const float* w, const float* b, float* y, const core::Exec& e) {
  reference(p, x, w, b, y, e);
  y[element_count(p.y)] = 0.0f;  // one element past the output: lands in the guard zone
}

void writes_input(const Problem& p, const float* x, const float* w, const float* b, float* y, const core::Exec& e) {
  reference(p, x, w, b, y, e);
  const_cast<float*>(x)[0] += 1.0f;  // the buffer behind x is writable; the variant must not write it
}

// Wrong only in the channels past the last full group of 8 (a SIMD tail bug).
void wrong_channel_tail(const Problem& p, const float* x, const float* w, const float* b, float* y,
                        const core::Exec& e) {
  reference(p, x, w, b, y, e);
  const std::int64_t c = p.y.c, full = c / 8 * 8;
  for (std::int64_t pixel = 0; pixel < p.y.n * p.y.h * p.y.w; ++pixel)
    for (std::int64_t o = full; o < c; ++o) y[pixel * c + o] += 1.0f;
}

void skips_last_element(const Problem& p, const float* x, const float* w, const float* b, float* y,
                        const core::Exec& e) {
  std::vector<float> all(static_cast<std::size_t>(element_count(p.y)));
  reference(p, x, w, b, all.data(), e);
  std::copy(all.begin(), all.end() - 1, y);
}

// A correct threaded variant: batch images split over threads (each image is independent).
template <Threading kind>
void threaded_by_batch(const Problem& p, const float* x, const float* w, const float* b, float* y,
                       const core::Exec& e) {
  const std::int64_t x_image = p.x.h * p.x.w * p.x.c, y_image = p.y.h * p.y.w * p.y.c;
  core::parallel_for(kind, core::resolve_num_threads(kind, e), p.x.n, [&](std::int64_t begin, std::int64_t end) {
    Problem part = p;
    part.x.n = part.y.n = end - begin;
    reference(part, x + begin * x_image, w, b, y + begin * y_image, e);
  });
}

// Right to within rounding, but its bits change at one thread count (3: in every run's set of counts).
void thread_dependent(const Problem& p, const float* x, const float* w, const float* b, float* y,
                      const core::Exec& e) {
  threaded_by_batch<Threading::openmp>(p, x, w, b, y, e);
  if (core::resolve_num_threads(Threading::openmp, e) == 3) y[0] = std::nextafter(y[0], std::numeric_limits<float>::infinity());
}

const char* declines_everything(const Problem&, const core::Exec&) { return "planted: declines every problem"; }
const char* declines_one_thread(const Problem&, const core::Exec& e) {
  return e.num_threads == 1 ? "planted: one thread is the serial variant's job" : nullptr;
}

Isa above_this_cpu() { return static_cast<Isa>(static_cast<int>(detected_isa()) + 1); }

// The real list plus the planted entries.
std::vector<V> planted_list() {
  const auto real = core::variants_of<Op, float>();
  std::vector<V> list(real.begin(), real.end());
  list.push_back({"conv2d_fwd.planted_wrong_value", Isa::scalar, Threading::serial, nullptr, &wrong_value});
  list.push_back({"conv2d_fwd.planted_past_end", Isa::scalar, Threading::serial, nullptr, &writes_past_end});
  list.push_back({"conv2d_fwd.planted_writes_input", Isa::scalar, Threading::serial, nullptr, &writes_input});
  list.push_back({"conv2d_fwd.planted_channel_tail", Isa::scalar, Threading::serial, nullptr, &wrong_channel_tail});
  list.push_back({"conv2d_fwd.planted_unwritten", Isa::scalar, Threading::serial, nullptr, &skips_last_element});
  list.push_back({"conv2d_fwd.planted_above_cpu", above_this_cpu(), Threading::serial, nullptr, &reference});
  list.push_back({"conv2d_fwd.planted_declines", Isa::scalar, Threading::serial, &declines_everything, &reference});
  list.push_back({"conv2d_fwd.planted_openmp", Isa::scalar, Threading::openmp, nullptr,
                  &threaded_by_batch<Threading::openmp>});
  list.push_back({"conv2d_fwd.planted_tbb", Isa::scalar, Threading::tbb, nullptr, &threaded_by_batch<Threading::tbb>});
  list.push_back({"conv2d_fwd.planted_tbb_no_single_thread", Isa::scalar, Threading::tbb, &declines_one_thread,
                  &threaded_by_batch<Threading::tbb>});
  list.push_back({"conv2d_fwd.planted_thread_dependent", Isa::scalar, Threading::openmp, nullptr, &thread_dependent});
  return list;
}

class PlantedVariants : public ::testing::Test {
 protected:
  const std::vector<V> list_ = planted_list();
  // Finite data only: a planted +1 or a planted input write cannot show on an infinite or NaN
  // element, so the non-finite cases (which have their own checks) would hide the plant.
  const std::vector<ConvCase> cases_ = [] {
    std::vector<ConvCase> finite;
    for (ConvCase& c : conv_cases(Sweep::standard, true))
      if (c.plants.empty()) finite.push_back(std::move(c));
    return finite;
  }();
  // For the threaded entries (each case runs at four thread counts): batches > 1, where the
  // planted variants split work, plus batch-1 cases, where they run on one thread.
  const std::vector<ConvCase> threaded_cases_ = [this] {
    std::vector<ConvCase> picked;
    int batched = 0, single = 0;
    for (const auto& c : cases_)
      if (c.problem.x.n > 1 ? batched++ < 8 : single++ < 2) picked.push_back(c);
    return picked;
  }();

  const V& entry(const std::string& name) const {
    for (const auto& v : list_)
      if (name == v.name) return v;
    throw std::logic_error("no planted entry " + name);
  }
  VariantResult check(const std::string& name, const ConvCase& c) const {
    return check_variant<Op, float>(std::span<const V>(list_), entry(name), c, 1234);
  }
};

TEST_F(PlantedVariants, RealEntriesPassOnTheSameCases) {
  for (const auto& v : core::variants_of<Op, float>())
    for (const auto& c : cases_) {
      const VariantResult r = check(v.name, c);
      EXPECT_TRUE(r.passed() || r.skipped()) << c.name << "\n" << r.summary();
    }
}

TEST_F(PlantedVariants, WrongValueInOneElementIsReported) {
  for (const auto& c : cases_) {
    const VariantResult r = check("conv2d_fwd.planted_wrong_value", c);
    EXPECT_TRUE(r.failed()) << c.name;
    EXPECT_TRUE(r.wrong_values) << c.name << "\n" << r.summary();
    EXPECT_FALSE(r.guard_damaged || r.input_modified || r.unwritten) << c.name << "\n" << r.summary();
  }
}

TEST_F(PlantedVariants, WriteOnePastTheOutputIsReported) {
  for (const auto& c : cases_) {
    const VariantResult r = check("conv2d_fwd.planted_past_end", c);
    EXPECT_TRUE(r.failed()) << c.name;
    EXPECT_TRUE(r.guard_damaged) << c.name << "\n" << r.summary();
    EXPECT_FALSE(r.wrong_values) << c.name << "\n" << r.summary();
    ASSERT_FALSE(r.failures.empty());
    EXPECT_NE(r.failures[0].find("after the end of 'y'"), std::string::npos) << r.failures[0];
  }
}

TEST_F(PlantedVariants, WriteIntoAnInputIsReported) {
  for (const auto& c : cases_) {
    const VariantResult r = check("conv2d_fwd.planted_writes_input", c);
    EXPECT_TRUE(r.failed()) << c.name;
    EXPECT_TRUE(r.input_modified) << c.name << "\n" << r.summary();
    EXPECT_FALSE(r.wrong_values || r.guard_damaged) << c.name << "\n" << r.summary();
    ASSERT_FALSE(r.failures.empty());
    EXPECT_NE(r.failures[0].find("input 'x' was modified"), std::string::npos) << r.failures[0];
  }
}

TEST_F(PlantedVariants, WrongChannelTailIsReportedExactlyWhereThereIsATail) {
  int with_tail = 0, without_tail = 0;
  for (const auto& c : cases_) {
    const VariantResult r = check("conv2d_fwd.planted_channel_tail", c);
    if (c.problem.y.c % 8 != 0) {
      ++with_tail;
      EXPECT_TRUE(r.failed() && r.wrong_values) << c.name << "\n" << r.summary();
    } else {
      ++without_tail;
      EXPECT_TRUE(r.passed()) << c.name << "\n" << r.summary();
    }
  }
  EXPECT_GT(with_tail, 0);
  EXPECT_GT(without_tail, 0);
}

TEST_F(PlantedVariants, UnwrittenOutputElementIsReported) {
  for (const auto& c : cases_) {
    const VariantResult r = check("conv2d_fwd.planted_unwritten", c);
    EXPECT_TRUE(r.failed() && r.unwritten) << c.name << "\n" << r.summary();
  }
}

TEST_F(PlantedVariants, VariantAboveTheCpuIsSkippedWithItsReason) {
  const VariantResult r = check("conv2d_fwd.planted_above_cpu", cases_.front());
  EXPECT_TRUE(r.skipped()) << r.summary();
  EXPECT_NE(r.skip_reason.find("this CPU supports up to"), std::string::npos) << r.skip_reason;
}

TEST_F(PlantedVariants, DecliningVariantIsSkippedWithItsReason) {
  const VariantResult r = check("conv2d_fwd.planted_declines", cases_.front());
  EXPECT_TRUE(r.skipped()) << r.summary();
  EXPECT_NE(r.skip_reason.find("planted: declines every problem"), std::string::npos) << r.skip_reason;
}

TEST_F(PlantedVariants, CorrectThreadedVariantsRunAtEveryThreadCountAndPass) {
  for (const char* name : {"conv2d_fwd.planted_openmp", "conv2d_fwd.planted_tbb"})
    for (const auto& c : threaded_cases_) {
      const VariantResult r = check(name, c);
      EXPECT_TRUE(r.passed()) << c.name << "\n" << r.summary();
      EXPECT_EQ(r.thread_counts, std::vector<int>(kThreadCounts.begin(), kThreadCounts.end())) << name;
    }
}

TEST_F(PlantedVariants, ThreadedVariantDecliningOneThreadIsComparedAcrossTheOthers) {
  const VariantResult r = check("conv2d_fwd.planted_tbb_no_single_thread", cases_.front());
  EXPECT_TRUE(r.passed()) << r.summary();
  std::vector<int> without_one;
  for (int n : kThreadCounts)
    if (n != 1) without_one.push_back(n);
  EXPECT_EQ(r.thread_counts, without_one);
  if (kThreadSanitizerRun) return;  // its thread counts do not include 1
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("declines with 1 thread"), std::string::npos) << r.notes[0];
}

TEST_F(PlantedVariants, ThreadCountDependentBitsAreReported) {
  for (const auto& c : threaded_cases_) {
    const VariantResult r = check("conv2d_fwd.planted_thread_dependent", c);
    EXPECT_TRUE(r.failed() && r.thread_dependent) << c.name << "\n" << r.summary();
  }
}

TEST_F(PlantedVariants, MissingReferenceIsAFailureNotAPass) {
  const std::vector<V> no_reference(list_.begin() + static_cast<std::ptrdiff_t>(core::variants_of<Op, float>().size()),
                                    list_.end());
  const VariantResult r = check_variant<Op, float>(std::span<const V>(no_reference), no_reference.front(),
                                                   cases_.front(), 1);
  EXPECT_TRUE(r.failed()) << r.summary();
}

}  // namespace
}  // namespace cnnkit::test::equiv
