// One benchmark shape: a layer read from a shape file (bench/shapes/*.txt), typed by its kind.
// Every op that a layer feeds is benchmarked on it (see op_case.hpp for which ops those are).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit::bench {

// conv: forward, backward data, backward weights and backward bias of one convolution.
struct ConvLayer {
  NhwcShape x;
  HwioShape w;
  Conv2dParams params;
  bool bias = true;
};

// pool: forward and backward of one pooling window (one mode per layer; mode=max,avg in a
// shape file makes two layers).
struct PoolLayer {
  NhwcShape x;
  Pool2dParams params;
};

// eltwise: ReLU forward and backward on `count` elements.
struct EltwiseLayer {
  std::int64_t count = 0;
  bool in_place = false;
};

// pad: constant padding of an NHWC tensor.
struct PadLayer {
  NhwcShape x;
  Padding pad;
  double value = 0;
};

// dense: forward, backward data, backward weights and backward bias of x (m, n_in) @ w (n_in, n_out).
struct DenseLayer {
  std::int64_t m = 0, n_in = 0, n_out = 0;
  bool bias = true;
};

// softmax_xent: softmax cross-entropy of (rows, classes) logits, loss and gradient.
struct SoftmaxXentLayer {
  std::int64_t rows = 0, classes = 0;
  bool index_labels = false;
  bool want_grad = true;
};

// adam: one Adam update of `count` parameters.
struct AdamLayer {
  std::int64_t count = 0;
  AdamParams params;
};

using LayerSpec = std::variant<ConvLayer, PoolLayer, EltwiseLayer, PadLayer, DenseLayer, SoftmaxXentLayer, AdamLayer>;

struct Layer {
  std::string name;    // unique in a suite, e.g. "resnet_3x3_56" or "seed_pool.max"
  std::string file;    // the shape file's stem, e.g. "resnet50"
  std::string source;  // "resnet50.txt:4", for messages
  LayerSpec spec;
};

// Whether two layers describe the same benchmark: the same kind and every field of the spec equal
// (names and files aside). A layer chosen twice, from corpus and corpus_sample, is kept once.
bool same_geometry(const LayerSpec& a, const LayerSpec& b);

// A one-line human description of the geometry, e.g. "8x56x56x64 -> 64, 3x3/1, pad 1,1,1,1".
std::string summarize(const Layer& layer);

}  // namespace cnnkit::bench
