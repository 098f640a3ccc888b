// The shape-file format: what each line kind means, its defaults, and that every mistake is
// reported with file:line and the key.
#include "common/shape_file.hpp"

#include <gtest/gtest.h>

namespace cnnkit::bench {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_shape_file(text, "t");
  } catch (const ShapeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ShapeFile, ConvLineWithDefaults) {
  const auto layers = parse_shape_file("conv name=a n=8 h=56 w=56 c=64 k=32 kernel=3x3 pad=1\n", "t");
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].name, "a");
  EXPECT_EQ(layers[0].file, "t");
  EXPECT_EQ(layers[0].source, "t.txt:1");
  const auto& l = std::get<ConvLayer>(layers[0].spec);
  EXPECT_EQ(l.x, (NhwcShape{8, 56, 56, 64}));
  EXPECT_EQ(l.w, (HwioShape{3, 3, 64, 32}));
  EXPECT_EQ(l.params.stride_h, 1);
  EXPECT_EQ(l.params.dilation_w, 1);
  EXPECT_EQ(l.params.groups, 1);
  EXPECT_EQ(l.params.pad, Padding::symmetric(1));
  EXPECT_TRUE(l.bias);
}

TEST(ShapeFile, ConvSamePaddingIsTensorFlows) {
  // TF SAME, 64 wide, kernel 4, stride 1: 3 cells of padding, 1 before and 2 after.
  const auto l = std::get<ConvLayer>(
      parse_shape_file("conv name=a n=1 h=64 w=64 c=3 k=8 kernel=4x4 pad=same bias=0", "t")[0].spec);
  EXPECT_EQ(l.params.pad, (Padding{1, 2, 1, 2}));
  EXPECT_FALSE(l.bias);
}

TEST(ShapeFile, ConvStridesDilationGroupsAndExplicitSides) {
  const auto l = std::get<ConvLayer>(
      parse_shape_file("conv name=a n=1 h=20 w=30 c=8 k=4 kernel=3x5 stride=2x3 dilation=2 groups=2 pad=1,2,3,4",
                       "t")[0]
          .spec);
  EXPECT_EQ(l.w, (HwioShape{3, 5, 4, 4}));
  EXPECT_EQ(l.params.stride_h, 2);
  EXPECT_EQ(l.params.stride_w, 3);
  EXPECT_EQ(l.params.dilation_h, 2);
  EXPECT_EQ(l.params.dilation_w, 2);
  EXPECT_EQ(l.params.groups, 2);
  EXPECT_EQ(l.params.pad, (Padding{1, 2, 3, 4}));
  const auto hw =
      std::get<ConvLayer>(parse_shape_file("conv name=a n=1 h=9 w=9 c=1 k=1 kernel=3 pad=1x2", "t")[0].spec);
  EXPECT_EQ(hw.params.pad, (Padding{1, 1, 2, 2}));
}

TEST(ShapeFile, PoolModesExpandToNamedLayers) {
  const auto layers =
      parse_shape_file("# comment\n\npool name=p n=1 h=8 w=8 c=2 mode=max,avg kernel=2x2  # trailing\n", "t");
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].name, "p.max");
  EXPECT_EQ(layers[1].name, "p.avg");
  EXPECT_EQ(layers[0].source, "t.txt:3");
  const auto& max = std::get<PoolLayer>(layers[0].spec);
  const auto& avg = std::get<PoolLayer>(layers[1].spec);
  EXPECT_EQ(max.params.mode, PoolMode::max);
  EXPECT_EQ(avg.params.mode, PoolMode::avg);
  EXPECT_EQ(max.params.stride_h, 2);  // stride defaults to the kernel
  EXPECT_FALSE(avg.params.count_include_pad);
  EXPECT_EQ(max.params.ties, TiePolicy::first);

  const auto single = parse_shape_file(
      "pool name=q n=1 h=8 w=8 c=2 mode=avg kernel=3 stride=1 pad=1 "
      "ceil=1 include_pad=1 ties=all",
      "t");
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].name, "q");
  const auto& q = std::get<PoolLayer>(single[0].spec);
  EXPECT_TRUE(q.params.ceil_mode);
  EXPECT_TRUE(q.params.count_include_pad);
  EXPECT_EQ(q.params.ties, TiePolicy::all);
}

