// The command line of train_convnet.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace train_convnet {

// Where Debian's dataset-fashion-mnist package puts the idx files (dpkg -L dataset-fashion-mnist).
inline constexpr const char* default_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

struct Options {
  bool help = false;
  bool synthetic = false;
  std::string data_dir = default_fashion_mnist_dir;
  std::int64_t image_size = 64;  // --synthetic only
  int epochs = 10;               // the seeds train 100 epochs; 10 keeps a default run short
  int eval_every = 0;            // evaluate every N epochs; 0: once, after the last epoch (the seeds)
  std::int64_t batch = 64;
  double lr = 0.009;
  std::int64_t limit = 0;  // 0 = every training image
  int threads = 0;         // 0 = the threading runtime's default
  bool verbose = false;
  bool conv_bias = false;  // the seeds' convolutions have none
  double min_accuracy = -1.0;  // < 0: not checked
  std::uint64_t seed = 1;
  std::string export_idx_dir;  // non-empty: write the data set as idx files and stop
};

// A malformed command line (the message says which option and why).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parsed with CLI11; every malformed command line becomes a UsageError.
Options parse_options(int argc, const char* const* argv);
// The --help text (CLI11's formatter over the same option definitions the parser uses).
std::string usage_text(const char* program);

}  // namespace train_convnet
