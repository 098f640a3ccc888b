// train_convnet: the ConvNet of the deeplearning.ai "Convolution model - Application" exercise
// (the seeds' TensorFlow 1 model, seed 002) trained with cnnkit on Fashion-MNIST or on a
// generated data set. Uses only the public API. See examples/README.md.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "convnet.hpp"
#include "dataset.hpp"
#include "idx_files.hpp"
#include "options.hpp"
#include "synthetic_dataset.hpp"
#include "trainer.hpp"
#include "variants_table.hpp"

namespace tc = train_convnet;

namespace {

enum ExitCode : int { ok = 0, loss_not_decreasing = 1, accuracy_too_low = 2, failure = 3 };

tc::DataSplit load_fashion_mnist(const std::string& dir) {
  if (!std::filesystem::is_directory(dir))
    throw std::runtime_error("no data folder " + dir +
                             ": install Fashion-MNIST (apt-get install dataset-fashion-mnist), point --data-dir "
                             "at a folder of idx files, or use --synthetic");
  tc::DataSplit split;
  split.train = tc::read_idx_dataset(dir, "train");
  split.test = tc::read_idx_dataset(dir, "t10k");
  split.description = "idx files from " + dir;
  return split;
}

tc::DataSplit load_data(const tc::Options& o) {
  tc::DataSplit split;
  if (o.synthetic) {
    tc::SyntheticSpec spec;
    spec.image_size = o.image_size;
    spec.seed = o.seed;
    split = tc::make_synthetic_split(spec);
  } else {
    split = load_fashion_mnist(o.data_dir);
  }
  tc::finish_split(split);
  tc::limit_train(split, o.limit);
  return split;
}

// Which kernel ran for each layer, from cnnkit's dispatch log during one extra training step on a
// copy of the network (after the timed epochs, so neither the timings nor the weights change).
void print_variants_table(const tc::ConvNet& net, const tc::DataSplit& data, const tc::TrainSettings& settings,
                          const cnnkit::Context& ctx, std::FILE* out) {
  const std::int64_t n = std::min(settings.batch, data.train.size());
  std::vector<float> x(static_cast<std::size_t>(n * data.train.image_elements()));
  std::vector<std::int64_t> labels(static_cast<std::size_t>(n));
  tc::gather_batch(data.train, nullptr, 0, n, x.data(), labels.data());
  cnnkit::AdamParams adam;
  adam.lr = settings.lr;
  adam.style = cnnkit::AdamStyle::tensorflow1;
  const std::vector<tc::VariantRow> rows =
      tc::capture_train_step_variants(net, x.data(), labels.data(), n, adam, ctx, ctx.verbose());
  std::fprintf(out, "cnnkit variants of one training step (minibatch of %lld), from the dispatch log:\n%s",
               static_cast<long long>(n), tc::format_variants_table(rows).c_str());
}

int run(const tc::Options& o) {
  cnnkit::Context ctx;  // a copy of the global settings (CNNKIT_* environment included)
  ctx.set_verbose(o.verbose || ctx.verbose());
  if (o.threads > 0) ctx.set_num_threads(o.threads);

  tc::DataSplit data = load_data(o);
  if (!o.export_idx_dir.empty()) {
    tc::write_idx_dataset(data.train, o.export_idx_dir, "train");
    tc::write_idx_dataset(data.test, o.export_idx_dir, "t10k");
    std::printf("wrote %lld training and %lld test images to %s\n", static_cast<long long>(data.train.size()),
                static_cast<long long>(data.test.size()), o.export_idx_dir.c_str());
    return ok;
  }

  const cnnkit::NhwcShape& s = data.train.shape;
  std::printf("cnnkit %s, CPU tier %s, ISA cap %s, threading %s\n", CNNKIT_VERSION_STRING,
              cnnkit::to_string(cnnkit::detected_isa()), cnnkit::to_string(ctx.max_isa()),
              cnnkit::to_string(ctx.threading()));
  std::printf("data: %s: %lldx%lldx%lld images, %lld classes\n", data.description.c_str(), static_cast<long long>(s.h),
              static_cast<long long>(s.w), static_cast<long long>(s.c), static_cast<long long>(data.classes));

  tc::ConvNet net(s, data.classes, o.batch, o.seed, o.conv_bias);
  std::printf("network:\n%s", net.describe().c_str());
  std::printf("Adam (TensorFlow 1 form), lr %g, %d epochs\n", o.lr, o.epochs);

  tc::TrainSettings settings;
  settings.epochs = o.epochs;
  settings.batch = o.batch;
  settings.lr = o.lr;
  settings.shuffle_seed = o.seed + 1;
  settings.eval_every = o.eval_every;
  const std::vector<tc::EpochResult> results = tc::train(net, data, settings, ctx, stdout);

  const tc::EpochResult& first = results.front();
  const tc::EpochResult& last = results.back();  // always evaluated
  double train_seconds = 0;
  std::int64_t images = 0;
  for (const tc::EpochResult& r : results) {
    train_seconds += r.train_seconds;
    images += r.images;
  }
  std::printf("training: %lld images in %.2f s, %.0f images/s, %.2f s per epoch (training steps only, no evaluation)\n",
              static_cast<long long>(images), train_seconds, static_cast<double>(images) / train_seconds,
              train_seconds / static_cast<double>(results.size()));
  print_variants_table(net, data, settings, ctx, stdout);

  if (results.size() > 1 && !(last.mean_loss < first.mean_loss)) {
    std::printf("FAIL: the last epoch's mean loss %.6f is not below the first's %.6f\n", last.mean_loss,
                first.mean_loss);
    return loss_not_decreasing;
  }
  if (o.min_accuracy >= 0 && !(last.test_accuracy >= o.min_accuracy)) {
    std::printf("FAIL: the final test accuracy %.4f is below --min-accuracy %g\n", last.test_accuracy, o.min_accuracy);
    return accuracy_too_low;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const tc::Options options = tc::parse_options(argc, argv);
    if (options.help) {
      std::fputs(tc::usage_text(argv[0]).c_str(), stdout);
      return ok;
    }
    return run(options);
  } catch (const tc::UsageError& e) {
    std::fprintf(stderr, "%s: %s\n%s", argv[0], e.what(), tc::usage_text(argv[0]).c_str());
  } catch (const cnnkit::Error& e) {
    std::fprintf(stderr, "%s: cnnkit error: %s\n", argv[0], e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
  }
  return failure;
}
