#include "compare/plain_calls.hpp"

namespace cnnkit::bench {

const std::vector<PlainSetting>& plain_settings() {
  // A new setting goes here, e.g. {"tuned", [](Context& c) { /* switch tuning on */ }}.
  static const std::vector<PlainSetting> settings = {{"", {}}};
  return settings;
}

std::vector<PlainForm> plain_forms(OpId op) {
  if (op == OpId::conv2d_fwd) return {PlainForm::call, PlainForm::prepacked};
  return {PlainForm::call};
}

std::string plain_label(const PlainSetting& setting, PlainForm form) {
  std::string label = "plain";
  if (!setting.name.empty()) label += ", " + setting.name;
  if (form == PlainForm::prepacked) label += ", prepacked";
  return label;
}

std::vector<PlainRun> plan_plain_runs(OpId op, const std::vector<int>& thread_counts) {
  std::vector<PlainRun> runs;
  for (const PlainSetting& s : plain_settings())
    for (PlainForm form : plain_forms(op))
      for (int t : thread_counts) runs.push_back(PlainRun{plain_label(s, form), &s, form, t});
  return runs;
}

Context plain_context(const Context& base, const PlainRun& run) {
  Context ctx = Context::defaults();
  ctx.set_max_isa(base.max_isa());
  ctx.set_verbose(base.verbose());
  ctx.set_num_threads(run.threads);
  if (run.setting && run.setting->adjust) run.setting->adjust(ctx);
  return ctx;
}

}  // namespace cnnkit::bench
