#include "options.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>

namespace train_convnet {
namespace {

// A folder argument must not be empty ("--data-dir=" would otherwise mean the current folder).
const CLI::Validator non_empty_folder(
    [](const std::string& value) { return value.empty() ? std::string("needs a folder") : std::string(); }, "");

// Every option, its range and its help line, defined once: parse_options and usage_text both
// build their CLI::App here, so the help cannot drift from what the parser accepts.
void define_options(CLI::App& app, Options& o) {
  app.description(
      "Trains the ConvNet of the deeplearning.ai \"Convolution model - Application\" exercise\n"
      "(CONV 4x4x8 SAME, RELU, MAXPOOL 8/8 SAME, CONV 2x2x16 SAME, RELU, MAXPOOL 4/4 SAME, FC)\n"
      "with cnnkit, and prints the mean loss, training time and images/s of every epoch, the train\n"
      "and test accuracy and loss when it evaluates, and which cnnkit variant ran for each layer.");
  app.set_help_flag();  // --help is an ordinary flag: main prints usage_text and exits 0
  app.add_flag("-h,--help", o.help, "this text");

  app.add_option("--data-dir", o.data_dir,
                 std::string("folder with Fashion-MNIST idx files, plain or .gz\n(default ") +
                     default_fashion_mnist_dir + ", from Debian's\ndataset-fashion-mnist package)")
      ->type_name("DIR")
      ->check(non_empty_folder)
      ->group("data");
  app.add_flag("--synthetic", o.synthetic, "a generated 6-class set of striped colour images instead")->group("data");
  app.add_option("--image-size", o.image_size, "side of the synthetic images (default 64, as the SIGNS images)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t(4), std::int64_t(1024)))
      ->group("data");
  app.add_option("--limit", o.limit, "train on the first N training images only")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t(1), std::int64_t(1) << 40))
      ->group("data");
  app.add_option("--export-idx", o.export_idx_dir, "write the (limited) data set as idx files into DIR and stop")
      ->type_name("DIR")
      ->check(non_empty_folder)
      ->group("data");

  app.add_option("--epochs", o.epochs, "epochs (default 10; the seeds use 100)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000))
      ->group("training");
  app.add_option("--eval-every", o.eval_every,
                 "measure train and test accuracy and loss every N epochs and after\nthe last "
                 "(default 0: only after the last, as the seeds)")
      ->type_name("N")
      ->check(CLI::Range(0, 1000000))
      ->group("training");
  app.add_option("--batch", o.batch, "minibatch size (default 64); the last partial minibatch is used too")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t(1), std::int64_t(1) << 20))
      ->group("training");
  app.add_option("--lr", o.lr, "Adam learning rate (default 0.009), TensorFlow 1's Adam form")
      ->type_name("X")
      ->check(CLI::Range(1e-12, 1e3))
      ->group("training");
  app.add_flag("--conv-bias", o.conv_bias, "give both convolutions a bias, initialised to 0 (the seeds have none)")
      ->group("training");
  app.add_option("--seed", o.seed, "seed of the initial weights, the shuffling and the synthetic set (default 1)")
      ->type_name("N")
      ->group("training");
  app.add_option("--threads", o.threads, "threads for cnnkit's threaded kernels (default 0: the runtime's default)")
      ->type_name("N")
      ->check(CLI::Range(0, 4096))
      ->group("training");
  app.add_flag("--verbose", o.verbose, "cnnkit's dispatch log: one line per op call on stderr")->group("training");

  app.add_option("--min-accuracy", o.min_accuracy, "exit 2 if the final test accuracy is below X")
      ->type_name("X")
      ->check(CLI::Range(0.0, 1.0))
      ->group("checks");
  app.footer(
      "exit status:\n"
      "  0  done; the last epoch's mean loss is below the first's (not checked for one epoch)\n"
      "  1  the mean loss did not decrease\n"
      "  2  the final test accuracy is below --min-accuracy X\n"
      "  3  bad command line, unreadable data or a cnnkit error");
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  Options o;
  CLI::App app;
  define_options(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  return o;
}

std::string usage_text(const char* program) {
  Options ignored;
  CLI::App app;
  app.name(program);
  define_options(app, ignored);
  return app.help();
}

}  // namespace train_convnet
