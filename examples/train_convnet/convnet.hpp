// The seeds' ConvNet (deeplearning.ai "Convolution model - Application", seed 002), on cnnkit:
//   CONV2D 4x4, 8 filters, stride 1, SAME -> RELU -> MAXPOOL 8x8 stride 8 SAME
//   -> CONV2D 2x2, 16 filters, stride 1, SAME -> RELU -> MAXPOOL 4x4 stride 4 SAME
//   -> FLATTEN -> FC(classes) -> softmax cross-entropy,
// trained with Adam in TensorFlow 1's form. As in the seeds the convolutions have no bias and
// the fully connected layer has one (tf.contrib.layers.fully_connected, bias initialised to 0);
// conv_bias gives the convolutions one too (initialised to 0).
// Each convolution runs with cnnkit's fused epilogues: forward with its bias and the ReLU in one
// pass (Conv2dEpilogue::relu, bitwise conv2d_forward then relu_forward), backward weights with the
// bias gradient in one pass over dz (conv2d_backward_weights_bias). The pre-ReLU z is never
// stored: relu_backward reads a = relu(z) instead, which gives the same gradient bit for bit
// (a <= 0 exactly where z <= 0; a NaN z leaves a NaN a).
// Training saves each max pool's winners (pool2d_forward with indices, int32 per output cell) and
// the pool backward reads them instead of searching every window of a again (bitwise the same
// gradient: ties = first); a itself is still kept, for relu_backward.
// Every activation and gradient buffer is allocated once, for the largest minibatch; a
// smaller minibatch uses a prefix of each buffer (NHWC puts the batch outermost).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"

namespace train_convnet {

// One dispatched op call of a training step, and the layer it belongs to.
struct LayerCall {
  std::string pass;   // "forward", "backward" or "update"
  std::string layer;  // "conv1", "pool1", ..., "fc", "loss"
  cnnkit::OpId op;
};

class ConvNet {
 public:
  // `example` is the shape of one image (its n is ignored); forward() and train_step() accept
  // up to max_batch images. Weights are Xavier-uniform from `seed`.
  ConvNet(cnnkit::NhwcShape example, std::int64_t classes, std::int64_t max_batch, std::uint64_t seed,
          bool conv_bias = false);

  // Logits (n, classes) for the first n images of x (NHWC floats). The view points into the
  // network and stays valid until the next call.
  cnnkit::MatrixView<const float> forward(const float* x, std::int64_t n, const cnnkit::Context& ctx);

  // One Adam update from a minibatch of n images with class labels: forward, loss, backward,
  // then adam_step on every parameter. adam.step is ignored (the network counts its updates).
  // Returns the minibatch's mean loss, measured before the update.
  double train_step(const float* x, const std::int64_t* labels, std::int64_t n, const cnnkit::AdamParams& adam,
                    const cnnkit::Context& ctx);

  // The op calls one train_step() makes, in the order it makes them (what cnnkit's dispatch log
  // shows for one step). variants_table.cpp checks each logged op against this list.
  std::vector<LayerCall> train_step_calls() const;

  // Layer shapes and paddings, one line per layer.
  std::string describe() const;
  std::int64_t parameter_count() const;

 private:
  struct Parameter {
    std::vector<float> value, grad, m, v;  // Adam's moments start at zero
    explicit Parameter(std::size_t size) : value(size), grad(size), m(size), v(size) {}
    cnnkit::VectorView<float> values() { return {value.data(), static_cast<std::int64_t>(value.size())}; }
    cnnkit::VectorView<float> grads() { return {grad.data(), static_cast<std::int64_t>(grad.size())}; }
    // An empty view (no bias) when the parameter is empty.
    cnnkit::VectorView<const float> const_values() const {
      if (value.empty()) return {};
      return {value.data(), static_cast<std::int64_t>(value.size())};
    }
  };

  void conv_weights_grad(cnnkit::NhwcView<const float> in, cnnkit::NhwcView<const float> dz, Parameter& w,
                         const cnnkit::HwioShape& shape, Parameter& b, const cnnkit::Conv2dParams& params,
                         const cnnkit::Context& ctx);

  void backward(const float* x, std::int64_t n, const cnnkit::Context& ctx);
  // forward(); with save_indices the pools also write their winners' indices (training).
  cnnkit::MatrixView<const float> run_forward(const float* x, std::int64_t n, bool save_indices,
                                              const cnnkit::Context& ctx);

  std::int64_t max_batch_, classes_, features_;
  cnnkit::NhwcShape x_, z1_, p1_, z2_, p2_;  // batch dimension = max_batch
  cnnkit::HwioShape w1_shape_, w2_shape_;
  cnnkit::Conv2dParams conv1_, conv2_;
  cnnkit::Pool2dParams pool1_, pool2_;
  Parameter w1_, w2_, w3_, b3_;
  Parameter b1_, b2_;  // empty without conv_bias
  std::int64_t adam_updates_ = 0;
  // Forward activations (a: conv output after the fused ReLU, p: after pooling) and the gradients
  // (dz: of the conv output).
  std::vector<float> a1_buf_, p1_buf_, a2_buf_, p2_buf_, logits_buf_;
  std::vector<float> dz1_buf_, da1_buf_, dp1_buf_, dz2_buf_, da2_buf_, dp2_buf_, dlogits_buf_;
  std::vector<std::int32_t> idx1_buf_, idx2_buf_;  // the pools' saved winners (shapes p1, p2)
};

}  // namespace train_convnet
