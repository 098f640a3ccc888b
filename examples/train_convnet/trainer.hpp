// The seeds' training loop (model() in "Convolution model - Application"): per epoch, shuffle,
// run every minibatch (the last, partial one too) through one Adam step, then measure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "convnet.hpp"
#include "dataset.hpp"

namespace train_convnet {

struct TrainSettings {
  int epochs = 10;
  std::int64_t batch = 64;
  double lr = 0.009;
  std::uint64_t shuffle_seed = 1;
};

struct EpochResult {
  double mean_loss = 0;  // over all training images of the epoch, each counted once
  double train_accuracy = 0, test_accuracy = 0;
  double train_seconds = 0, eval_seconds = 0;
};

// Trains `net` and prints one line per epoch to `out`. Every buffer is allocated before the
// first epoch; the loop itself allocates nothing.
std::vector<EpochResult> train(ConvNet& net, const DataSplit& data, const TrainSettings& settings,
                               const cnnkit::Context& ctx, std::FILE* out);

}  // namespace train_convnet
