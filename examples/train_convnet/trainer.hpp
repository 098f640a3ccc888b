// The seeds' training loop (model() in "Convolution model - Application"): per epoch, shuffle and
// run every minibatch (the last, partial one too) through one Adam step; measure the train and test
// sets after the last epoch (as the seeds) and, with eval_every N, after every N-th epoch too.
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
  int eval_every = 0;  // 0: evaluate after the last epoch only
};

// Whether epoch `epoch` (1-based) of `epochs` ends with an evaluation.
bool evaluates_after(int epoch, int epochs, int eval_every);

struct EpochResult {
  double mean_loss = 0;  // over all training images of the epoch, each counted once
  std::int64_t images = 0;  // training images of the epoch
  double train_seconds = 0;  // the training loop only (shuffle, minibatch gathers, Adam steps)
  bool evaluated = false;    // the fields below are set only after an evaluation
  double train_accuracy = 0, test_accuracy = 0;
  double train_loss = 0, test_loss = 0;  // mean over the set, with the weights after the epoch
  double eval_seconds = 0;
  double images_per_second() const { return static_cast<double>(images) / train_seconds; }
};

// Trains `net` and prints one line per epoch to `out`. Every buffer is allocated before the
// first epoch; the loop itself allocates nothing.
std::vector<EpochResult> train(ConvNet& net, const DataSplit& data, const TrainSettings& settings,
                               const cnnkit::Context& ctx, std::FILE* out);

}  // namespace train_convnet
