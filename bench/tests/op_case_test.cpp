// Op cases: every op a layer kind feeds builds, runs through the public API and yields the
// outputs its op writes; in-place cases restore their inputs, so checked calls are repeatable.
#include "common/op_case.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "common/shape_file.hpp"
#include "common/variant_plan.hpp"

namespace cnnkit::bench {
namespace {

const char* const kSmallLayers =
    "conv name=c n=2 h=5 w=6 c=4 k=3 kernel=3x3 stride=2 pad=1\n"
    "pool name=p n=2 h=6 w=6 c=3 mode=max,avg kernel=3 stride=2 pad=1\n"
    "eltwise name=e count=100\n"
    "eltwise name=ei count=100 inplace=1\n"
    "pad name=z n=1 h=2 w=3 c=2 pad=1,0,2,1\n"
    "dense name=d m=3 n_in=5 n_out=4\n"
    "softmax_xent name=s rows=4 classes=5\n"
    "softmax_xent name=si rows=4 classes=5 labels=indices\n"
    "adam name=a count=50\n";

// How many values each op's snapshot holds for the layers above.
std::size_t expected_outputs(OpId op, const std::string& layer) {
  switch (op) {
    case OpId::conv2d_fwd:
      return 2 * 3 * 3 * 3;  // y: 2x3x3x3
    case OpId::conv2d_bwd_data:
      return 2 * 5 * 6 * 4;  // dx
    case OpId::conv2d_bwd_weights:
      return 3 * 3 * 4 * 3;
    case OpId::conv2d_bwd_bias:
      return 3;
    case OpId::pool2d_fwd:
    case OpId::pool2d_fwd_indices:  // y (the indices are not an engine output)
      return 2 * 3 * 3 * 3;
    case OpId::pool2d_bwd:
    case OpId::pool2d_bwd_indices:
      return 2 * 6 * 6 * 3;
    case OpId::relu_fwd:
    case OpId::relu_bwd:
      return 100;
    case OpId::pad:
      return 1 * 3 * 6 * 2;
    case OpId::dense_fwd:
      return 3 * 4;
    case OpId::dense_bwd_data:
      return 3 * 5;
    case OpId::dense_bwd_weights:
      return 5 * 4;
    case OpId::dense_bwd_bias:
      return 4;
    case OpId::softmax_xent:
      return 1 + 4 * 5;  // loss, dlogits
    case OpId::adam:
      return 3 * 50;  // param, m, v
    default:
      ADD_FAILURE() << layer;
      return 0;
  }
}

TEST(OpCase, EveryOpOfEveryKindRunsThroughTheApi) {
  int ops_seen = 0;
  for (DType dtype : {DType::f32, DType::f64})
    for (const Layer& layer : parse_shape_file(kSmallLayers, "small"))
      for (OpId op : ops_of(layer)) {
        auto c = make_op_case(op, layer, dtype);
        ASSERT_EQ(c->op(), op);
        EXPECT_EQ(c->dtype(), dtype);
        EXPECT_GT(c->work().amount, 0) << layer.name << " " << to_string(op);
        c->run(Context());
        // Whichever variant dispatch picked, it must be one registered for this op.
        const std::string ran = last_variant(op);
        bool registered = false;
        for (const VariantInfo& v : list_variants(op, dtype)) registered = registered || v.name == ran;
        EXPECT_TRUE(registered) << to_string(op) << " ran '" << ran << "'";
        EXPECT_EQ(c->snapshot().values.size(), expected_outputs(op, layer.name)) << layer.name << " " << to_string(op);
        ++ops_seen;
      }
  EXPECT_EQ(ops_seen, 2 * (4 + 2 * 2 + 2 + 2 * 2 + 1 + 4 + 2 + 1));  // the max pool adds the indices pair
}

// Where an op's result lives, by role: what a competitor engine writes for snapshot() to read.
Role output_role(OpId op) {
  switch (op) {
    case OpId::conv2d_bwd_data:
    case OpId::pool2d_bwd:
    case OpId::pool2d_bwd_indices:
    case OpId::relu_bwd:
    case OpId::dense_bwd_data:
      return Role::dx;
    case OpId::conv2d_bwd_weights:
    case OpId::dense_bwd_weights:
      return Role::dw;
    case OpId::conv2d_bwd_bias:
    case OpId::dense_bwd_bias:
      return Role::db;
    default:
      return Role::y;
  }
}

TEST(OpCase, EngineOutputsWrittenByRoleAreWhatSnapshotReads) {
  int checked = 0;
  for (const Layer& layer : parse_shape_file(kSmallLayers, "small"))
    for (OpId op : ops_of(layer)) {
      if (op == OpId::softmax_xent || op == OpId::adam) continue;  // no roles: no engine runs them
      auto c = make_op_case(op, layer, DType::f32);
      const BufferRef out = c->buffer(output_role(op));
      ASSERT_NE(out.data, nullptr) << layer.name << " " << to_string(op);
      std::fill_n(static_cast<float*>(out.data), out.count, 7.0f);
      const Snapshot s = c->snapshot();
      EXPECT_EQ(s.values.size(), static_cast<std::size_t>(out.count)) << layer.name << " " << to_string(op);
      EXPECT_TRUE(std::all_of(s.values.begin(), s.values.end(), [](double v) { return v == 7.0; }))
          << layer.name << " " << to_string(op);
      ++checked;
    }
  EXPECT_EQ(checked, 4 + 2 * 2 + 2 + 2 * 2 + 1 + 4);
}

TEST(OpCase, InputRolesHoldTheCaseInputs) {
  const auto layers = parse_shape_file(kSmallLayers, "small");
  auto conv = make_op_case(OpId::conv2d_fwd, layers[0], DType::f32);  // 2x5x6x4, 3x3x4 -> 3, bias
  EXPECT_EQ(conv->buffer(Role::x).count, 2 * 5 * 6 * 4);
  EXPECT_EQ(conv->buffer(Role::w).count, 3 * 3 * 4 * 3);
  EXPECT_EQ(conv->buffer(Role::bias).count, 3);
  EXPECT_EQ(conv->buffer(Role::dy).data, nullptr);  // not a role of the forward pass
  // In place, the output is the input's buffer.
  auto relu = make_op_case(OpId::relu_fwd, layers[4], DType::f32);  // ei: inplace=1
  EXPECT_EQ(relu->buffer(Role::y).data, relu->buffer(Role::x).data);
  auto relu_out_of_place = make_op_case(OpId::relu_fwd, layers[3], DType::f32);
  EXPECT_NE(relu_out_of_place->buffer(Role::y).data, relu_out_of_place->buffer(Role::x).data);
}

// Max pools feed the saved-indices pair; average pools do not, nor does ties = all feed the
// indices backward (one index cannot name several winners).
TEST(OpCase, MaxPoolsFeedTheIndicesOpsAndTheirBackwardIsTheXBasedOne) {
  const auto layers = parse_shape_file(
      "pool name=p n=2 h=7 w=6 c=5 mode=max,avg kernel=3 stride=2 pad=1\n"
      "pool name=t n=1 h=4 w=4 c=3 mode=max kernel=2 ties=all\n",
      "t");
  ASSERT_EQ(layers.size(), 3u);
  const auto has = [](const Layer& l, OpId op) {
    const auto ops = ops_of(l);
    return std::find(ops.begin(), ops.end(), op) != ops.end();
  };
  EXPECT_TRUE(has(layers[0], OpId::pool2d_fwd_indices) && has(layers[0], OpId::pool2d_bwd_indices));
  EXPECT_FALSE(has(layers[1], OpId::pool2d_fwd_indices) || has(layers[1], OpId::pool2d_bwd_indices));
  EXPECT_TRUE(has(layers[2], OpId::pool2d_fwd_indices));
  EXPECT_FALSE(has(layers[2], OpId::pool2d_bwd_indices));
  EXPECT_THROW(make_op_case(OpId::pool2d_bwd_indices, layers[1], DType::f32), std::invalid_argument);
  // The indices backward's dx is the x-based backward's on the case's own x and dy, and both
  // indices ops count the bytes their x-based counterparts do.
  for (DType dtype : {DType::f32, DType::f64}) {
    auto fwd = make_op_case(OpId::pool2d_fwd_indices, layers[0], dtype);
    auto bwd = make_op_case(OpId::pool2d_bwd_indices, layers[0], dtype);
    fwd->run(Context());
    bwd->run(Context());
    EXPECT_EQ(fwd->work().amount, make_op_case(OpId::pool2d_fwd, layers[0], dtype)->work().amount);
    EXPECT_EQ(bwd->work().amount, make_op_case(OpId::pool2d_bwd, layers[0], dtype)->work().amount);
    const Snapshot dx = bwd->snapshot();
    // The x-based backward on the indices case's own x and dy.
    const BufferRef x = bwd->buffer(Role::x), dy = bwd->buffer(Role::dy);
    const PoolLayer& pl = std::get<PoolLayer>(layers[0].spec);
    const NhwcShape ys = pool2d_output_shape(pl.x, pl.params);
    std::vector<double> want;
    if (dtype == DType::f32) {
      std::vector<float> out(static_cast<std::size_t>(x.count));
      pool2d_backward<float>(NhwcView<const float>(static_cast<const float*>(x.data), pl.x),
                             NhwcView<const float>(static_cast<const float*>(dy.data), ys),
                             NhwcView<float>(out.data(), pl.x), pl.params);
      want.assign(out.begin(), out.end());
    } else {
      std::vector<double> out(static_cast<std::size_t>(x.count));
      pool2d_backward<double>(NhwcView<const double>(static_cast<const double*>(x.data), pl.x),
                              NhwcView<const double>(static_cast<const double*>(dy.data), ys),
                              NhwcView<double>(out.data(), pl.x), pl.params);
      want = out;
    }
    EXPECT_EQ(dx.values, want) << to_string(dtype);
  }
}

TEST(OpCase, MakingACaseForAnOpTheLayerDoesNotFeedFails) {
  const auto layers = parse_shape_file(kSmallLayers, "small");
  EXPECT_THROW(make_op_case(OpId::pool2d_fwd, layers[0], DType::f32), std::invalid_argument);
}

TEST(OpCase, InPlaceCasesRestoreTheirInputs) {
  for (const Layer& layer : parse_shape_file("adam name=a count=64\neltwise name=r count=64 inplace=1\n", "t"))
    for (OpId op : ops_of(layer)) {
      auto c = make_op_case(op, layer, DType::f32);
      c->restore_inputs();
      c->run(Context());
      const Snapshot first = c->snapshot();
      c->run(Context());  // a timed call drifts the state...
      c->restore_inputs();
      c->run(Context());  // ...and a checked call starts from the original again
      EXPECT_EQ(c->snapshot().values, first.values) << layer.name << " " << to_string(op);
    }
}

TEST(OpCase, ConvInputsAreSmallIntegersSoResultsAreExact) {
  const Layer layer = parse_shape_file("conv name=c n=1 h=4 w=4 c=2 k=2 kernel=2", "t")[0];
  auto c = make_op_case(OpId::conv2d_fwd, layer, DType::f32);
  c->run(Context());
  for (double v : c->snapshot().values) EXPECT_EQ(v, std::round(v));
}

TEST(VariantPlan, ReferenceFirstAndForcedThroughTheContext) {
  for (OpId op : all_ops()) {
    const RunPlan plan = plan_runs(op, DType::f32, Context(), {1, 2}, nullptr);
    ASSERT_FALSE(plan.runs.empty());
    EXPECT_TRUE(plan.runs.front().reference);
    EXPECT_EQ(plan.runs.front().variant, list_variants(op, DType::f32).back().name);
    EXPECT_EQ(plan.reference, plan.runs.front().variant);
    for (const auto& run : plan.runs) {
      const Context ctx = run_context(Context(), op, run);
      EXPECT_EQ(ctx.forced_variant(op), run.variant);
      if (run.runnable) {
        EXPECT_GE(run.threads, 1);
        if (run.threading == Threading::serial) {
          EXPECT_EQ(run.threads, 1);
        }
      }
    }
    // A filter that keeps nothing still lists the reference (the oracle), marked as not kept.
    const RunPlan none = plan_runs(op, DType::f32, Context(), {1}, [](const std::string&) { return false; });
    ASSERT_EQ(none.runs.size(), 1u);
    EXPECT_FALSE(none.keep_reference);
  }
}

TEST(VariantPlan, DeclineReasonIsTheBecausePart) {
  const Error e(Status::unsupported,
                "conv2d_fwd (f32, x=1x2x2x1): the forced variant 'conv2d_fwd.x' cannot run: needs 2 threads. "
                "Variants that can run this problem: conv2d_fwd.ref");
  EXPECT_EQ(decline_reason(e), "needs 2 threads");
  EXPECT_EQ(decline_reason(Error(Status::unsupported, "other text")), "other text");
}

}  // namespace
}  // namespace cnnkit::bench
