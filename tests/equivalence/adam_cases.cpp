// The Adam sweep.
#include <sstream>

#include "adam_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct Config {
  const char* name;
  AdamParams params;
};

AdamParams make(AdamStyle style, double lr, double eps, std::int64_t step, double weight_decay, bool decoupled) {
  AdamParams p;
  p.style = style;
  p.lr = lr;
  p.eps = eps;
  p.step = step;
  p.weight_decay = weight_decay;
  p.decoupled_weight_decay = decoupled;
  return p;
}

const Config kConfigs[] = {
    {"pytorch_t1", make(AdamStyle::pytorch, 1e-3, 1e-8, 1, 0, false)},
    {"pytorch_l2_t7", make(AdamStyle::pytorch, 1e-3, 1e-8, 7, 0.01, false)},
    {"adamw_t1000", make(AdamStyle::pytorch, 0.009, 1e-8, 1000, 0.01, true)},
    {"tf1_t1", make(AdamStyle::tensorflow1, 0.009, 1e-8, 1, 0, false)},
    {"tf1_bigeps_t3", make(AdamStyle::tensorflow1, 0.009, 0.1, 3, 0, false)},
    {"pytorch_bigeps_t2", make(AdamStyle::pytorch, 1e-3, 0.1, 2, 0, false)},
    {"adamw_bigeps_t1", make(AdamStyle::pytorch, 0.01, 0.1, 1, 0.1, true)},
    {"pytorch_l2_t1000", make(AdamStyle::pytorch, 0.009, 1e-8, 1000, 0.1, false)},
    {"tf1_t1000", make(AdamStyle::tensorflow1, 1e-3, 1e-8, 1000, 0, false)},
};
constexpr std::size_t kConfigCount = sizeof(kConfigs) / sizeof(kConfigs[0]);

}  // namespace

std::vector<AdamCase> adam_cases(Sweep sweep) {
  std::vector<std::int64_t> lengths(kChannels.begin(), kChannels.end());
  for (std::int64_t extra : {1000, 4099}) lengths.push_back(extra);
  if (sweep == Sweep::large) lengths.push_back(1 << 20);
  std::vector<AdamCase> cases;
  std::size_t index = 0;
  for (std::int64_t n : lengths)
    for (std::size_t shift : {std::size_t(0), kConfigCount / 2}) {
      const Config& config = kConfigs[(index / 2 + shift) % kConfigCount];
      const bool misaligned = index++ % 3 == 1;
      cases.push_back({name_of("n", n, "_", config.name, misaligned ? "_ua" : ""),
                       ops::AdamProblem{n, config.params}, misaligned});
    }
  // Every vector tail of 16 float / 8 double lanes with every configuration (style, eps
  // placement, bias correction early and late, no decay, L2, AdamW), alignment rotating.
  for (std::int64_t n : {2, 9, 5 * 16 + 1, 5 * 16 + 2, 5 * 16 + 7, 5 * 16 + 8, 5 * 16 + 9, 5 * 16 + 15, 5 * 16 + 33})
    for (const Config& config : kConfigs) {
      const bool misaligned = index++ % 3 == 1;
      cases.push_back({name_of("n", n, "_", config.name, "_tails", misaligned ? "_ua" : ""),
                       ops::AdamProblem{n, config.params}, misaligned});
    }
  // Infinities and NaNs in every configuration (a tail on every tier).
  for (const Config& config : kConfigs) {
    const bool misaligned = index++ % 3 == 1;
    cases.push_back({name_of("n", 5 * 16 + 7, "_", config.name, "_special", misaligned ? "_ua" : ""),
                     ops::AdamProblem{5 * 16 + 7, config.params}, misaligned, true});
  }
  return cases;
}

}  // namespace cnnkit::test::equiv
