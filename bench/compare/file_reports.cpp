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

Json per_thread_json(const std::vector<std::pair<int, double>>& values) {
  Json out = Json::object();
  for (const auto& [t, v] : values) out[std::to_string(t)] = json_number(v);
  return out;
}

const char* metric_unit(Metric m) { return m == Metric::flops ? "GFLOP/s" : "GB/s"; }
const char* metric_unit(const Record& r) { return metric_unit(r.work.metric); }
const char* side_name(Side s) { return s == Side::cnnkit ? "cnnkit" : "competitor"; }

Json engines_json(const std::vector<EngineInfo>& engines) {
  Json out = Json::array();
  for (const EngineInfo& e : engines)
    out.push_back({{"name", e.name}, {"available", e.available}, {"selected", e.selected}, {"description", e.description}});
  return out;
}

// The plain call's fields, shared by the scoreboard's lines and the plain-call lines.
Json plain_json(const PlainLine& p) {
  return {{"op", to_string(p.op)},
          {"shape", p.shape},
          {"threads", p.threads},
          {"unit", metric_unit(p.metric)},
          {"plain", p.plain},
          {"prepacked", p.prepacked},
          {"plain_variant", p.variant},
          {"plain_runs_reference", p.runs_reference},
          {"plain_rate", json_number(p.rate)},
          {"plain_s", json_number(p.seconds)},
          {"plain_note", p.note},
          {"best_forced", p.best.row},
          {"best_forced_is_reference", p.best.reference},
          {"best_forced_rate", json_number(p.best.rate)},
          {"best_forced_s", json_number(p.best.seconds)},
          {"regret", json_number(p.regret)}};
}

template <class T, class F>
Json json_array(const std::vector<T>& items, F&& to_json) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

Json score_line_json(const ScoreLine& l) {
  Json o = plain_json(l.plain);
  o["engine"] = l.engine;
  o["engine_rate"] = json_number(l.engine_rate);
  o["engine_note"] = l.engine_note;
  o["ratio"] = json_number(l.ratio);
  return o;
}

Json geomean_json(const Geomean& g) {
  return {{"op", to_string(g.op)},         {"threads", g.threads}, {"plain", g.plain},   {"engine", g.engine},
          {"geomean_ratio", json_number(g.geomean)}, {"ratios", g.ratios},   {"shapes", g.shapes}};
}

Json regret_summary_json(const RegretSummary& s) {
  return {{"op", to_string(s.op)},
          {"threads", s.threads},
          {"plain", s.plain},
          {"regret_geomean", json_number(s.geomean)},
          {"regret_worst", json_number(s.worst)},
          {"regret_worst_shape", s.worst_shape},
          {"regret_threshold", kRegretThreshold},
          {"regrets_above", s.above},
          {"regrets", s.regrets},
          {"shapes", s.shapes}};
}

// The plain line of a plain record (null for other rows).
const PlainLine* plain_of(const std::vector<PlainLine>& lines, const Record& r) {
  if (r.kind != RowKind::plain) return nullptr;
  for (const PlainLine& l : lines)
    if (l.op == r.op && l.shape == r.shape && l.threads == r.threads && l.plain == r.variant) return &l;
  return nullptr;
}

Json record_json(const Record& r, const PlainLine* p) {
  const bool measured = r.status == RunStatus::measured;
  const auto when_measured = [measured](double v) { return json_number(measured ? v : NAN); };
  const bool checked = r.check == Check::match || r.check == Check::mismatch;
  return {{"op", to_string(r.op)},
          {"shape", r.shape},
          {"shape_file", r.shape_file},
          {"geometry", r.geometry},
          {"row", to_string(r.kind)},
          {"variant", r.variant},
          {"ran_variant", r.ran_variant},
          {"engine", r.engine},
          {"side", side_name(r.side)},
          {"impl", r.impl},
          {"threads", r.threads},
          {"reference", r.reference},
          {"status", to_string(r.status)},
          {"note", r.note},
          {"median_s", when_measured(r.timing.median_s)},
          {"min_s", when_measured(r.timing.min_s)},
          {"max_s", when_measured(r.timing.max_s)},
          {"reps", r.timing.reps},
          {"calls_per_rep", r.timing.calls_per_rep},
          {"single_call", r.timing.warmup_only},
          {"unit", metric_unit(r)},
          {"work_per_call", json_number(r.work.amount)},
          {"rate", when_measured(r.rate)},
          {"pct_peak", json_number(r.pct_peak)},
          {"speedup_vs_ref", json_number(r.speedup)},
          {"check", to_string(r.check)},
          {"max_abs_error", json_number(checked ? r.check_result.max_abs_error : NAN)},
          {"check_detail", r.check_result.detail},
          {"best_forced", p ? p->best.row : ""},
          {"best_forced_s", json_number(p ? p->best.seconds : NAN)},
          {"regret", json_number(p ? p->regret : NAN)}};
}

}  // namespace

std::string scoreboard_csv_path(const std::string& csv_path) {
  const std::string ext = ".csv";
  const bool has_ext = csv_path.size() > ext.size() && csv_path.ends_with(ext);
  return (has_ext ? csv_path.substr(0, csv_path.size() - ext.size()) : csv_path) + ".scoreboard.csv";
}

void write_json(const std::string& path, const SuiteResult& result, const MachineProbe& probe, const Options& options) {
  const std::vector<PlainLine> plain = plain_lines(result.records);
  Json results = Json::array();
  for (const auto& r : result.records) results.push_back(record_json(r, plain_of(plain, r)));
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const Json doc = {
      {"cnnkit_version", CNNKIT_VERSION_STRING},
      {"dtype", to_string(options.dtype)},
      {"cpu_isa", to_string(detected_isa())},
      {"machine",
       {{"fma_tier", probe.fma_tier},
        {"fma_peak_gflops", per_thread_json(probe.fma_gflops)},
        {"stream_copy_gbs", per_thread_json(probe.copy_gbs)},
        {"stream_array_bytes", probe.copy_array_bytes},
        {"probe_seconds", json_number(probe.seconds)},
        {"load_average", json_number(probe.load_average >= 0 ? probe.load_average : NAN)}}},
      {"timing",
       {{"min_time_s", json_number(options.timing.min_time_s)},
        {"max_reps", options.timing.max_reps},
        {"max_case_time_s", json_number(options.timing.max_case_time_s)},
        {"quick", options.quick}}},
      {"engines", engines_json(result.engines)},
      {"total_seconds", json_number(result.seconds)},
      {"results", std::move(results)},
      {"plain_calls", json_array(plain, plain_json)},
      {"scoreboard", json_array(lines, score_line_json)},
      {"geomean_ratios", json_array(geomeans(lines), geomean_json)},
      {"regret_summary", json_array(regret_summaries(plain), regret_summary_json)}};
  write_json_file(path, doc);
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
      << "," << csv_field(r.note) << "," << (measured ? csv_number(r.timing.median_s) : "") << ","
      << (measured ? csv_number(r.timing.min_s) : "") << "," << (measured ? csv_number(r.timing.max_s) : "") << ","
      << r.timing.reps << "," << r.timing.calls_per_rep << "," << metric_unit(r) << ","
      << (measured ? csv_number(r.rate) : "") << "," << csv_number(r.pct_peak)
      << "," << csv_number(r.speedup) << "," << to_string(r.check) << ","
      << (r.check == Check::match || r.check == Check::mismatch ? csv_number(r.check_result.max_abs_error) : "")
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
          << csv_number(sum.worst) << "," << csv_field(sum.worst_shape) << "," << csv_number(kRegretThreshold) << ","
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
