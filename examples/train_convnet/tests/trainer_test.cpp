// The training loop's evaluations (--eval-every) and its images/s lines, on a tiny synthetic set.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "convnet.hpp"
#include "tiny_synthetic_split.hpp"
#include "trainer.hpp"

namespace train_convnet {
namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct TrainingRun {
  std::vector<EpochResult> results;
  std::string output;
};

TrainingRun train_tiny(int epochs, int eval_every) {
  const DataSplit data = tiny_synthetic_split(8, 4, 2);
  ConvNet net(data.train.shape, data.classes, 8, 1);
  TrainSettings settings;
  settings.epochs = epochs;
  settings.batch = 8;
  settings.eval_every = eval_every;
  std::FILE* out = std::tmpfile();
  TrainingRun run;
  run.results = train(net, data, settings, cnnkit::Context(), out);
  std::rewind(out);
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) run.output += static_cast<char>(c);
  std::fclose(out);
  return run;
}

TEST(TrainConvnetTrainer, EvaluatesAfterTheLastEpochAndEveryNth) {
  EXPECT_FALSE(evaluates_after(1, 2, 0));
  EXPECT_TRUE(evaluates_after(2, 2, 0));
  EXPECT_TRUE(evaluates_after(1, 2, 1));
  EXPECT_FALSE(evaluates_after(3, 5, 2));
  EXPECT_TRUE(evaluates_after(4, 5, 2));
  EXPECT_TRUE(evaluates_after(5, 5, 2));
  EXPECT_TRUE(evaluates_after(3, 3, 10));
}

TEST(TrainConvnetTrainer, DefaultEvaluatesOnceAtTheEnd) {
  const TrainingRun run = train_tiny(2, 0);
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_FALSE(run.results[0].evaluated);
  EXPECT_TRUE(run.results[1].evaluated);
  EXPECT_EQ(count(run.output, "evaluation after epoch"), 1) << run.output;
  EXPECT_EQ(count(run.output, "evaluation after epoch 2:"), 1) << run.output;
}

TEST(TrainConvnetTrainer, EvalEveryOneEvaluatesEachEpoch) {
  const TrainingRun run = train_tiny(2, 1);
  ASSERT_EQ(run.results.size(), 2u);
  for (const EpochResult& r : run.results) {
    EXPECT_TRUE(r.evaluated);
    EXPECT_GE(r.test_accuracy, 0.0);
    EXPECT_LE(r.test_accuracy, 1.0);
    EXPECT_GT(r.train_loss, 0.0);  // a mean cross-entropy of an untrained net is positive
    EXPECT_GT(r.test_loss, 0.0);
  }
  EXPECT_EQ(count(run.output, "evaluation after epoch"), 2) << run.output;
}

TEST(TrainConvnetTrainer, PrintsImagesPerSecondForEveryEpoch) {
  const TrainingRun run = train_tiny(2, 0);
  EXPECT_EQ(count(run.output, " images/s"), 2) << run.output;
  for (const EpochResult& r : run.results) {
    EXPECT_EQ(r.images, 24);  // 6 classes x 4 images
    EXPECT_GT(r.train_seconds, 0.0);
    EXPECT_GT(r.images_per_second(), 0.0);
  }
}

}  // namespace
}  // namespace train_convnet
