#include "compare/file_reports.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cnnkit/version.hpp"
#include "common/list_parsing.hpp"
#include "compare/scoreboard.hpp"

namespace cnnkit::bench {
namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string per_thread_json(const std::vector<std::pair<int, double>>& values) {
  std::vector<std::string> items;
  for (const auto& [t, v] : values) items.push_back(json_string(std::to_string(t)) + ": " + json_number(v));
  return std::string("{").append(join(items, ", ")).append("}");
}

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
  return out;
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

std::string scoreboard_json(const std::vector<ScoreLine>& lines) {
  std::ostringstream o;
  o << "[";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ScoreLine& l = lines[i];
    o << (i ? "," : "") << "\n    {\"op\": " << json_string(to_string(l.op)) << ", \"shape\": " << json_string(l.shape)
      << ", \"threads\": " << l.threads << ", \"unit\": " << json_string(metric_unit(l.metric))
      << ", \"cnnkit_rate\": " << json_number(l.cnnkit.rate) << ", \"cnnkit_row\": " << json_string(l.cnnkit.row)
      << ", \"cnnkit_is_reference\": " << (l.cnnkit.reference ? "true" : "false")
      << ", \"engine\": " << json_string(l.engine) << ", \"engine_rate\": " << json_number(l.engine_rate)
      << ", \"engine_note\": " << json_string(l.engine_note) << ", \"ratio\": " << json_number(l.ratio) << "}";
  }
  o << (lines.empty() ? "]" : "\n  ]");
  return o.str();
}

std::string geomeans_json(const std::vector<Geomean>& means) {
  std::ostringstream o;
  o << "[";
  for (std::size_t i = 0; i < means.size(); ++i) {
    const Geomean& g = means[i];
    o << (i ? "," : "") << "\n    {\"op\": " << json_string(to_string(g.op)) << ", \"threads\": " << g.threads
      << ", \"engine\": " << json_string(g.engine) << ", \"geomean_ratio\": " << json_number(g.geomean)
      << ", \"ratios\": " << g.ratios << ", \"shapes\": " << g.shapes << "}";
  }
  o << (means.empty() ? "]" : "\n  ]");
  return o.str();
}

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
  bool first = true;
  for (const auto& r : result.records) {
    const bool measured = r.status == RunStatus::measured;
    auto when_measured = [&](double v) { return json_number(measured ? v : NAN); };
    o << (first ? "\n" : ",\n") << "    {\"op\": " << json_string(to_string(r.op))
      << ", \"shape\": " << json_string(r.shape) << ", \"shape_file\": " << json_string(r.shape_file)
      << ", \"geometry\": " << json_string(r.geometry) << ", \"variant\": " << json_string(r.variant)
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
      << ", \"check_detail\": " << json_string(r.check_result.detail) << "}";
    first = false;
  }
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  o << "\n  ],\n  \"scoreboard\": " << scoreboard_json(lines)
    << ",\n  \"geomean_ratios\": " << geomeans_json(geomeans(lines)) << "\n}\n";
  open_for_writing(path) << o.str();
}

void write_csv(const std::string& path, const SuiteResult& result) {
  std::ostringstream o;
  o << "op,shape,shape_file,geometry,variant,threads,reference,status,note,median_s,min_s,max_s,reps,calls_per_rep,"
       "unit,rate,pct_peak,speedup_vs_ref,check,max_abs_error,engine,side,impl\n";
  for (const auto& r : result.records) {
    const bool measured = r.status == RunStatus::measured;
    o << to_string(r.op) << "," << csv_field(r.shape) << "," << csv_field(r.shape_file) << "," << csv_field(r.geometry)
      << "," << csv_field(r.variant) << "," << r.threads << "," << (r.reference ? 1 : 0) << "," << to_string(r.status)
      << "," << csv_field(r.note) << "," << (measured ? json_number(r.timing.median_s) : "") << ","
      << (measured ? json_number(r.timing.min_s) : "") << "," << (measured ? json_number(r.timing.max_s) : "") << ","
      << r.timing.reps << "," << r.timing.calls_per_rep << "," << metric_unit(r) << ","
      << (measured ? json_number(r.rate) : "") << "," << (std::isfinite(r.pct_peak) ? json_number(r.pct_peak) : "")
      << "," << (std::isfinite(r.speedup) ? json_number(r.speedup) : "") << "," << to_string(r.check) << ","
      << (r.check == Check::match || r.check == Check::mismatch ? json_number(r.check_result.max_abs_error) : "")
      << "," << csv_field(r.engine) << "," << side_name(r.side) << "," << csv_field(r.impl) << "\n";
  }
  open_for_writing(path) << o.str();

  std::ostringstream board;
  board << "op,shape,threads,unit,cnnkit_rate,cnnkit_row,cnnkit_is_reference,engine,engine_rate,engine_note,ratio\n";
  for (const auto& l : scoreboard(result.records))
    board << to_string(l.op) << "," << csv_field(l.shape) << "," << l.threads << "," << metric_unit(l.metric) << ","
          << (std::isfinite(l.cnnkit.rate) ? json_number(l.cnnkit.rate) : "") << "," << csv_field(l.cnnkit.row) << ","
          << (l.cnnkit.reference ? "true" : "false") << "," << csv_field(l.engine) << ","
          << (std::isfinite(l.engine_rate) ? json_number(l.engine_rate) : "") << "," << csv_field(l.engine_note) << ","
          << (std::isfinite(l.ratio) ? json_number(l.ratio) : "") << "\n";
  open_for_writing(scoreboard_csv_path(path)) << board.str();
}

}  // namespace cnnkit::bench
