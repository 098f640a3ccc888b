#include "convnet.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "random.hpp"

namespace train_convnet {
namespace {

using cnnkit::HwioShape;
using cnnkit::HwioView;
using cnnkit::MatrixView;
using cnnkit::NhwcShape;
using cnnkit::NhwcView;
using cnnkit::VectorView;

// The seeds' filter counts and window sizes.
constexpr std::int64_t conv1_kernel = 4, conv1_filters = 8;
constexpr std::int64_t pool1_window = 8;
constexpr std::int64_t conv2_kernel = 2, conv2_filters = 16;
constexpr std::int64_t pool2_window = 4;

NhwcShape with_batch(NhwcShape s, std::int64_t n) {
  s.n = n;
  return s;
}

std::int64_t elements(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
std::int64_t elements(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

std::size_t size_of(std::int64_t n) { return static_cast<std::size_t>(n); }

// ReLU works on flat vectors; these are the NHWC tensors seen as one.
VectorView<float> flat(NhwcView<float> t) { return {t.data, elements(t.shape)}; }
VectorView<const float> flat(NhwcView<const float> t) { return {t.data, elements(t.shape)}; }

cnnkit::Conv2dParams same_conv(const NhwcShape& in, std::int64_t kernel) {
  cnnkit::Conv2dParams p;  // stride 1, no dilation, one group
  p.pad = cnnkit::same_padding(in.h, in.w, kernel, kernel);
  return p;
}

// TensorFlow's SAME max pooling: the padded cells never win (cnnkit's max pool skips them),
// which is what tf.nn.max_pool does, not "pad with zeros and pool".
cnnkit::Pool2dParams same_max_pool(const NhwcShape& in, std::int64_t window) {
  cnnkit::Pool2dParams p;
  p.mode = cnnkit::PoolMode::max;
  p.kernel_h = p.kernel_w = p.stride_h = p.stride_w = window;
  p.pad = cnnkit::same_padding(in.h, in.w, window, window, window, window);
  return p;
}

// tf.contrib.layers.xavier_initializer() (uniform): U(-l, l), l = sqrt(6 / (fan_in + fan_out)),
// where a convolution's fans count the receptive field: kh*kw*c_in and kh*kw*c_out.
void xavier_uniform(std::vector<float>& w, std::int64_t fan_in, std::int64_t fan_out, Rng& rng) {
  const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  for (float& v : w) v = static_cast<float>(rng.uniform(-limit, limit));
}

std::string pad_text(const cnnkit::Padding& p) {
  char text[64];
  std::snprintf(text, sizeof text, "pad t/b/l/r %lld/%lld/%lld/%lld", static_cast<long long>(p.top),
                static_cast<long long>(p.bottom), static_cast<long long>(p.left), static_cast<long long>(p.right));
  return text;
}

std::string hwc_text(const NhwcShape& s) {
  return std::to_string(s.h) + "x" + std::to_string(s.w) + "x" + std::to_string(s.c);
}

}  // namespace

ConvNet::ConvNet(NhwcShape example, std::int64_t classes, std::int64_t max_batch, std::uint64_t seed, bool conv_bias)
    : max_batch_(max_batch),
      classes_(classes),
      x_(with_batch(example, max_batch)),
      w1_shape_{conv1_kernel, conv1_kernel, example.c, conv1_filters},
      w2_shape_{conv2_kernel, conv2_kernel, conv1_filters, conv2_filters},
      conv1_(same_conv(example, conv1_kernel)),
      w1_(size_of(elements(w1_shape_))),
      w2_(size_of(elements(w2_shape_))),
      w3_(0),
      b3_(size_of(classes)),
      b1_(conv_bias ? size_of(conv1_filters) : 0),
      b2_(conv_bias ? size_of(conv2_filters) : 0) {
  if (max_batch < 1) throw std::invalid_argument("the minibatch size must be at least 1");
  if (classes < 2) throw std::invalid_argument("the network needs at least 2 classes");
  // Each layer's geometry follows from the one before, through cnnkit's own shape rules.
  z1_ = cnnkit::conv2d_output_shape(x_, w1_shape_, conv1_);
  pool1_ = same_max_pool(z1_, pool1_window);
  p1_ = cnnkit::pool2d_output_shape(z1_, pool1_);
  conv2_ = same_conv(p1_, conv2_kernel);
  z2_ = cnnkit::conv2d_output_shape(p1_, w2_shape_, conv2_);
  pool2_ = same_max_pool(z2_, pool2_window);
  p2_ = cnnkit::pool2d_output_shape(z2_, pool2_);
  features_ = p2_.h * p2_.w * p2_.c;
  w3_ = Parameter(size_of(features_ * classes_));

  Rng rng(seed);
  xavier_uniform(w1_.value, conv1_kernel * conv1_kernel * example.c, conv1_kernel * conv1_kernel * conv1_filters, rng);
  xavier_uniform(w2_.value, conv2_kernel * conv2_kernel * conv1_filters, conv2_kernel * conv2_kernel * conv2_filters,
                 rng);
  xavier_uniform(w3_.value, features_, classes_, rng);  // b3 stays 0, as in fully_connected

  for (auto* buf : {&a1_buf_, &dz1_buf_, &da1_buf_}) buf->resize(size_of(elements(z1_)));
  for (auto* buf : {&p1_buf_, &dp1_buf_}) buf->resize(size_of(elements(p1_)));
  for (auto* buf : {&a2_buf_, &dz2_buf_, &da2_buf_}) buf->resize(size_of(elements(z2_)));
  for (auto* buf : {&p2_buf_, &dp2_buf_}) buf->resize(size_of(elements(p2_)));
  idx1_buf_.resize(size_of(elements(p1_)));
  idx2_buf_.resize(size_of(elements(p2_)));
  for (auto* buf : {&logits_buf_, &dlogits_buf_}) buf->resize(size_of(max_batch_ * classes_));
}

MatrixView<const float> ConvNet::forward(const float* x, std::int64_t n, const cnnkit::Context& ctx) {
  return run_forward(x, n, false, ctx);
}

MatrixView<const float> ConvNet::run_forward(const float* x, std::int64_t n, bool save_indices,
                                             const cnnkit::Context& ctx) {
  if (n < 1 || n > max_batch_)
    throw std::invalid_argument("forward: batch of " + std::to_string(n) + " images, expected 1 to " +
                                std::to_string(max_batch_));
  const NhwcView<const float> x_view(x, with_batch(x_, n));
  const NhwcView<float> a1(a1_buf_.data(), with_batch(z1_, n));
  const NhwcView<float> p1(p1_buf_.data(), with_batch(p1_, n));
  const NhwcView<float> a2(a2_buf_.data(), with_batch(z2_, n));
  const NhwcView<float> p2(p2_buf_.data(), with_batch(p2_, n));
  const MatrixView<float> logits(logits_buf_.data(), n, classes_);

  // a = relu(conv(x) + b), one pass over a (the bias views are empty without conv_bias).
  cnnkit::conv2d_forward(x_view, HwioView<const float>(w1_.value.data(), w1_shape_), b1_.const_values(), a1, conv1_,
                         cnnkit::Conv2dEpilogue::relu, ctx);
  if (save_indices)
    cnnkit::pool2d_forward(a1, p1, NhwcView<std::int32_t>(idx1_buf_.data(), p1.shape), pool1_, ctx);
  else
    cnnkit::pool2d_forward(a1, p1, pool1_, ctx);
  cnnkit::conv2d_forward(p1, HwioView<const float>(w2_.value.data(), w2_shape_), b2_.const_values(), a2, conv2_,
                         cnnkit::Conv2dEpilogue::relu, ctx);
  if (save_indices)
    cnnkit::pool2d_forward(a2, p2, NhwcView<std::int32_t>(idx2_buf_.data(), p2.shape), pool2_, ctx);
  else
    cnnkit::pool2d_forward(a2, p2, pool2_, ctx);
  cnnkit::dense_forward(cnnkit::flatten(p2), MatrixView<const float>(w3_.value.data(), features_, classes_),
                        VectorView<const float>(b3_.value.data(), classes_), logits, ctx);
  return logits;
}

// dw (and db when the layer has a bias) of one convolution: weights and bias in one pass over dz.
void ConvNet::conv_weights_grad(NhwcView<const float> in, NhwcView<const float> dz, Parameter& w, const HwioShape& shape,
                                Parameter& b, const cnnkit::Conv2dParams& params, const cnnkit::Context& ctx) {
  const HwioView<float> dw(w.grad.data(), shape);
  if (b.value.empty())
    cnnkit::conv2d_backward_weights(in, dz, dw, params, ctx);
  else
    cnnkit::conv2d_backward_weights_bias(in, dz, dw, b.grads(), params, ctx);
}

void ConvNet::backward(const float* x, std::int64_t n, const cnnkit::Context& ctx) {
  const NhwcView<const float> x_view(x, with_batch(x_, n));
  const NhwcView<const float> a1(a1_buf_.data(), with_batch(z1_, n));
  const NhwcView<const float> p1(p1_buf_.data(), with_batch(p1_, n));
  const NhwcView<const float> a2(a2_buf_.data(), with_batch(z2_, n));
  const NhwcView<const float> p2(p2_buf_.data(), with_batch(p2_, n));
  const NhwcView<float> dz1(dz1_buf_.data(), with_batch(z1_, n)), da1(da1_buf_.data(), with_batch(z1_, n));
  const NhwcView<float> dp1(dp1_buf_.data(), with_batch(p1_, n));
  const NhwcView<float> dz2(dz2_buf_.data(), with_batch(z2_, n)), da2(da2_buf_.data(), with_batch(z2_, n));
  const NhwcView<float> dp2(dp2_buf_.data(), with_batch(p2_, n));
  const MatrixView<const float> dlogits(dlogits_buf_.data(), n, classes_);

  cnnkit::dense_backward(cnnkit::flatten(p2), MatrixView<const float>(w3_.value.data(), features_, classes_), dlogits,
                         cnnkit::flatten(dp2), MatrixView<float>(w3_.grad.data(), features_, classes_),
                         VectorView<float>(b3_.grad.data(), classes_), ctx);
  // From the winners the forward saved: bitwise pool2d_backward(a2, ...) with ties = first.
  cnnkit::pool2d_backward(NhwcView<const std::int32_t>(idx2_buf_.data(), dp2.shape), dp2, da2, pool2_, ctx);
  // relu'(z) from a = relu(z): the same bits (see convnet.hpp).
  cnnkit::relu_backward(flat(a2), flat(da2), flat(dz2), ctx);
  conv_weights_grad(p1, dz2, w2_, w2_shape_, b2_, conv2_, ctx);
  cnnkit::conv2d_backward_data(dz2, HwioView<const float>(w2_.value.data(), w2_shape_), dp1, conv2_, ctx);
  cnnkit::pool2d_backward(NhwcView<const std::int32_t>(idx1_buf_.data(), dp1.shape), dp1, da1, pool1_, ctx);
  cnnkit::relu_backward(flat(a1), flat(da1), flat(dz1), ctx);
  // The input needs no gradient: only the first layer's weights (and bias).
  conv_weights_grad(x_view, dz1, w1_, w1_shape_, b1_, conv1_, ctx);
}

double ConvNet::train_step(const float* x, const std::int64_t* labels, std::int64_t n, const cnnkit::AdamParams& adam,
                           const cnnkit::Context& ctx) {
  const MatrixView<const float> logits = run_forward(x, n, true, ctx);
  const double loss = cnnkit::softmax_cross_entropy(logits, VectorView<const std::int64_t>(labels, n),
                                                    MatrixView<float>(dlogits_buf_.data(), n, classes_), ctx);
  backward(x, n, ctx);
  cnnkit::AdamParams step = adam;
  step.step = ++adam_updates_;
  for (Parameter* p : {&w1_, &w2_, &w3_, &b3_, &b1_, &b2_}) {
    if (p->value.empty()) continue;  // no conv bias
    cnnkit::adam_step(p->values(), VectorView<const float>(p->grad.data(), p->values().size),
                      VectorView<float>(p->m.data(), p->values().size),
                      VectorView<float>(p->v.data(), p->values().size), step, ctx);
  }
  return loss;
}

std::vector<LayerCall> ConvNet::train_step_calls() const {
  using cnnkit::OpId;
  const bool conv_bias = !b1_.value.empty();
  std::vector<LayerCall> calls = {
      // run_forward(save_indices = true), then the loss.
      {"forward", "conv1", OpId::conv2d_fwd},  // with the fused ReLU
      {"forward", "pool1", OpId::pool2d_fwd_indices},
      {"forward", "conv2", OpId::conv2d_fwd},
      {"forward", "pool2", OpId::pool2d_fwd_indices},
      {"forward", "fc", OpId::dense_fwd},
      {"forward", "loss", OpId::softmax_xent},  // also writes dlogits
      // backward(): dense_backward runs three ops.
      {"backward", "fc", OpId::dense_bwd_data},
      {"backward", "fc", OpId::dense_bwd_weights},
      {"backward", "fc", OpId::dense_bwd_bias},
      {"backward", "pool2", OpId::pool2d_bwd_indices},
      {"backward", "conv2 relu", OpId::relu_bwd},
  };
  // conv_weights_grad: with a bias, conv2d_backward_weights_bias logs the weights and the bias op.
  const auto weights_grad = [&](const char* layer) {
    calls.push_back({"backward", layer, OpId::conv2d_bwd_weights});
    if (conv_bias) calls.push_back({"backward", layer, OpId::conv2d_bwd_bias});
  };
  weights_grad("conv2");
  calls.push_back({"backward", "conv2", OpId::conv2d_bwd_data});
  calls.push_back({"backward", "pool1", OpId::pool2d_bwd_indices});
  calls.push_back({"backward", "conv1 relu", OpId::relu_bwd});
  weights_grad("conv1");
  // adam_step in train_step's parameter order: w1, w2, w3, b3, then b1, b2 when present.
  for (const char* parameter : {"conv1 w", "conv2 w", "fc w", "fc b"}) calls.push_back({"update", parameter, OpId::adam});
  if (conv_bias)
    for (const char* parameter : {"conv1 b", "conv2 b"}) calls.push_back({"update", parameter, OpId::adam});
  return calls;
}

std::int64_t ConvNet::parameter_count() const {
  return static_cast<std::int64_t>(w1_.value.size() + w2_.value.size() + w3_.value.size() + b3_.value.size() +
                                   b1_.value.size() + b2_.value.size());
}

std::string ConvNet::describe() const {
  const HwioShape& k1 = w1_shape_;
  const HwioShape& k2 = w2_shape_;
  std::string s;
  s += "  input     " + hwc_text(x_) + "\n";
  s += "  conv1     " + std::to_string(k1.kh) + "x" + std::to_string(k1.kw) + ", " + std::to_string(k1.c_out) +
       " filters, stride 1, SAME " + pad_text(conv1_.pad) + " -> " + hwc_text(z1_) + ", ReLU\n";
  s += "  maxpool1  " + std::to_string(pool1_.kernel_h) + "x" + std::to_string(pool1_.kernel_w) + " stride " +
       std::to_string(pool1_.stride_h) + ", SAME " + pad_text(pool1_.pad) + " -> " + hwc_text(p1_) + "\n";
  s += "  conv2     " + std::to_string(k2.kh) + "x" + std::to_string(k2.kw) + ", " + std::to_string(k2.c_out) +
       " filters, stride 1, SAME " + pad_text(conv2_.pad) + " -> " + hwc_text(z2_) + ", ReLU\n";
  s += "  maxpool2  " + std::to_string(pool2_.kernel_h) + "x" + std::to_string(pool2_.kernel_w) + " stride " +
       std::to_string(pool2_.stride_h) + ", SAME " + pad_text(pool2_.pad) + " -> " + hwc_text(p2_) + "\n";
  s += "  fc        " + std::to_string(features_) + " -> " + std::to_string(classes_) +
       " (+ bias), softmax cross-entropy\n";
  s += "  " + std::to_string(parameter_count()) + " parameters, Xavier-uniform, " +
       (b1_.value.empty() ? "no conv bias" : "conv bias (initialised to 0)") + "\n";
  return s;
}

}  // namespace train_convnet
