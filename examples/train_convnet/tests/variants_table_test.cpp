// The per-layer variants table: one row per op call of a training step, each naming a variant
// cnnkit really has registered for that op, and the log parsing behind it.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "convnet.hpp"
#include "tiny_synthetic_split.hpp"
#include "variants_table.hpp"

namespace train_convnet {
namespace {

std::vector<VariantRow> capture(bool conv_bias, const cnnkit::Context& ctx) {
  const DataSplit data = tiny_synthetic_split(16, 2, 1);
  const std::int64_t n = data.train.size();
  const ConvNet net(data.train.shape, data.classes, n, 1, conv_bias);
  std::vector<float> x(static_cast<std::size_t>(n * data.train.image_elements()));
  std::vector<std::int64_t> labels(static_cast<std::size_t>(n));
  gather_batch(data.train, nullptr, 0, n, x.data(), labels.data());
  cnnkit::AdamParams adam;
  adam.style = cnnkit::AdamStyle::tensorflow1;
  return capture_train_step_variants(net, x.data(), labels.data(), n, adam, ctx, false);
}

bool is_registered(const std::string& op_name, const std::string& variant) {
  const std::optional<cnnkit::OpId> op = cnnkit::parse_op(op_name);
  if (!op) return false;
  for (const cnnkit::VariantInfo& v : cnnkit::list_variants(*op, cnnkit::DType::f32))
    if (v.name == variant) return v.runnable;
  return false;
}

void expect_one_row_per_call(bool conv_bias) {
  const std::vector<VariantRow> rows = capture(conv_bias, cnnkit::Context());
  const ConvNet net({1, 16, 16, 3}, synthetic_classes, 12, 1, conv_bias);
  const std::vector<LayerCall> plan = net.train_step_calls();
  ASSERT_EQ(rows.size(), plan.size());
  std::set<std::string> forward_layers;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].layer, plan[i].layer);
    EXPECT_EQ(rows[i].op, cnnkit::to_string(plan[i].op));
    EXPECT_TRUE(is_registered(rows[i].op, rows[i].variant)) << rows[i].op << " -> " << rows[i].variant;
    EXPECT_FALSE(rows[i].shape.empty()) << rows[i].op;
    EXPECT_FALSE(rows[i].why.empty()) << rows[i].op;
    if (rows[i].pass == "forward") forward_layers.insert(rows[i].layer);
  }
  EXPECT_EQ(forward_layers, (std::set<std::string>{"conv1", "pool1", "conv2", "pool2", "fc", "loss"}));
  const std::string table = format_variants_table(rows);
  EXPECT_EQ(table.rfind("pass ", 0), 0u) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), static_cast<std::ptrdiff_t>(rows.size() + 1));
}

TEST(TrainConvnetVariantsTable, OneRowPerLayerCallNamingRegisteredVariants) { expect_one_row_per_call(false); }

TEST(TrainConvnetVariantsTable, ConvBiasAddsTheBiasGradientsAndUpdates) { expect_one_row_per_call(true); }

TEST(TrainConvnetVariantsTable, ShowsAForcedVariant) {
  cnnkit::Context ctx;
  ctx.force_variant(cnnkit::OpId::conv2d_fwd, "conv2d_fwd.ref");
  const std::vector<VariantRow> rows = capture(false, ctx);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].layer, "conv1");
  EXPECT_EQ(rows[0].variant, "conv2d_fwd.ref");
  EXPECT_EQ(rows[0].why.rfind("forced", 0), 0u) << rows[0].why;
}

TEST(TrainConvnetVariantsTable, ParsesThreadsAndTheNearestDeclinedVariant) {
  const LoggedCall call = parse_log_line(
      "cnnkit: conv2d_fwd f32 x=64x28x28x1 w=4x4x1x8 y=64x28x28x8 stride=1x1 pad=1,2,1,2 dilation=1x1 groups=1 relu "
      "-> conv2d_fwd.blocked.avx512.omp [rule]; declined: a (not depthwise (one, two)), b (too small); threads 2; "
      "0.1234 ms");
  EXPECT_EQ(call.op, "conv2d_fwd");
  EXPECT_EQ(call.variant, "conv2d_fwd.blocked.avx512.omp");
  EXPECT_EQ(call.why, "rule, threads 2; next ahead: b (too small)");
  EXPECT_THROW(parse_log_line("cnnkit: tuning: wrote 3 entries"), std::runtime_error);
}

TEST(TrainConvnetVariantsTable, RefusesALogThatDoesNotFollowTheNetwork) {
  const std::vector<LayerCall> plan = {{"forward", "conv1", cnnkit::OpId::conv2d_fwd}};
  const LoggedCall pool{"pool2d_fwd", "x=1x2x2x1", "pool2d_fwd.ref", "rule"};
  EXPECT_THROW(map_calls_to_layers({pool}, plan), std::runtime_error);
  EXPECT_THROW(map_calls_to_layers({}, plan), std::runtime_error);
}

}  // namespace
}  // namespace train_convnet
