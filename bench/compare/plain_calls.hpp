// The plain call: the public API call as a user makes it, with a Context that forces nothing
// (Context::defaults(), the run's thread count, automatic threading, the run's ISA cap), so
// dispatch picks the variant. Plain rows are cnnkit's headline in cnnkit-bench: the row compared
// with the engines, and the numerator of dispatch regret (compare/scoreboard.hpp).
//
// A plain-call setting is a label and a change to that Context. Adding one (say "tuned": the same
// call with autotuning switched on through the Context) is one entry in plain_settings(); the
// runner, the tables, the scoreboard and the files pick it up by its label. Each setting runs in
// every form the op has: the call itself and, for conv2d_fwd and conv2d_bwd_data, the call on
// weights packed once before timing (Conv2dPackedWeights, Conv2dBackwardDataPackedWeights;
// compare/prepacked_call.hpp), as the engines pack theirs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"

namespace cnnkit::bench {

struct PlainSetting {
  std::string name;                      // "" for the plain call itself; else added to the label
  std::function<void(Context&)> adjust;  // what the setting changes in the plain Context (may be empty)
};

// Every plain-call setting, the untouched plain call first.
const std::vector<PlainSetting>& plain_settings();

enum class PlainForm {
  call,       // the op case's own public call (weights, if any, packed inside the call)
  prepacked,  // conv2d_forward / conv2d_backward_data on weights packed before timing
};

struct PlainRun {
  std::string label;  // the row's name: "plain", "plain, prepacked" (then "plain, tuned", ...)
  const PlainSetting* setting = nullptr;
  PlainForm form = PlainForm::call;
  int threads = 1;
};

// Whether `op` has a prepacked form (conv2d_fwd and conv2d_bwd_data).
bool has_prepacked_form(OpId op);

// The forms `op` has: the call, and the prepacked call where there is one.
std::vector<PlainForm> plain_forms(OpId op);

// "plain", "plain, prepacked", "plain, <setting>", "plain, <setting>, prepacked".
std::string plain_label(const PlainSetting& setting, PlainForm form);

// The plain runs of `op`: per setting, per form, one per thread count (in that order). The
// "tuned" setting is planned only when `tuned` (cnnkit-bench --tuned).
std::vector<PlainRun> plan_plain_runs(OpId op, const std::vector<int>& thread_counts, bool tuned = false);

// The Context of a plain run: Context::defaults() with base's ISA cap (--max-isa or
// CNNKIT_MAX_ISA) and verbose flag, run.threads threads, then the setting's change. Nothing is
// forced and the threading policy is automatic, whatever CNNKIT_VARIANT or CNNKIT_THREADING say.
Context plain_context(const Context& base, const PlainRun& run);

}  // namespace cnnkit::bench
