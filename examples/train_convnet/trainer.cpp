#include "trainer.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>

#include "random.hpp"

namespace train_convnet {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The minibatch inputs, filled by gather_batch: one allocation for the whole run.
// (dlogits: softmax_cross_entropy's gradient output, which evaluation does not use).
struct BatchBuffers {
  std::vector<float> x, dlogits;
  std::vector<std::int64_t> labels;
  BatchBuffers(std::int64_t batch, std::int64_t image_elements, std::int64_t classes)
      : x(static_cast<std::size_t>(batch * image_elements)),
        dlogits(static_cast<std::size_t>(batch * classes)),
        labels(static_cast<std::size_t>(batch)) {}
};

std::int64_t argmax_row(cnnkit::MatrixView<const float> m, std::int64_t row) {
  const float* r = m.data + row * m.cols;
  return std::max_element(r, r + m.cols) - r;
}

struct SetScore {
  double accuracy = 0, loss = 0;
};

// Fraction of `set` classified correctly and its mean loss, in order, batch by batch.
SetScore score(ConvNet& net, const Dataset& set, BatchBuffers& buf, std::int64_t batch, const cnnkit::Context& ctx) {
  std::int64_t correct = 0;
  double loss_sum = 0;
  for (std::int64_t first = 0; first < set.size(); first += batch) {
    const std::int64_t n = std::min(batch, set.size() - first);
    gather_batch(set, nullptr, first, n, buf.x.data(), buf.labels.data());
    const cnnkit::MatrixView<const float> logits = net.forward(buf.x.data(), n, ctx);
    for (std::int64_t i = 0; i < n; ++i) correct += argmax_row(logits, i) == buf.labels[static_cast<std::size_t>(i)];
    loss_sum += cnnkit::softmax_cross_entropy(logits, cnnkit::VectorView<const std::int64_t>(buf.labels.data(), n),
                                              cnnkit::MatrixView<float>(buf.dlogits.data(), n, logits.cols), ctx) *
                static_cast<double>(n);
  }
  const double count = static_cast<double>(set.size());
  return {static_cast<double>(correct) / count, loss_sum / count};
}

}  // namespace

bool evaluates_after(int epoch, int epochs, int eval_every) {
  return epoch == epochs || (eval_every > 0 && epoch % eval_every == 0);
}

std::vector<EpochResult> train(ConvNet& net, const DataSplit& data, const TrainSettings& settings,
                               const cnnkit::Context& ctx, std::FILE* out) {
  const Dataset& train_set = data.train;
  const std::int64_t m = train_set.size();
  BatchBuffers buf(settings.batch, train_set.image_elements(), data.classes);
  std::vector<std::int64_t> order(static_cast<std::size_t>(m));
  std::iota(order.begin(), order.end(), std::int64_t(0));
  std::vector<EpochResult> results;
  results.reserve(static_cast<std::size_t>(settings.epochs));
  Rng shuffle_rng(settings.shuffle_seed);

  cnnkit::AdamParams adam;
  adam.lr = settings.lr;
  adam.style = cnnkit::AdamStyle::tensorflow1;  // tf.train.AdamOptimizer, beta 0.9/0.999, eps 1e-8

  const std::int64_t minibatches = (m + settings.batch - 1) / settings.batch;
  std::fprintf(out, "%lld training images in %lld minibatches of up to %lld, %lld test images\n",
               static_cast<long long>(m), static_cast<long long>(minibatches), static_cast<long long>(settings.batch),
               static_cast<long long>(data.test.size()));
  std::fflush(out);

  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    EpochResult r;
    const Clock::time_point start = Clock::now();
    shuffle_rng.shuffle(order.data(), static_cast<std::uint64_t>(m));
    // The seed adds cost / num_minibatches with num_minibatches = int(m / 64), so SIGNS' 17
    // minibatches (16 full, one of 56) are summed and divided by 16 (AUDIT.md bug #11). Here
    // each minibatch's mean loss is weighted by its size: the epoch's mean over its images.
    double loss_sum = 0;
    for (std::int64_t first = 0; first < m; first += settings.batch) {
      const std::int64_t n = std::min(settings.batch, m - first);
      gather_batch(train_set, order.data(), first, n, buf.x.data(), buf.labels.data());
      loss_sum += net.train_step(buf.x.data(), buf.labels.data(), n, adam, ctx) * static_cast<double>(n);
    }
    r.mean_loss = loss_sum / static_cast<double>(m);
    r.train_seconds = seconds_since(start);
    r.images = m;
    std::fprintf(out, "epoch %4d/%d  loss %.6f  train %.2f s, %.0f images/s\n", epoch, settings.epochs, r.mean_loss,
                 r.train_seconds, r.images_per_second());

    if (evaluates_after(epoch, settings.epochs, settings.eval_every)) {
      const Clock::time_point eval_start = Clock::now();
      const SetScore on_train = score(net, train_set, buf, settings.batch, ctx);
      const SetScore on_test = score(net, data.test, buf, settings.batch, ctx);
      r.eval_seconds = seconds_since(eval_start);
      r.evaluated = true;
      r.train_accuracy = on_train.accuracy;
      r.train_loss = on_train.loss;
      r.test_accuracy = on_test.accuracy;
      r.test_loss = on_test.loss;
      std::fprintf(out, "  evaluation after epoch %d: train acc %.4f loss %.6f, test acc %.4f loss %.6f (%.2f s)\n",
                   epoch, r.train_accuracy, r.train_loss, r.test_accuracy, r.test_loss, r.eval_seconds);
    }
    results.push_back(r);
    std::fflush(out);
  }
  return results;
}

}  // namespace train_convnet
