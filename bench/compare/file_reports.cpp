#include "compare/file_reports.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cnnkit/version.hpp"
#include "common/list_parsing.hpp"
#include "compare/file_fields.hpp"
#include "compare/scoreboard.hpp"

namespace cnnkit::bench {
namespace {

std::string per_thread_json(const std::vector<std::pair<int, double>>& values) {
  std::vector<std::string> items;
  for (const auto& [t, v] : values) items.push_back(json_string(std::to_string(t)) + ": " + json_number(v));
  return std::string("{").append(join(items, ", ")).append("}");
}

const char* metric_unit(Metric m) { return m == Metric::flops ? "GFLOP/s" : "GB/s"; }
const char* metric_unit(const Record& r) { return metric_unit(r.work.metric); }
const char* side_name(Side s) { return s == Side::cnnkit ? "cnnkit" : "competitor"; }

// (Built with streams: GCC 12 gives a false -Wrestrict on "literal" + std::string chains.)
std::string engines_json(const std::vector<EngineInfo>& engines) {
  std::ostringstream o;
  o << "[";
  for (std::size_t i = 0; i < engines.size(); ++i) {
    const EngineInfo& e = engines[i];
    o << (i ? ", " : "") << "{\"name\": " << json_string(e.name) << ", \"available\": " << (e.available ? "true" : "false")
      << ", \"selected\": " << (e.selected ? "true" : "false") << ", \"description\": " << json_string(e.description)
      << "}";
  }
  o << "]";
  return o.str();
}

// The plain call's fields, shared by the scoreboard's lines and the plain-call lines.
std::string plain_json(const PlainLine& p) {
  std::ostringstream o;
  o << "\"op\": " << json_string(to_string(p.op)) << ", \"shape\": " << json_string(p.shape)
    << ", \"threads\": " << p.threads << ", \"unit\": " << json_string(metric_unit(p.metric))
    << ", \"plain\": " << json_string(p.plain) << ", \"prepacked\": " << (p.prepacked ? "true" : "false")
    << ", \"plain_variant\": " << json_string(p.variant)
    << ", \"plain_runs_reference\": " << (p.runs_reference ? "true" : "false")
    << ", \"plain_rate\": " << json_number(p.rate) << ", \"plain_s\": " << json_number(p.seconds)
    << ", \"plain_note\": " << json_string(p.note) << ", \"best_forced\": " << json_string(p.best.row)
    << ", \"best_forced_is_reference\": " << (p.best.reference ? "true" : "false")
    << ", \"best_forced_rate\": " << json_number(p.best.rate) << ", \"best_forced_s\": " << json_number(p.best.seconds)
    << ", \"regret\": " << json_number(p.regret);
  return o.str();
}

template <class T, class F>
std::string json_array(const std::vector<T>& items, F&& object_body) {
  std::ostringstream o;
  o << "[";
  for (std::size_t i = 0; i < items.size(); ++i) o << (i ? "," : "") << "\n    {" << object_body(items[i]) << "}";
  o << (items.empty() ? "]" : "\n  ]");
  return o.str();
}

std::string scoreboard_json(const std::vector<ScoreLine>& lines) {
  return json_array(lines, [](const ScoreLine& l) {
    std::ostringstream o;
    o << plain_json(l.plain) << ", \"engine\": " << json_string(l.engine)
      << ", \"engine_rate\": " << json_number(l.engine_rate) << ", \"engine_note\": " << json_string(l.engine_note)
      << ", \"ratio\": " << json_number(l.ratio);
    return o.str();
  });
}

std::string geomeans_json(const std::vector<Geomean>& means) {
  return json_array(means, [](const Geomean& g) {
    std::ostringstream o;
    o << "\"op\": " << json_string(to_string(g.op)) << ", \"threads\": " << g.threads
      << ", \"plain\": " << json_string(g.plain) << ", \"engine\": " << json_string(g.engine)
      << ", \"geomean_ratio\": " << json_number(g.geomean) << ", \"ratios\": " << g.ratios
      << ", \"shapes\": " << g.shapes;
    return o.str();
  });
}

std::string regret_summary_fields(const RegretSummary& s) {
  std::ostringstream o;
  o << "\"op\": " << json_string(to_string(s.op)) << ", \"threads\": " << s.threads
    << ", \"plain\": " << json_string(s.plain) << ", \"regret_geomean\": " << json_number(s.geomean)
    << ", \"regret_worst\": " << json_number(s.worst) << ", \"regret_worst_shape\": " << json_string(s.worst_shape)
    << ", \"regret_threshold\": " << json_number(kRegretThreshold) << ", \"regrets_above\": " << s.above
    << ", \"regrets\": " << s.regrets << ", \"shapes\": " << s.shapes;
  return o.str();
}

// The plain line of a plain record (null for other rows).
const PlainLine* plain_of(const std::vector<PlainLine>& lines, const Record& r) {
  if (r.kind != RowKind::plain) return nullptr;
  for (const PlainLine& l : lines)
    if (l.op == r.op && l.shape == r.shape && l.threads == r.threads && l.plain == r.variant) return &l;
  return nullptr;
}

std::string csv_number(double v) { return std::isfinite(v) ? json_number(v) : ""; }

}  // namespace

std::string scoreboard_csv_path(const std::string& csv_path) {
  const std::string ext = ".csv";
  const bool has_ext = csv_path.size() > ext.size() && csv_path.ends_with(ext);
  return (has_ext ? csv_path.substr(0, csv_path.size() - ext.size()) : csv_path) + ".scoreboard.csv";
}

void write_json(const std::string& path, const SuiteResult& result, const MachineProbe& probe, const Options& options) {
  std::ostringstream o;
  o << "{\n  \"cnnkit_version\": " << json_string(CNNKIT_VERSION_STRING) << ",\n"
    << "  \"dtype\": " << json_string(to_string(options.dtype)) << ",\n"
    << "  \"cpu_isa\": " << json_string(to_string(detected_isa())) << ",\n"
    << "  \"machine\": {\"fma_tier\": " << json_string(probe.fma_tier)
    << ", \"fma_peak_gflops\": " << per_thread_json(probe.fma_gflops)
    << ", \"stream_copy_gbs\": " << per_thread_json(probe.copy_gbs)
    << ", \"stream_array_bytes\": " << probe.copy_array_bytes << ", \"probe_seconds\": " << json_number(probe.seconds)
    << ", \"load_average\": " << json_number(probe.load_average >= 0 ? probe.load_average : NAN) << "},\n"
    << "  \"timing\": {\"min_time_s\": " << json_number(options.timing.min_time_s)
    << ", \"max_reps\": " << options.timing.max_reps
    << ", \"max_case_time_s\": " << json_number(options.timing.max_case_time_s)
    << ", \"quick\": " << (options.quick ? "true" : "false") << "},\n"
    << "  \"engines\": " << engines_json(result.engines) << ",\n"
    << "  \"total_seconds\": " << json_number(result.seconds) << ",\n  \"results\": [";
  const std::vector<PlainLine> plain = plain_lines(result.records);
  bool first = true;
  for (const auto& r : result.records) {
    const bool measured = r.status == RunStatus::measured;
    auto when_measured = [&](double v) { return json_number(measured ? v : NAN); };
    const PlainLine* p = plain_of(plain, r);
    o << (first ? "\n" : ",\n") << "    {\"op\": " << json_string(to_string(r.op))
      << ", \"shape\": " << json_string(r.shape) << ", \"shape_file\": " << json_string(r.shape_file)
      << ", \"geometry\": " << json_string(r.geometry) << ", \"row\": " << json_string(to_string(r.kind))
      << ", \"variant\": " << json_string(r.variant) << ", \"ran_variant\": " << json_string(r.ran_variant)
      << ", \"engine\": " << json_string(r.engine) << ", \"side\": " << json_string(side_name(r.side))
      << ", \"impl\": " << json_string(r.impl) << ", \"threads\": " << r.threads
      << ", \"reference\": " << (r.reference ? "true" : "false")
      << ", \"status\": " << json_string(to_string(r.status)) << ", \"note\": " << json_string(r.note)
      << ", \"median_s\": " << when_measured(r.timing.median_s) << ", \"min_s\": " << when_measured(r.timing.min_s)
      << ", \"max_s\": " << when_measured(r.timing.max_s) << ", \"reps\": " << r.timing.reps
      << ", \"calls_per_rep\": " << r.timing.calls_per_rep
      << ", \"single_call\": " << (r.timing.warmup_only ? "true" : "false")
      << ", \"unit\": " << json_string(metric_unit(r)) << ", \"work_per_call\": " << json_number(r.work.amount)
      << ", \"rate\": " << when_measured(r.rate) << ", \"pct_peak\": " << json_number(r.pct_peak)
      << ", \"speedup_vs_ref\": " << json_number(r.speedup) << ", \"check\": " << json_string(to_string(r.check))
      << ", \"max_abs_error\": "
      << json_number(r.check == Check::match || r.check == Check::mismatch ? r.check_result.max_abs_error : NAN)
      << ", \"check_detail\": " << json_string(r.check_result.detail)
      << ", \"best_forced\": " << json_string(p ? p->best.row : "")
      << ", \"best_forced_s\": " << json_number(p ? p->best.seconds : NAN)
      << ", \"regret\": " << json_number(p ? p->regret : NAN) << "}";
    first = false;
  }
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  o << "\n  ],\n  \"plain_calls\": " << json_array(plain, plain_json)
    << ",\n  \"scoreboard\": " << scoreboard_json(lines)
    << ",\n  \"geomean_ratios\": " << geomeans_json(geomeans(lines))
    << ",\n  \"regret_summary\": " << json_array(regret_summaries(plain), regret_summary_fields) << "\n}\n";
  open_for_writing(path) << o.str();
}

void write_csv(const std::string& path, const SuiteResult& result) {
  std::ostringstream o;
  o << "op,shape,shape_file,geometry,variant,threads,reference,status,note,median_s,min_s,max_s,reps,calls_per_rep,"
       "unit,rate,pct_peak,speedup_vs_ref,check,max_abs_error,engine,side,impl,row,ran_variant,best_forced,best_forced_s,"
       "regret\n";
  const std::vector<PlainLine> plain = plain_lines(result.records);
  for (const auto& r : result.records) {
    const bool measured = r.status == RunStatus::measured;
    const PlainLine* p = plain_of(plain, r);
    o << to_string(r.op) << "," << csv_field(r.shape) << "," << csv_field(r.shape_file) << "," << csv_field(r.geometry)
      << "," << csv_field(r.variant) << "," << r.threads << "," << (r.reference ? 1 : 0) << "," << to_string(r.status)
      << "," << csv_field(r.note) << "," << (measured ? json_number(r.timing.median_s) : "") << ","
      << (measured ? json_number(r.timing.min_s) : "") << "," << (measured ? json_number(r.timing.max_s) : "") << ","
      << r.timing.reps << "," << r.timing.calls_per_rep << "," << metric_unit(r) << ","
      << (measured ? json_number(r.rate) : "") << "," << (std::isfinite(r.pct_peak) ? json_number(r.pct_peak) : "")
      << "," << (std::isfinite(r.speedup) ? json_number(r.speedup) : "") << "," << to_string(r.check) << ","
      << (r.check == Check::match || r.check == Check::mismatch ? json_number(r.check_result.max_abs_error) : "")
      << "," << csv_field(r.engine) << "," << side_name(r.side) << "," << csv_field(r.impl) << ","
      << to_string(r.kind) << "," << csv_field(r.ran_variant) << "," << csv_field(p ? p->best.row : "") << ","
      << csv_number(p ? p->best.seconds : NAN) << "," << csv_number(p ? p->regret : NAN) << "\n";
  }
  open_for_writing(path) << o.str();

  // A row per (plain line, engine), or one with the engine's fields empty when the op has no
  // engine row there; each row also carries its (op, threads, plain call)'s regret summary.
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const std::vector<Geomean> means = geomeans(lines);
  const std::vector<RegretSummary> regrets = regret_summaries(plain);
  std::ostringstream board;
  board << "op,shape,threads,unit,plain,prepacked,plain_variant,plain_runs_reference,plain_rate,plain_s,best_forced,"
           "best_forced_is_reference,best_forced_rate,best_forced_s,regret,engine,engine_rate,engine_note,ratio,"
           "geomean_ratio,regret_geomean,regret_worst,regret_worst_shape,regret_threshold,regrets_above,regrets,shapes\n";
  const auto board_row = [&](const PlainLine& p, const ScoreLine* l) {
    double geomean = NAN;
    for (const Geomean& g : means)
      if (l && g.op == p.op && g.threads == p.threads && g.plain == p.plain && g.engine == l->engine)
        geomean = g.geomean;
    RegretSummary sum;
    for (const RegretSummary& rs : regrets)
      if (rs.op == p.op && rs.threads == p.threads && rs.plain == p.plain) sum = rs;
    board << to_string(p.op) << "," << csv_field(p.shape) << "," << p.threads << "," << metric_unit(p.metric) << ","
          << csv_field(p.plain) << "," << (p.prepacked ? "true" : "false") << "," << csv_field(p.variant) << ","
          << (p.runs_reference ? "true" : "false") << "," << csv_number(p.rate) << "," << csv_number(p.seconds) << ","
          << csv_field(p.best.row) << "," << (p.best.reference ? "true" : "false") << "," << csv_number(p.best.rate)
          << "," << csv_number(p.best.seconds) << "," << csv_number(p.regret) << "," << csv_field(l ? l->engine : "")
          << "," << csv_number(l ? l->engine_rate : NAN) << "," << csv_field(l ? l->engine_note : "") << ","
          << csv_number(l ? l->ratio : NAN) << "," << csv_number(geomean) << "," << csv_number(sum.geomean) << ","
          << csv_number(sum.worst) << "," << csv_field(sum.worst_shape) << "," << json_number(kRegretThreshold) << ","
          << sum.above << "," << sum.regrets
          << "," << sum.shapes << "\n";
  };
  for (const PlainLine& p : plain) {
    bool any = false;
    for (const ScoreLine& l : lines)
      if (l.plain.op == p.op && l.plain.shape == p.shape && l.plain.threads == p.threads && l.plain.plain == p.plain) {
        board_row(p, &l);
        any = true;
      }
    if (!any) board_row(p, nullptr);
  }
  open_for_writing(scoreboard_csv_path(path)) << board.str();
}

}  // namespace cnnkit::bench
