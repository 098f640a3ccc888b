#include "options.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace train_convnet {
namespace {

template <class T>
T parse_number(std::string_view option, std::string_view text, T lo, T hi) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty())
    throw UsageError(std::string(option) + " expects a number, got '" + std::string(text) + "'");
  if (!(value >= lo && value <= hi))
    throw UsageError(std::string(option) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "], got " + std::string(text));
  return value;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // Options with a value accept "--name value" and "--name=value".
    std::string_view name = arg, value;
    bool has_inline_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_inline_value = true;
    }
    const auto take_value = [&]() -> std::string_view {
      if (has_inline_value) return value;
      if (i + 1 >= argc) throw UsageError(std::string(name) + " needs a value");
      return argv[++i];
    };
    const auto no_value = [&] {
      if (has_inline_value) throw UsageError(std::string(name) + " takes no value");
    };

    if (name == "-h" || name == "--help") {
      no_value();
      o.help = true;
    } else if (name == "--synthetic") {
      no_value();
      o.synthetic = true;
    } else if (name == "--verbose") {
      no_value();
      o.verbose = true;
    } else if (name == "--conv-bias") {
      no_value();
      o.conv_bias = true;
    } else if (name == "--data-dir") {
      o.data_dir = take_value();
      if (o.data_dir.empty()) throw UsageError("--data-dir needs a folder");
    } else if (name == "--image-size") {
      o.image_size = parse_number<std::int64_t>(name, take_value(), 4, 1024);
    } else if (name == "--epochs") {
      o.epochs = parse_number<int>(name, take_value(), 1, 1000000);
    } else if (name == "--batch") {
      o.batch = parse_number<std::int64_t>(name, take_value(), 1, 1 << 20);
    } else if (name == "--lr") {
      o.lr = parse_number<double>(name, take_value(), 1e-12, 1e3);
    } else if (name == "--limit") {
      o.limit = parse_number<std::int64_t>(name, take_value(), 1, std::int64_t(1) << 40);
    } else if (name == "--threads") {
      o.threads = parse_number<int>(name, take_value(), 0, 4096);
    } else if (name == "--min-accuracy") {
      o.min_accuracy = parse_number<double>(name, take_value(), 0.0, 1.0);
    } else if (name == "--seed") {
      o.seed = parse_number<std::uint64_t>(name, take_value(), 0, UINT64_MAX);
    } else if (name == "--export-idx") {
      o.export_idx_dir = take_value();
      if (o.export_idx_dir.empty()) throw UsageError("--export-idx needs a folder");
    } else {
      throw UsageError("unknown option '" + std::string(arg) + "' (see --help)");
    }
  }
  return o;
}

std::string usage_text(const char* program) {
  return std::string("usage: ") + program + R"( [options]

Trains the ConvNet of the deeplearning.ai "Convolution model - Application" exercise
(CONV 4x4x8 SAME, RELU, MAXPOOL 8/8 SAME, CONV 2x2x16 SAME, RELU, MAXPOOL 4/4 SAME, FC)
with cnnkit, and prints the mean loss, train and test accuracy and time of every epoch.

data:
  --data-dir DIR      folder with Fashion-MNIST idx files, plain or .gz
                      (default )" +
         default_fashion_mnist_dir + R"(, from Debian's
                      dataset-fashion-mnist package)
  --synthetic         a generated 6-class set of striped colour images instead
  --image-size N      side of the synthetic images (default 64, as the SIGNS images)
  --limit N           train on the first N training images only
  --export-idx DIR    write the (limited) data set as idx files into DIR and stop

training:
  --epochs N          epochs (default 10; the seeds use 100)
  --batch N           minibatch size (default 64); the last partial minibatch is used too
  --lr X              Adam learning rate (default 0.009), TensorFlow 1's Adam form
  --conv-bias         give both convolutions a bias, initialised to 0 (the seeds have none)
  --seed N            seed of the initial weights, the shuffling and the synthetic set (default 1)
  --threads N         threads for cnnkit's threaded kernels (default 0: the runtime's default)
  --verbose           cnnkit's dispatch log: one line per op call on stderr

checks (exit status):
  0  done; the last epoch's mean loss is below the first's (not checked for one epoch)
  1  the mean loss did not decrease
  2  the final test accuracy is below --min-accuracy X
  3  bad command line, unreadable data or a cnnkit error
)";
}

}  // namespace train_convnet
