#include "compare/plain_calls.hpp"

namespace cnnkit::bench {

const std::vector<PlainSetting>& plain_settings() {
  // "tuned": autotuning on (cnnkit/tuning.hpp); planned only with --tuned.
  static const std::vector<PlainSetting> settings = {
      {"", {}}, {"tuned", [](Context& c) { c.set_tuning(Tuning::measure); }}};
  return settings;
}

bool has_prepacked_form(OpId op) { return op == OpId::conv2d_fwd || op == OpId::conv2d_bwd_data; }

std::vector<PlainForm> plain_forms(OpId op) {
  if (has_prepacked_form(op)) return {PlainForm::call, PlainForm::prepacked};
  return {PlainForm::call};
}

std::string plain_label(const PlainSetting& setting, PlainForm form) {
  std::string label = "plain";
  if (!setting.name.empty()) label += ", " + setting.name;
  if (form == PlainForm::prepacked) label += ", prepacked";
  return label;
}

std::vector<PlainRun> plan_plain_runs(OpId op, const std::vector<int>& thread_counts, bool tuned) {
  std::vector<PlainRun> runs;
  for (const PlainSetting& s : plain_settings())
    if (s.name.empty() || (tuned && s.name == "tuned"))
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
