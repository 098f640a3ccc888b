// The CLI11 command line of train_convnet: every flag reaches its field, bad values are usage
// errors, and the help names every flag.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "options.hpp"

namespace train_convnet {
namespace {

Options parse(std::vector<const char*> args) {
  args.insert(args.begin(), "train_convnet");
  return parse_options(static_cast<int>(args.size()), args.data());
}

TEST(TrainConvnetOptions, DefaultsEvaluateOnlyAtTheEnd) {
  const Options o = parse({});
  EXPECT_EQ(o.eval_every, 0);
  EXPECT_EQ(o.epochs, 10);
  EXPECT_EQ(o.batch, 64);
  EXPECT_DOUBLE_EQ(o.lr, 0.009);
  EXPECT_EQ(o.data_dir, default_fashion_mnist_dir);
  EXPECT_FALSE(o.help);
  EXPECT_FALSE(o.synthetic);
}

TEST(TrainConvnetOptions, EveryFlagReachesItsField) {
  const Options o = parse({"--synthetic", "--image-size", "16", "--limit=240", "--epochs", "5", "--eval-every", "2",
                           "--batch", "16", "--lr", "0.01", "--conv-bias", "--seed", "7", "--threads", "3", "--verbose",
                           "--min-accuracy", "0.6", "--data-dir", "/tmp/d", "--export-idx", "/tmp/e"});
  EXPECT_TRUE(o.synthetic);
  EXPECT_EQ(o.image_size, 16);
  EXPECT_EQ(o.limit, 240);
  EXPECT_EQ(o.epochs, 5);
  EXPECT_EQ(o.eval_every, 2);
  EXPECT_EQ(o.batch, 16);
  EXPECT_DOUBLE_EQ(o.lr, 0.01);
  EXPECT_TRUE(o.conv_bias);
  EXPECT_EQ(o.seed, 7u);
  EXPECT_EQ(o.threads, 3);
  EXPECT_TRUE(o.verbose);
  EXPECT_DOUBLE_EQ(o.min_accuracy, 0.6);
  EXPECT_EQ(o.data_dir, "/tmp/d");
  EXPECT_EQ(o.export_idx_dir, "/tmp/e");
  EXPECT_TRUE(parse({"-h"}).help);
  EXPECT_TRUE(parse({"--help"}).help);
}

TEST(TrainConvnetOptions, MalformedCommandLinesAreUsageErrors) {
  const std::vector<std::vector<const char*>> bad = {
      {"--eval-every", "-1"}, {"--eval-every", "x"}, {"--eval-every"},     {"--epochs", "0"},
      {"--batch", "0"},       {"--lr", "0"},         {"--image-size", "3"}, {"--min-accuracy", "1.5"},
      {"--threads", "-1"},    {"--data-dir="},       {"--export-idx="},     {"--no-such-flag"},
      {"stray"},              {"--limit", "0"}};
  for (const auto& args : bad) {
    std::string line;
    for (const char* a : args) line += std::string(a) + " ";
    EXPECT_THROW(parse(args), UsageError) << line;
  }
}

TEST(TrainConvnetOptions, HelpNamesEveryFlagAndTheExitCodes) {
  const std::string help = usage_text("train_convnet");
  for (const char* flag : {"--help", "--data-dir", "--synthetic", "--image-size", "--limit", "--export-idx", "--epochs",
                           "--eval-every", "--batch", "--lr", "--conv-bias", "--seed", "--threads", "--verbose",
                           "--min-accuracy"})
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  for (const char* code : {"  0  done", "  1  the mean loss", "  2  the final test accuracy", "  3  bad command line"})
    EXPECT_NE(help.find(code), std::string::npos) << code;
}

}  // namespace
}  // namespace train_convnet
