// A small synthetic run for the report's tests (report_test.cpp and the browser test): five
// layers, one op each, with forced variants of every kind, plain calls, engines, and rows that
// must not be drawn (skipped, mismatched), so that every chart's mark count is known by hand.
#pragma once

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "common/layer.hpp"
#include "common/machine_probe.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench::report_fixture {

inline Layer conv_layer() {
  ConvLayer c;
  c.x = {1, 8, 8, 4};
  c.w = {3, 3, 4, 8};
  c.params.pad = Padding::symmetric(1);
  return {"c1", "synthetic", "synthetic.txt:1", c};
}

inline Layer pool_layer() {
  PoolLayer p;
  p.x = {1, 8, 8, 4};
  return {"p1.max", "synthetic", "synthetic.txt:2", p};
}

inline std::vector<Layer> layers() {
  std::vector<Layer> out{conv_layer(), pool_layer()};
  out.push_back({"e1", "synthetic", "synthetic.txt:3", EltwiseLayer{1024, false}});
  PadLayer pad;
  pad.x = {1, 4, 4, 2};
  pad.pad = Padding::symmetric(1);
  out.push_back({"pd1", "synthetic", "synthetic.txt:4", pad});
  out.push_back({"d1", "synthetic", "synthetic.txt:5", DenseLayer{4, 8, 8, true}});
  return out;
}

// A measured, matching row of `op` on `shape` taking `seconds`, with its speedup over `ref_s`.
inline Record row(OpId op, const std::string& shape, RowKind kind, const std::string& variant, int threads,
                  double seconds, double ref_s) {
  Record r;
  r.op = op;
  r.shape = shape;
  r.kind = kind;
  r.variant = variant;
  r.threads = threads;
  r.serial = kind == RowKind::forced && variant.find(".omp") == std::string::npos;
  r.reference = kind == RowKind::forced && variant.ends_with(".ref");
  const bool flops = op == OpId::conv2d_fwd || op == OpId::dense_fwd;
  r.work = {flops ? Metric::flops : Metric::bytes, 1e6};
  r.timing.median_s = r.timing.min_s = r.timing.max_s = seconds;
  r.rate = r.work.amount / seconds / 1e9;
  r.speedup = ref_s / seconds;
  r.check = r.reference ? Check::reference : Check::match;
  if (kind == RowKind::engine) {
    r.engine = variant;
    r.side = Side::competitor;
  }
  if (kind == RowKind::plain) r.ran_variant = std::string(to_string(op)) + ".simd.avx2_fma";
  return r;
}

inline SuiteResult result() {
  SuiteResult s;
  s.ops = {OpId::pad, OpId::conv2d_fwd, OpId::pool2d_fwd, OpId::relu_fwd, OpId::dense_fwd};
  auto& r = s.records;
  const auto F = RowKind::forced;
  const auto P = RowKind::plain;
  const auto E = RowKind::engine;
  r.push_back(row(OpId::pad, "pd1", F, "pad.ref", 1, 4e-6, 4e-6));
  r.push_back(row(OpId::pad, "pd1", F, "pad.simd.avx2_fma", 1, 1e-6, 4e-6));
  r.push_back(row(OpId::pad, "pd1", P, "plain", 1, 1.1e-6, 4e-6));

  r.push_back(row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.ref", 1, 1e-3, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.simd.avx2_fma", 1, 2e-4, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.blocked.avx2_fma", 1, 1e-4, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.blocked.avx2_fma.omp", 2, 5e-5, 1e-3));
  Record skipped = row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.blocked.avx512", 1, 1e-4, 1e-3);
  skipped.status = RunStatus::skipped;
  r.push_back(skipped);
  Record wrong = row(OpId::conv2d_fwd, "c1", F, "conv2d_fwd.depthwise.avx2_fma", 1, 1e-5, 1e-3);
  wrong.check = Check::mismatch;
  r.push_back(wrong);
  r.push_back(row(OpId::conv2d_fwd, "c1", P, "plain", 1, 1.2e-4, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", P, "plain", 2, 6e-5, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", E, "onednn", 1, 1.5e-4, 1e-3));
  r.push_back(row(OpId::conv2d_fwd, "c1", E, "onednn", 2, 5e-5, 1e-3));

  r.push_back(row(OpId::pool2d_fwd, "p1.max", F, "pool2d_fwd.ref", 1, 1e-4, 1e-4));
  r.push_back(row(OpId::pool2d_fwd, "p1.max", F, "pool2d_fwd.simd.avx2_fma", 1, 1e-5, 1e-4));
  r.push_back(row(OpId::pool2d_fwd, "p1.max", P, "plain", 1, 1e-5, 1e-4));
  r.push_back(row(OpId::pool2d_fwd, "p1.max", E, "xnnpack", 1, 2e-5, 1e-4));

  r.push_back(row(OpId::relu_fwd, "e1", F, "relu_fwd.ref", 1, 2e-6, 2e-6));
  r.push_back(row(OpId::relu_fwd, "e1", F, "relu_fwd.simd.avx2_fma", 1, 5e-7, 2e-6));
  r.push_back(row(OpId::relu_fwd, "e1", P, "plain", 1, 6e-7, 2e-6));

  r.push_back(row(OpId::dense_fwd, "d1", F, "dense_fwd.ref", 1, 1e-5, 1e-5));
  r.push_back(row(OpId::dense_fwd, "d1", F, "dense_fwd.blocked.avx2_fma", 1, 1e-6, 1e-5));
  s.seconds = 0.5;
  return s;
}

inline MachineProbe probe() {
  MachineProbe p;
  p.fma_tier = "avx2_fma";
  p.fma_gflops = {{1, 100}, {2, 200}};
  p.copy_gbs = {{1, 10}, {2, 15}};
  return p;
}

// The marks each chart must have (worked out by hand from the rows above): the roofline points
// are cnnkit's measured, matching rows with floating-point work (pad has none); the ladder bars
// the kinds each op has; a ratio bar per plain row and engine row at the same thread count; a
// regret bar per plain row with a forced row at its thread count.
inline std::map<std::string, int> expected_marks() {
  return {{"roofline-conv", 6},    {"roofline-pool", 3},     {"roofline-eltwise", 3},  {"roofline-dense", 2},
          {"ladder-pad", 3},       {"ladder-conv2d_fwd", 5}, {"ladder-pool2d_fwd", 3}, {"ladder-relu_fwd", 3},
          {"ladder-dense_fwd", 2}, {"ratio-onednn", 2},      {"ratio-xnnpack", 1},     {"regret", 5}};
}

// The data marks per chart in a page (the generator's output or a browser's DOM after load).
inline std::map<std::string, int> count_marks(const std::string& html) {
  static const std::regex mark("class=\"mark [^\"]*\" data-chart=\"([^\"]+)\"");
  std::map<std::string, int> counts;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), mark); it != std::sregex_iterator(); ++it)
    ++counts[(*it)[1].str()];
  return counts;
}

}  // namespace cnnkit::bench::report_fixture