TEST(ShapeFile, OtherKinds) {
  const auto layers = parse_shape_file(
      "eltwise name=e count=100 inplace=1\n"
      "pad name=p n=1 h=2 w=3 c=4 pad=0,1,2,3 value=-1.5\n"
      "dense name=d m=2 n_in=3 n_out=4 bias=0\n"
      "softmax_xent name=s rows=5 classes=6 labels=indices grad=0\n"
      "adam name=a count=7 style=tf1 step=3\n",
      "t");
  ASSERT_EQ(layers.size(), 5u);
  EXPECT_EQ(std::get<EltwiseLayer>(layers[0].spec).count, 100);
  EXPECT_TRUE(std::get<EltwiseLayer>(layers[0].spec).in_place);
  EXPECT_EQ(std::get<PadLayer>(layers[1].spec).pad, (Padding{0, 1, 2, 3}));
  EXPECT_EQ(std::get<PadLayer>(layers[1].spec).value, -1.5);
  EXPECT_EQ(std::get<DenseLayer>(layers[2].spec).n_out, 4);
  EXPECT_FALSE(std::get<DenseLayer>(layers[2].spec).bias);
  EXPECT_TRUE(std::get<SoftmaxXentLayer>(layers[3].spec).index_labels);
  EXPECT_FALSE(std::get<SoftmaxXentLayer>(layers[3].spec).want_grad);
  EXPECT_EQ(std::get<AdamLayer>(layers[4].spec).params.style, AdamStyle::tensorflow1);
  EXPECT_EQ(std::get<AdamLayer>(layers[4].spec).params.step, 3);
}

TEST(ShapeFile, ErrorsNameTheLineAndTheKey) {
  EXPECT_NE(error_of("\nconv name=a n=1 h=4 w=4 c=1 k=1 kernel=2 strid=2").find("t.txt:2: unknown key 'strid'"),
            std::string::npos);
  EXPECT_NE(error_of("conv name=a n=1 h=4 w=4 c=1 kernel=2").find("missing key 'k'"), std::string::npos);
  EXPECT_NE(error_of("conv name=a n=1 h=4 w=4 c=1 k=1 kernel=3x").find("key 'kernel'"), std::string::npos);
  EXPECT_NE(error_of("conv name=a n=0 h=4 w=4 c=1 k=1 kernel=2").find("key 'n': expected an integer >= 1"),
            std::string::npos);
  EXPECT_NE(error_of("conv name=a n=1 h=4 w=4 c=1 k=1 kernel=2 pad=1,2").find("key 'pad'"), std::string::npos);
  EXPECT_NE(error_of("conv name=a n=1 h=4 w=4 c=3 k=4 kernel=2 groups=2").find("key 'groups'"), std::string::npos);
  EXPECT_NE(error_of("conv name=a name=b n=1").find("appears twice"), std::string::npos);
  EXPECT_NE(error_of("conv name=a n=1 h=3 w=3 c=1 k=1 kernel=5 stride=3").find("impossible geometry"),
            std::string::npos);
  EXPECT_NE(error_of("pool name=a n=1 h=3 w=3 c=1 mode=min kernel=2").find("key 'mode'"), std::string::npos);
  EXPECT_NE(error_of("pool name=a n=1 h=3 w=3 c=1 mode=max kernel=2 bias=1").find("unknown key 'bias'"),
            std::string::npos);
  EXPECT_NE(error_of("dense name=a m=1 n_in=1 n_out=1 bias=yes").find("expected 0 or 1"), std::string::npos);
  EXPECT_NE(error_of("softmax name=a rows=1").find("unknown line kind 'softmax'"), std::string::npos);
  EXPECT_NE(error_of("eltwise count=4").find("missing key 'name'"), std::string::npos);
  EXPECT_NE(error_of("eltwise name=a/b count=4").find("key 'name'"), std::string::npos);
  EXPECT_NE(error_of("eltwise name=a count").find("expected key=value"), std::string::npos);
}

}  // namespace
}  // namespace cnnkit::bench
