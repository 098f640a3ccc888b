#include "common/variant_plan.hpp"

namespace cnnkit::bench {

RunPlan plan_runs(OpId op, DType dtype, const Context& base, const std::vector<int>& thread_counts,
                  const std::function<bool(const std::string&)>& keep) {
  const std::vector<VariantInfo> variants = list_variants(op, dtype, base);
  RunPlan plan;
  if (variants.empty()) return plan;
  // dispatch.hpp: every registry lists its variants in selection order, the reference last.
  const VariantInfo& ref = variants.back();
  plan.reference = ref.name;
  plan.keep_reference = !keep || keep(ref.name);
  plan.runs.push_back(PlannedRun{ref.name, ref.threading, 1, true, ref.runnable, ref.reason});
  for (std::size_t i = 0; i + 1 < variants.size(); ++i) {
    const VariantInfo& v = variants[i];
    if (keep && !keep(v.name)) continue;
    if (!v.runnable) {
      plan.runs.push_back(PlannedRun{v.name, v.threading, 0, false, false, v.reason});
    } else if (v.threading == Threading::serial) {
      plan.runs.push_back(PlannedRun{v.name, v.threading, 1, false, true, {}});
    } else {
      for (int t : thread_counts) plan.runs.push_back(PlannedRun{v.name, v.threading, t, false, true, {}});
    }
  }
  return plan;
}

Context run_context(const Context& base, OpId op, const PlannedRun& run) {
  Context ctx(base);
  ctx.force_variant(op, run.variant);
  ctx.set_num_threads(run.threads);
  return ctx;
}

std::string decline_reason(const Error& e) {
  const std::string msg = e.what();
  const std::string head = "cannot run: ", tail = ". Variants that can run";
  const auto a = msg.find(head);
  if (a == std::string::npos) return msg;
  const auto b = msg.find(tail, a);
  return msg.substr(a + head.size(), b == std::string::npos ? std::string::npos : b - a - head.size());
}

}  // namespace cnnkit::bench
