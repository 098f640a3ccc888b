// The C ABI's thread plan query: converts cnnkit_plan_problem to cnnkit::PlanProblem, asks the C++
// query (which validates the problem and names its fields), and copies the plan into the caller's
// fixed-size struct. Nothing is written until the whole plan is known, as the ABI promises.
#include <algorithm>
#include <cstring>
#include <string>

#include "api/c_api_support.hpp"
#include "cnnkit/thread_plan.hpp"

namespace cnnkit::capi {
namespace {

PlanProblem plan_problem(const api::ArgCheck& check, const cnnkit_plan_problem& c) {
  PlanProblem p;
  p.x = to_cpp(c.x);
  p.w = to_cpp(c.w);
  p.conv = conv2d_params(&c.conv);
  // The booleans first, so their errors name the problem's fields (pool2d_params says "params.").
  to_bool(check, c.pool.ceil_mode, "problem.pool.ceil_mode");
  to_bool(check, c.pool.count_include_pad, "problem.pool.count_include_pad");
  p.pool = pool2d_params(check, &c.pool);
  p.pad = to_cpp(c.pad);
  if (c.bias != 0 && c.bias != 1) check.fail("problem.bias", "0 or 1", std::to_string(c.bias));
  p.bias = c.bias == 1;
  p.batch = c.batch;
  p.in_features = c.in_features;
  p.out_features = c.out_features;
  p.count = c.count;
  return p;
}

// Copies text into a C buffer of `size` chars, cut to fit, always NUL-terminated.
template <std::size_t N>
void copy_text(char (&to)[N], const std::string& from) {
  const std::size_t n = std::min(from.size(), N - 1);
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

}  // namespace
}  // namespace cnnkit::capi

using cnnkit::capi::context_or_global;
using cnnkit::capi::guarded;

extern "C" {

cnnkit_plan_problem cnnkit_plan_problem_default(void) {
  cnnkit_plan_problem p{};
  p.conv = cnnkit_conv2d_params_default();
  p.pool = cnnkit_pool2d_params_default();
  return p;
}

cnnkit_status cnnkit_thread_plan(const cnnkit_context* ctx, const char* op, int32_t dtype,
                                 const cnnkit_plan_problem* problem, int32_t threads, cnnkit_thread_plan_info* plan,
                                 double* thread_work, int64_t thread_work_len) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    const cnnkit::OpId id = cnnkit::capi::op_from_name(check, op);
    check.not_null(problem, "problem");
    check.not_null(plan, "plan");
    check.non_negative(thread_work_len, "thread_work_len");
    if (thread_work_len > 0) check.not_null(thread_work, "thread_work");
    const cnnkit::PlanProblem q = cnnkit::capi::plan_problem(check, *problem);
    // Any int is a DType value (fixed underlying type); thread_plan rejects unknown ones, and
    // threads < 1, naming them.
    const cnnkit::ThreadPlan p =
        cnnkit::thread_plan(id, static_cast<cnnkit::DType>(dtype), q, threads, context_or_global(ctx));
    cnnkit_thread_plan_info out{};
    cnnkit::capi::copy_text(out.variant, p.variant);
    out.threading = cnnkit::capi::to_c_threading(p.threading);
    out.threads = p.threads;
    out.team = p.team;
    out.tiles = p.tiles;
    out.grain = p.grain;
    out.chunks = p.chunks;
    out.tile_work_min = p.tile_work_min;
    out.tile_work_max = p.tile_work_max;
    out.load_balance = p.load_balance;
    cnnkit::capi::copy_text(out.unit, p.unit);
    cnnkit::capi::copy_text(out.note, p.note);
    *plan = out;
    const std::size_t n = std::min(static_cast<std::size_t>(thread_work_len), p.thread_work.size());
    std::copy_n(p.thread_work.begin(), n, thread_work);
  });
}

}  // extern "C"
