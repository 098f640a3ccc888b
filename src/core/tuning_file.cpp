#include "core/tuning_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"
#include "core/registry_index.hpp"

namespace cnnkit::core {
namespace {

constexpr std::string_view kMagic = "cnnkit-tuning";
constexpr std::string_view kFormatVersion = "1";
constexpr std::size_t kFields = 8;

class LineError {
 public:
  LineError(const std::string& name, int line) : name_(name), line_(line) {}
  [[noreturn]] void fail(const std::string& expected, std::string_view got) const {
    std::string shown(got.substr(0, 80));
    if (got.size() > 80) shown += "...";
    throw Error(Status::invalid_argument, "tuning file '" + name_ + "', line " + std::to_string(line_) +
                                              ": expected " + expected + ", got '" + shown + "'");
  }

 private:
  const std::string& name_;
  int line_;
};

// 'text' in quotes, built piecewise: GCC 12 warns (-Wrestrict) falsely on "'" + std::string(..).
std::string quoted(std::string_view text) {
  std::string q(1, '\'');
  q.append(text);
  q += '\'';
  return q;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const std::size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

// "key value" header lines: the value is everything after the first space.
std::string_view header_value(const LineError& err, std::string_view line, std::string_view key) {
  if (line.substr(0, key.size()) != key || line.size() <= key.size() + 1 || line[key.size()] != ' ')
    err.fail(quoted(std::string(key) + " <value>"), line);
  return line.substr(key.size() + 1);
}

const char* variant_of(const LineError& err, OpId op, DType dtype, std::string_view name) {
  for (const VariantRecord& r : registry_records(op, dtype))
    if (name == r.name) return r.name;
  err.fail("a " + std::string(to_string(op)) + " variant registered for " + to_string(dtype) + " (" +
               variant_names_list(op) + ")",
           name);
}

TuningRecord parse_record(const LineError& err, std::string_view line) {
  const std::vector<std::string_view> f = split_tabs(line);
  if (f.size() != kFields)
    err.fail(std::to_string(kFields) + " tab-separated fields (op, dtype, isa, threading, threads, problem, "
                                       "variant, seconds), found " +
                 std::to_string(f.size()),
             line);
  const auto op = parse_op(f[0]);
  if (!op) err.fail("an op name (field 1)", f[0]);
  const auto dtype = parse_dtype(f[1]);
  if (!dtype) err.fail("f32 or f64 (field 2)", f[1]);
  if (!parse_isa(f[2])) err.fail("an ISA tier: scalar, sse4_2, avx2_fma or avx512 (field 3)", f[2]);
  if (!parse_threading_policy(f[3]) || f[3] != to_string(*parse_threading_policy(f[3])))
    err.fail("a threading policy: auto, serial, openmp or tbb (field 4)", f[3]);
  int threads = 0;
  {
    const auto [end, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), threads);
    if (ec != std::errc() || end != f[4].data() + f[4].size() || threads < 1)
      err.fail("a thread count >= 1 (field 5)", f[4]);
  }
  if (f[5].empty()) err.fail("the problem's geometry (field 6)", f[5]);
  const char* variant = variant_of(err, *op, *dtype, f[6]);
  double seconds = -1;
  {
    const auto [end, ec] = std::from_chars(f[7].data(), f[7].data() + f[7].size(), seconds);
    if (ec != std::errc() || end != f[7].data() + f[7].size() || !std::isfinite(seconds) || seconds < 0)
      err.fail("a time in seconds >= 0 (field 8)", f[7]);
  }
  std::string key;
  for (std::size_t i = 0; i < 6; ++i) {
    if (i) key += '\t';
    key += f[i];
  }
  return TuningRecord{std::move(key), variant, seconds};
}

// Header values go on one line: control characters (a tab or newline in a CPU brand string)
// become spaces.
std::string one_line(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

}  // namespace

ParsedTuningFile parse_tuning_file(const std::string& text, const std::string& name) {
  ParsedTuningFile out;
  std::istringstream in(text);
  std::string raw;
  int line_number = 0, header = 0;  // header: how many of the three header lines were read
  while (std::getline(in, raw)) {
    ++line_number;
    std::string_view line(raw);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a file edited on Windows
    if (line.empty() || line.front() == '#') continue;
    const LineError err(name, line_number);
    switch (header) {
      case 0: {
        const std::string_view format = header_value(err, line, kMagic);
        if (format != kFormatVersion)
          err.fail(quoted(std::string(kMagic) + " " + std::string(kFormatVersion)) + " (the format this cnnkit reads)",
                   line);
        ++header;
        continue;
      }
      case 1:
        out.version = header_value(err, line, "cnnkit-version");
        ++header;
        continue;
      case 2:
        out.cpu = header_value(err, line, "cpu");
        ++header;
        continue;
      default:
        out.records.push_back(parse_record(err, line));
    }
  }
  if (header < 3)
    LineError(name, line_number)
        .fail("the header lines 'cnnkit-tuning 1', 'cnnkit-version <v>' and 'cpu <model>'", "end of file");
  return out;
}

std::string format_tuning_file(const std::string& version, const std::string& cpu,
                               const std::vector<TuningRecord>& records) {
  std::ostringstream out;
  out << "# cnnkit tuning file: the variant autotuning measured fastest per call key (cnnkit/tuning.hpp).\n"
      << "# Used only by the cnnkit version and on the CPU model below; edit with care.\n"
      << kMagic << ' ' << kFormatVersion << '\n'
      << "cnnkit-version " << one_line(version) << '\n'
      << "cpu " << one_line(cpu) << '\n'
      << "# op\tdtype\tisa\tthreading\tthreads\tproblem\tvariant\tseconds\n";
  char seconds[32];
  for (const TuningRecord& r : records) {
    std::snprintf(seconds, sizeof seconds, "%.6g", r.seconds);
    out << r.key << '\t' << r.variant << '\t' << seconds << '\n';
  }
  return out.str();
}

}  // namespace cnnkit::core
