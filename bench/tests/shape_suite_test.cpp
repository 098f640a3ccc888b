// The built-in shape suite: it parses, its names are unique, selectors pick what they say, and
// its layers carry the work the competitor anchors were measured with (their conventions:
// GFLOP = 2*N*Ho*Wo*Cout*KH*KW*Cin/groups; pool MB = 4 bytes x (input + output elements)).
#include "common/shape_suite.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/op_case.hpp"
#include "common/shape_fields.hpp"

namespace cnnkit::bench {
namespace {

const Layer& find(const std::vector<Layer>& layers, const std::string& name) {
  for (const auto& l : layers)
    if (l.name == name) return l;
  throw std::runtime_error("no layer " + name);
}

double work_of(OpId op, const Layer& layer) { return make_op_case(op, layer, DType::f32)->work().amount; }

TEST(ShapeSuite, DefaultSuiteParsesWithUniqueNames) {
  const auto layers = load_shapes({});
  std::set<std::string> names, files;
  for (const auto& l : layers) {
    EXPECT_TRUE(names.insert(l.name).second) << l.name;
    files.insert(l.file);
  }
  EXPECT_EQ(files, (std::set<std::string>{"seeds", "signs_convnet", "resnet50", "vgg16", "alexnet", "eltwise"}));
  EXPECT_EQ(layers.front().file, "seeds");  // the suite's order, not alphabetical
}

TEST(ShapeSuite, ConvLayersCarryTheAnchorsGflop) {
  const auto layers = load_shapes({});
  const std::pair<const char*, double> anchors[] = {
      {"seed_image", 0.018},    {"signs_conv1", 0.201},   {"signs_conv2", 0.004},   {"resnet_conv1", 1.888},
      {"resnet_3x3_56", 1.850}, {"resnet_1x1_56", 0.822}, {"resnet_3x3_28", 1.850}, {"resnet_3x3_14", 1.850},
      {"resnet_3x3_7", 1.850},  {"vgg_3x3_224", 3.699},   {"alexnet_conv1", 1.687}};
  for (const auto& [name, gflop] : anchors) {
    const Layer& l = find(layers, name);
    for (OpId op : {OpId::conv2d_fwd, OpId::conv2d_bwd_data, OpId::conv2d_bwd_weights})
      EXPECT_NEAR(work_of(op, l) / 1e9, gflop, 0.0005 + 1e-9) << name << " " << to_string(op);
  }
}

TEST(ShapeSuite, PoolLayersMoveTheAnchorsBytes) {
  const auto layers = load_shapes({});
  const std::pair<const char*, double> anchors[] = {{"resnet_maxpool", 32.11},
                                                    {"vgg_maxpool", 128.45},
                                                    {"signs_pool1", 8.52},
                                                    {"seed_pool", 1.51},
                                                    {"global_avg", 3.28}};
  for (const auto& [name, mb] : anchors)
    for (const char* mode : {".max", ".avg"}) {
      const Layer& l = find(layers, std::string(name) + mode);
      EXPECT_NEAR(work_of(OpId::pool2d_fwd, l) / 1e6, mb, 0.005 + 1e-9) << name << mode;
      EXPECT_NEAR(work_of(OpId::pool2d_bwd, l) / 1e6, mb, 0.005 + 1e-9) << name << mode;
    }
}

TEST(ShapeSuite, ReluCountsReadAndWrite) {
  const auto layers = load_shapes({"eltwise"});  // kept: find() returns a reference into it
  const Layer& l = find(layers, "relu_64mib");
  EXPECT_EQ(work_of(OpId::relu_fwd, l), 2.0 * 64 * 1024 * 1024);  // the anchors' 2 x 64 MiB
  EXPECT_EQ(work_of(OpId::relu_bwd, l), 3.0 * 64 * 1024 * 1024);  // x, dy read; dx written
}

TEST(ShapeSuite, SelectorsPickFilesAndLayers) {
  for (const auto& l : load_shapes({"resnet50"})) EXPECT_EQ(l.file, "resnet50");
  const auto pools = load_shapes({"^seed_pool\\."});
  ASSERT_EQ(pools.size(), 2u);
  EXPECT_EQ(pools[0].name, "seed_pool.max");
  // Overlapping selectors choose a layer once.
  EXPECT_EQ(load_shapes({"alexnet", "alexnet_conv1"}).size(), 1u);
  EXPECT_THROW(load_shapes({"no_such_layer_or_file"}), ShapeError);
  EXPECT_THROW(load_shapes({"(unbalanced"}), ShapeError);
}

std::string error_of(const std::vector<std::string>& selectors) {
  try {
    load_shapes(selectors);
  } catch (const ShapeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ShapeSuite, OptInFilesComeLastAndOnlyWhenNamed) {
  const auto sorted = sort_shape_files({{"corpus_sample", ""}, {"corpus", ""}, {"zzz", ""}, {"eltwise", ""}, {"seeds", ""}});
  std::vector<std::string> stems;
  for (const auto& f : sorted) stems.push_back(f.stem);
  EXPECT_EQ(stems, (std::vector<std::string>{"seeds", "eltwise", "zzz", "corpus", "corpus_sample"}));
  EXPECT_TRUE(in_default_suite("resnet50"));
  EXPECT_TRUE(in_default_suite("zzz"));  // a new file joins the default suite

  for (const auto& l : load_shapes({"corpus"})) EXPECT_EQ(l.file, "corpus");
  EXPECT_GE(load_shapes({"corpus"}).size(), 240u);
  // A regex searches the default suite only: "resnet" does not pull in the corpus's resnet50.*.
  for (const auto& l : load_shapes({"resnet"})) EXPECT_TRUE(in_default_suite(l.file)) << l.name;
}

TEST(ShapeSuite, FileColonRegexSearchesOneFile) {
  const auto layers = load_shapes({"corpus:^resnet50\\."});
  ASSERT_FALSE(layers.empty());
  for (const auto& l : layers) {
    EXPECT_EQ(l.file, "corpus");
    EXPECT_TRUE(l.name.starts_with("resnet50.")) << l.name;
  }
  EXPECT_EQ(load_shapes({"seeds:^seed_pool\\."}).size(), 2u);  // default files too
  EXPECT_NE(error_of({"corpus:^no_such_layer$"}).find("matches no layer name of the built-in file corpus"),
            std::string::npos);
  // A regex that only corpus layers match says how to select them.
  EXPECT_NE(error_of({"^resnet50\\.layer1"}).find("select them with corpus:^resnet50\\.layer1"), std::string::npos);
  // A colon in a regex whose prefix is no file stays a regex.
  EXPECT_EQ(load_shapes({"(?:alexnet_conv1)"}).size(), 1u);
}

TEST(ShapeSuite, CorpusAndSampleTogetherChooseEachLayerOnce) {
  const auto corpus = load_shapes({"corpus"});
  const auto sample = load_shapes({"corpus_sample"});
  const auto both = load_shapes({"corpus", "corpus_sample"});
  EXPECT_EQ(both.size(), corpus.size());
  // The first selector that chooses a layer keeps it.
  const auto sample_first = load_shapes({"corpus_sample", "corpus"});
  ASSERT_EQ(sample_first.size(), corpus.size());
  for (std::size_t i = 0; i < sample.size(); ++i) {
    EXPECT_EQ(sample_first[i].name, sample[i].name);
    EXPECT_EQ(sample_first[i].file, "corpus_sample");
  }
}

// Same name in two files: one layer when the geometry is the same, an error naming both lines
// when it is not.
TEST(ShapeSuite, SameNameTwiceNeedsTheSameGeometry) {
  const auto dir = std::filesystem::temp_directory_path() / ("cnnkit_shape_suite_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& file, const std::string& text) {
    std::ofstream(dir / file) << text;
    return (dir / file).string();
  };
  const std::string a = write("a.txt", "conv name=x n=1 h=8 w=8 c=4 k=4 kernel=3x3 pad=1\n");
  const std::string same = write("same.txt", "# the same layer\nconv name=x n=1 h=8 w=8 c=4 k=4 kernel=3 pad=1x1\n");
  const std::string other = write("other.txt", "conv name=x n=2 h=8 w=8 c=4 k=4 kernel=3x3 pad=1\n");
  const std::string nobias = write("nobias.txt", "conv name=x n=1 h=8 w=8 c=4 k=4 kernel=3x3 pad=1 bias=0\n");
  const auto one = load_shapes({a, same});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].source, "a.txt:1");
  for (const auto& b : {other, nobias}) {
    const std::string e = error_of({a, b});
    EXPECT_NE(e.find("two layers are named 'x' with different geometry: a.txt:1"), std::string::npos) << e;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cnnkit::bench
