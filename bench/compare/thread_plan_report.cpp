#include "compare/thread_plan_report.hpp"

#include <cstdio>
#include <map>
#include <sstream>
#include <type_traits>

#include "cnnkit/error.hpp"
#include "common/op_case.hpp"
#include "compare/file_fields.hpp"
#include "compare/name_filter.hpp"
#include "compare/plain_calls.hpp"
#include "compare/suite_runner.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {
namespace {

// Plans balancing below this are the ones issue 13 asks to change on large layers.
constexpr double kGoodBalance = 0.90;

// The plain call's Context at `threads` (what dispatch sees when a user calls the op).
Context plan_context(const Context& base, int threads) {
  return plain_context(base, PlainRun{"plain", &plain_settings().front(), PlainForm::call, threads});
}

}  // namespace

PlanProblem plan_problem(const Layer& layer) {
  PlanProblem q;
  std::visit(
      [&](const auto& l) {
        using L = std::decay_t<decltype(l)>;
        if constexpr (std::is_same_v<L, ConvLayer>) {
          q.x = l.x, q.w = l.w, q.conv = l.params, q.bias = l.bias;
        } else if constexpr (std::is_same_v<L, PoolLayer>) {
          q.x = l.x, q.pool = l.params;
        } else if constexpr (std::is_same_v<L, EltwiseLayer> || std::is_same_v<L, AdamLayer>) {
          q.count = l.count;
        } else if constexpr (std::is_same_v<L, PadLayer>) {
          q.x = l.x, q.pad = l.pad;
        } else if constexpr (std::is_same_v<L, DenseLayer>) {
          q.batch = l.m, q.in_features = l.n_in, q.out_features = l.n_out, q.bias = l.bias;
        } else {
          static_assert(std::is_same_v<L, SoftmaxXentLayer>, "a layer kind without a plan problem");
          q.batch = l.rows, q.in_features = l.classes;
        }
      },
      layer.spec);
  return q;
}

std::vector<ThreadPlanRow> thread_plan_rows(const Options& options, const std::vector<Layer>& layers) {
  const auto keep_op = name_filter(options.ops, "--ops");
  const Context base = base_context(options);
  std::vector<ThreadPlanRow> rows;
  for (const Layer& layer : layers) {
    const PlanProblem problem = plan_problem(layer);
    for (OpId op : ops_of(layer)) {
      if (keep_op && !keep_op(to_string(op))) continue;
      for (int threads : options.thread_plan) {
        ThreadPlanRow row{layer.name, op, threads, {}, {}};
        try {
          row.plan = thread_plan(op, options.dtype, problem, threads, plan_context(base, threads));
        } catch (const Error& e) {
          row.error = e.what();
        }
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

std::string thread_plan_table(const std::vector<ThreadPlanRow>& rows) {
  TextTable table({{"case", false},
                   {"op", false},
                   {"threads", true},
                   {"variant", false},
                   {"team", true},
                   {"tiles", true},
                   {"chunks", true},
                   {"balance", true},
                   {"unit", false},
                   {"note", false}});
  // Per thread count: split plans (a threaded variant's own split), those below kGoodBalance, the
  // worst; the others (serial variants, threaded ones that publish no split yet: one tile, balance
  // 1/threads by construction) only counted.
  struct Tally {
    int plans = 0, below = 0, unsplit = 0;
    double worst = 1;
    std::string worst_case;
  };
  std::map<int, Tally> tally;
  for (const ThreadPlanRow& r : rows) {
    if (!r.error.empty()) {
      table.add_row({r.shape, to_string(r.op), std::to_string(r.threads), "error: " + r.error});
      continue;
    }
    const ThreadPlan& p = r.plan;
    table.add_row({r.shape, to_string(r.op), std::to_string(r.threads), p.variant, std::to_string(p.team),
                   std::to_string(p.tiles), std::to_string(p.chunks), format_fixed(p.load_balance, 3), p.unit,
                   p.note});
    Tally& t = tally[r.threads];
    if (p.threading == Threading::serial || !p.note.empty()) {
      ++t.unsplit;
      continue;
    }
    ++t.plans;
    if (p.load_balance < kGoodBalance) ++t.below;
    if (p.load_balance < t.worst) t.worst = p.load_balance, t.worst_case = r.shape + " " + to_string(r.op);
  }
  std::ostringstream o;
  o << "Thread plans (cnnkit::thread_plan: the variant the plain call would run; balance = mean / max expected "
       "work per thread, idle threads included)\n"
    << table.render();
  for (const auto& [threads, t] : tally) {
    o << threads << " threads: " << t.below << " of " << t.plans << " split plans balance below "
      << format_fixed(kGoodBalance, 2);
    if (t.plans) o << " (worst " << format_fixed(t.worst, 3) << ": " << t.worst_case << ")";
    o << "; " << t.unsplit << " plans of one tile (serial, or no split published)\n";
  }
  return o.str();
}

void write_thread_plan_csv(const std::string& path, const std::vector<ThreadPlanRow>& rows) {
  std::ofstream out = open_for_writing(path);
  out << "shape,op,threads,variant,threading,team,tiles,grain,chunks,unit,tile_work_min,tile_work_max,"
         "load_balance,note,error\n";
  for (const ThreadPlanRow& r : rows) {
    const ThreadPlan& p = r.plan;
    out << csv_field(r.shape) << "," << to_string(r.op) << "," << r.threads << "," << csv_field(p.variant) << ","
        << to_string(p.threading) << "," << p.team << "," << p.tiles << "," << p.grain << "," << p.chunks << ","
        << csv_field(p.unit) << "," << csv_number(p.tile_work_min) << "," << csv_number(p.tile_work_max) << ","
        << csv_number(p.load_balance) << "," << csv_field(p.note) << "," << csv_field(r.error) << "\n";
  }
}

void write_thread_plan_json(const std::string& path, const std::vector<ThreadPlanRow>& rows, const Options& options) {
  Json plans = Json::array();
  for (const ThreadPlanRow& r : rows) {
    const ThreadPlan& p = r.plan;
    Json work = Json::array();
    for (double w : p.thread_work) work.push_back(json_number(w));
    plans.push_back({{"shape", r.shape},
                     {"op", to_string(r.op)},
                     {"threads", r.threads},
                     {"variant", p.variant},
                     {"threading", to_string(p.threading)},
                     {"team", p.team},
                     {"tiles", p.tiles},
                     {"grain", p.grain},
                     {"chunks", p.chunks},
                     {"unit", p.unit},
                     {"tile_work_min", json_number(p.tile_work_min)},
                     {"tile_work_max", json_number(p.tile_work_max)},
                     {"load_balance", json_number(p.load_balance)},
                     {"thread_work", std::move(work)},
                     {"note", p.note},
                     {"error", r.error}});
  }
  write_json_file(path, {{"dtype", to_string(options.dtype)},
                         {"max_isa", to_string(base_context(options).max_isa())},
                         {"thread_plans", std::move(plans)}});
}

int run_thread_plan_command(const Options& options, const std::vector<Layer>& layers) {
  const std::vector<ThreadPlanRow> rows = thread_plan_rows(options, layers);
  std::fputs(thread_plan_table(rows).c_str(), stdout);
  if (!options.csv_path.empty()) write_thread_plan_csv(options.csv_path, rows);
  if (!options.json_path.empty()) write_thread_plan_json(options.json_path, rows, options);
  for (const ThreadPlanRow& r : rows)
    if (!r.error.empty()) return 1;
  return 0;
}

}  // namespace cnnkit::bench
