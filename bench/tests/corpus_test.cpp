// The layer corpus (bench/shapes/corpus.txt) and its quick subset (corpus_sample.txt): large
// enough, real-looking batch sizes and costs, unique names, the sample a true subset, and both
// kept out of the default suite. The selection rules they rely on are in shape_suite_test.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cnnkit/geometry.hpp"
#include "common/op_case.hpp"
#include "common/shape_file.hpp"
#include "common/shape_suite.hpp"

namespace cnnkit::bench {
namespace {

// The layers of one built-in file as the parser gives them: not through load_shapes, which keeps
// one of two layers with the same name and geometry, so that a repeated name shows here.
std::vector<Layer> parse_builtin(const std::string& stem) {
  for (const auto& f : builtin_shape_files())
    if (f.stem == stem) return parse_shape_file(f.text, f.stem);
  throw std::runtime_error("no built-in shape file " + stem);
}

double forward_gflop(const ConvLayer& l) {
  const NhwcShape y = conv2d_output_shape(l.x, l.w, l.params);
  return 2.0 * y.n * y.h * y.w * y.c * l.w.kh * l.w.kw * l.w.c_in_per_group / 1e9;
}

bool is_seed(const Layer& l) { return l.name.starts_with("seeds."); }

TEST(Corpus, HasTheLayersTheIssueAsksFor) {
  const auto layers = parse_builtin("corpus");
  int conv = 0, pool = 0, other = 0;
  for (const auto& l : layers) {
    if (std::holds_alternative<ConvLayer>(l.spec))
      ++conv;
    else if (std::holds_alternative<PoolLayer>(l.spec))
      ++pool;
    else
      ++other;
  }
  EXPECT_GE(conv, 200);
  EXPECT_GE(pool, 40);
  EXPECT_EQ(other, 0);
}

TEST(Corpus, NamesAreUniqueAndNameTheirNetwork) {
  std::set<std::string> names;
  const std::set<std::string> networks = {
      "resnet18",    "resnet50",      "vgg16",         "alexnet",         "alexnet_tv", "mobilenet_v1",
      "mobilenet_v2", "inception_v3", "squeezenet1_1", "squeezenet1_0",   "densenet121", "efficientnet_b0",
      "unet572",     "unet256",       "yolov3_tiny",   "yolov2_tiny",     "lenet5",     "mnist",
      "mnist_tf",    "seeds"};
  std::set<std::string> seen;
  for (const auto& l : parse_builtin("corpus")) {
    EXPECT_TRUE(names.insert(l.name).second) << "repeated name " << l.name << " at " << l.source;
    const std::string network = l.name.substr(0, l.name.find('.'));
    EXPECT_TRUE(networks.contains(network)) << l.name;
    seen.insert(network);
  }
  EXPECT_EQ(seen, networks);  // every network the issue names is there
}

TEST(Corpus, BatchesAndCostsAreTheCorpusRules) {
  int batch1 = 0, batch_n = 0;
  for (const auto& l : parse_builtin("corpus")) {
    if (is_seed(l)) continue;  // the seeds' layers keep the batches the anchors measured
    const std::int64_t n = std::visit([](const auto& s) -> std::int64_t {
      if constexpr (requires { s.x.n; })
        return s.x.n;
      else
        return 0;
    }, l.spec);
    EXPECT_TRUE(n == 1 || (n >= 8 && n <= 64)) << l.name << " batch " << n;
    EXPECT_TRUE(l.name.ends_with(".n" + std::to_string(n))) << l.name << " batch " << n;
    (n == 1 ? batch1 : batch_n) += 1;
    if (const auto* c = std::get_if<ConvLayer>(&l.spec)) {
      EXPECT_LE(forward_gflop(*c), 15.0) << l.name;
    }
  }
  EXPECT_GE(batch1, 100);
  EXPECT_GE(batch_n, 100);
}

TEST(Corpus, CoversTheLayerClasses) {
  std::map<std::string, int> classes;
  for (const auto& l : parse_builtin("corpus")) {
    if (const auto* c = std::get_if<ConvLayer>(&l.spec)) {
      const auto& p = c->params;
      if (p.groups > 1 && p.groups == c->x.c && c->w.c_out == c->x.c) classes["depthwise"]++;
      if (p.groups > 1 && p.groups != c->x.c) classes["grouped"]++;
      if (c->w.kh == 1 && c->w.kw == 1) classes[p.stride_h > 1 ? "1x1 strided" : "1x1"]++;
      if (c->w.kh != c->w.kw) classes["asymmetric kernel"]++;
      if (c->w.kh == 5 && c->w.kw == 5) classes["5x5"]++;
      if (c->w.kh == 3 && c->w.kw == 3 && p.stride_h == 2) classes["3x3 strided"]++;
      if (p.pad.top != p.pad.bottom || p.pad.left != p.pad.right) classes["asymmetric padding"]++;
      if (c->x.c <= 3) classes["1-3 input channels"]++;
      if (c->x.h * c->x.w >= 256 * 256 && c->x.c <= 64) classes["large spatial, few channels"]++;
    } else {
      const auto& p = std::get<PoolLayer>(l.spec).params;
      if (p.ceil_mode) classes["pool ceil"]++;
      if (p.stride_h < p.kernel_h) classes["pool overlapping"]++;
      if (p.kernel_h == std::get<PoolLayer>(l.spec).x.h && p.mode == PoolMode::avg) classes["global avg"]++;
      if (p.count_include_pad && p.mode == PoolMode::avg) classes["avg counting the pad"]++;
      if (p.pad.top != p.pad.bottom) classes["pool asymmetric padding"]++;
    }
  }
  for (const char* name : {"depthwise", "grouped", "1x1", "1x1 strided", "asymmetric kernel", "5x5", "3x3 strided",
                           "asymmetric padding", "1-3 input channels", "large spatial, few channels", "pool ceil",
                           "pool overlapping", "global avg", "avg counting the pad", "pool asymmetric padding"})
    EXPECT_GE(classes[name], 1) << name;
}

TEST(Corpus, SampleLayersAreCorpusLayers) {
  const auto corpus = parse_builtin("corpus");
  const auto sample = parse_builtin("corpus_sample");
  EXPECT_GE(sample.size(), 25u);
  EXPECT_LE(sample.size(), 45u);
  std::set<std::string> names;
  for (const auto& s : sample) {
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    const Layer* match = nullptr;
    for (const auto& c : corpus)
      if (c.name == s.name) match = &c;
    ASSERT_NE(match, nullptr) << s.name << " (" << s.source << ") is not a corpus layer";
    EXPECT_TRUE(same_geometry(match->spec, s.spec))
        << s.name << ": " << summarize(s) << " here, " << summarize(*match) << " in the corpus";
  }
}

TEST(Corpus, SampleSpansBatchesAndIsCheap) {
  int conv = 0, pool = 0, batch1 = 0, batch_n = 0;
  double gflop = 0;
  for (const auto& l : parse_builtin("corpus_sample")) {
    if (const auto* c = std::get_if<ConvLayer>(&l.spec)) {
      ++conv;
      gflop += forward_gflop(*c);
      (c->x.n == 1 ? batch1 : batch_n) += 1;
    } else {
      ++pool;
    }
  }
  EXPECT_GE(conv, 15);
  EXPECT_GE(pool, 8);
  EXPECT_GE(batch1, 5);
  EXPECT_GE(batch_n, 5);
  // Every variant of every direction, reference included, at one thread in a few minutes.
  EXPECT_LE(gflop, 6.0);
}

// The sample's cases build (buffers, every op of the layer) and count the work the corpus rules
// count; cheap enough to do for each of its layers.
TEST(Corpus, SampleCasesBuildAndCountTheirWork) {
  for (const auto& l : parse_builtin("corpus_sample"))
    for (OpId op : ops_of(l)) {
      const auto c = make_op_case(op, l, DType::f32);
      if (const auto* conv = std::get_if<ConvLayer>(&l.spec); conv && op != OpId::conv2d_bwd_bias) {
        EXPECT_NEAR(c->work().amount / 1e9, forward_gflop(*conv), 1e-9) << l.name << " " << to_string(op);
      }
    }
}

TEST(Corpus, IsNotInTheDefaultSuite) {
  EXPECT_FALSE(in_default_suite("corpus"));
  EXPECT_FALSE(in_default_suite("corpus_sample"));
  std::set<std::string> corpus_names;
  for (const auto& l : parse_builtin("corpus")) corpus_names.insert(l.name);
  for (const auto& l : load_shapes({})) {
    EXPECT_FALSE(l.file.starts_with("corpus")) << l.name;
    EXPECT_FALSE(corpus_names.contains(l.name)) << l.name;
  }
}

// The embedded text (cut into several raw strings for long files) is the file in bench/shapes.
TEST(Corpus, EmbeddedFilesAreTheSourceFiles) {
  int checked = 0;
  for (const auto& f : builtin_shape_files()) {
    std::ifstream in(std::string(CNNKIT_BENCH_SHAPES_DIR) + "/" + f.stem + ".txt", std::ios::binary);
    ASSERT_TRUE(in) << f.stem;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(f.text, text.str()) << f.stem;
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

}  // namespace
}  // namespace cnnkit::bench
