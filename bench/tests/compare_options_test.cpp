// cnnkit-bench's command line and its table formatting.
#include <gtest/gtest.h>

#include <cmath>

#include "compare/file_reports.hpp"
#include "compare/options.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {
namespace {

Options parse(std::vector<std::string> args) {
  args.insert(args.begin(), "cnnkit-bench");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return parse_options(static_cast<int>(args.size()), argv.data());
}

std::string error_of(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CompareOptions, Defaults) {
  const Options o = parse({});
  EXPECT_TRUE(o.ops.empty());
  EXPECT_TRUE(o.shapes.empty());
  EXPECT_EQ(o.threads, (std::vector<int>{1, 2}));
  EXPECT_EQ(o.dtype, DType::f32);
  EXPECT_FALSE(o.max_isa.has_value());
  EXPECT_TRUE(o.verify);
  EXPECT_FALSE(o.quick);
  EXPECT_TRUE(o.engines.empty());  // cnnkit and every engine built in
  EXPECT_EQ(o.timing.min_time_s, TimingPolicy{}.min_time_s);
}

TEST(CompareOptions, ValuesInBothSpellings) {
  const Options o = parse({"--ops", "conv2d_fwd,relu", "--shapes=seeds", "--variants", "avx512", "--threads=2,4",
                           "--dtype", "f64", "--max-isa", "avx2_fma", "--json", "a.json", "--csv=b.csv",
                           "--no-verify"});
  EXPECT_EQ(o.ops, (std::vector<std::string>{"conv2d_fwd", "relu"}));
  EXPECT_EQ(o.shapes, (std::vector<std::string>{"seeds"}));
  EXPECT_EQ(o.variants, (std::vector<std::string>{"avx512"}));
  EXPECT_EQ(o.threads, (std::vector<int>{2, 4}));
  EXPECT_EQ(o.dtype, DType::f64);
  EXPECT_EQ(o.max_isa, Isa::avx2_fma);
  EXPECT_EQ(o.json_path, "a.json");
  EXPECT_EQ(o.csv_path, "b.csv");
  EXPECT_FALSE(o.verify);
  EXPECT_EQ(parse({"--engines", "cnnkit,onednn"}).engines, (std::vector<std::string>{"cnnkit", "onednn"}));
  EXPECT_EQ(parse({"--engines=xnnpack"}).engines, (std::vector<std::string>{"xnnpack"}));
}

TEST(CompareOptions, QuickShrinksTheBudgetButExplicitTimingWins) {
  const Options quick = parse({"--quick"});
  EXPECT_LT(quick.timing.max_case_time_s, TimingPolicy{}.max_case_time_s);
  EXPECT_LE(quick.timing.max_reps, 2);
  const Options both = parse({"--max-reps", "7", "--quick", "--min-time=0.5"});
  EXPECT_EQ(both.timing.max_reps, 7);
  EXPECT_EQ(both.timing.min_time_s, 0.5);
}

TEST(CompareOptions, TuneOutImpliesTuned) {
  EXPECT_FALSE(parse({}).tuned);
  EXPECT_TRUE(parse({"--tuned"}).tuned);
  const Options o = parse({"--tune-out", "t.txt"});
  EXPECT_TRUE(o.tuned);
  EXPECT_EQ(o.tune_out, "t.txt");
}

TEST(CompareOptions, ThreadPlanAndContention) {
  EXPECT_TRUE(parse({}).thread_plan.empty());
  EXPECT_FALSE(parse({}).contention);
  EXPECT_EQ(parse({"--thread-plan", "16,32,64"}).thread_plan, (std::vector<int>{16, 32, 64}));
  EXPECT_EQ(parse({"--thread-plan=4"}).thread_plan, (std::vector<int>{4}));
  EXPECT_TRUE(parse({"--contention", "--quick"}).contention);
  EXPECT_NE(error_of({"--thread-plan", "0"}).find("--thread-plan"), std::string::npos);
  EXPECT_NE(error_of({"--thread-plan", ","}).find("--thread-plan"), std::string::npos);
  EXPECT_NE(error_of({"--thread-plan"}).find("--thread-plan: 1 required TEXT missing"), std::string::npos);
  EXPECT_NE(error_of({"--contention=1"}).find("contention was given a disallowed flag override"), std::string::npos);
  EXPECT_NE(error_of({"--contention", "--thread-plan", "2"}).find("choose one"), std::string::npos);
}

// The messages of mistakes CLI11 finds are CLI11's (cnnkit-bench prints them and exits with 2).
TEST(CompareOptions, MistakesAreNamed) {
  EXPECT_NE(error_of({"--bogus"}).find("The following argument was not expected: --bogus"), std::string::npos);
  EXPECT_NE(error_of({"stray"}).find("not expected: stray"), std::string::npos);
  EXPECT_NE(error_of({"--ops"}).find("--ops: 1 required TEXT missing"), std::string::npos);
  EXPECT_NE(error_of({"--dtype", "f16"}).find("--dtype"), std::string::npos);
  EXPECT_NE(error_of({"--threads", "0"}).find("--threads"), std::string::npos);
  EXPECT_NE(error_of({"--threads", "1,x"}).find("--threads"), std::string::npos);
  EXPECT_NE(error_of({"--max-isa", "sse9"}).find("--max-isa"), std::string::npos);
  EXPECT_NE(error_of({"--min-time", "-1"}).find("--min-time"), std::string::npos);
  EXPECT_NE(error_of({"--max-reps", "0"}).find("--max-reps"), std::string::npos);
  EXPECT_NE(error_of({"--max-reps", "1.5"}).find("--max-reps: expected an integer >= 1, got '1.5'"), std::string::npos);
  EXPECT_NE(error_of({"--min-time", "nan"}).find("--min-time: expected seconds >= 0"), std::string::npos);
  EXPECT_NE(error_of({"--quick=1"}).find("quick was given a disallowed flag override"), std::string::npos);
  EXPECT_NE(error_of({"--engines", ","}).find("--engines: expected names"), std::string::npos);
}

// As the hand-written parser did before CLI11 (whose default is to refuse a repeated option).
TEST(CompareOptions, ARepeatedOptionKeepsItsLastValue) {
  EXPECT_EQ(parse({"--threads", "1", "--threads=4"}).threads, (std::vector<int>{4}));
  EXPECT_EQ(parse({"--ops", "relu", "--ops", "conv2d_fwd"}).ops, (std::vector<std::string>{"conv2d_fwd"}));
}

TEST(CompareOptions, HelpAndReport) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-h"}).help);
  EXPECT_FALSE(parse({}).help);
  EXPECT_TRUE(parse({}).report_dir.empty());
  EXPECT_EQ(parse({"--report", "out/report"}).report_dir, "out/report");
  EXPECT_EQ(parse({"--report=r"}).report_dir, "r");
}

// The help text is laid out from the options' definitions: every option, its value name at the
// name, descriptions from column 22 (continuation lines too), the exit statuses at the end.
TEST(CompareOptions, HelpListsEveryOptionInColumns) {
  const std::string help = usage_text();
  EXPECT_EQ(help.rfind("usage: cnnkit-bench [options]\n\nRuns every variant", 0), 0u) << help;
  for (const char* line :
       {"\n  --ops A,B          ops to run: regexes searched in op names", "\n  --shapes A,B       shape files (path)",
        "\n  --variants A,B     ", "\n  --engines A,B      ", "\n  --threads 1,2      ", "\n  --dtype f32|f64    ",
        "\n  --max-isa TIER     ", "\n  --min-time S       ", "\n  --max-reps N       ", "\n  --max-case-time S  ",
        "\n  --quick            ", "\n  --no-verify        ", "\n  --json FILE        ", "\n  --csv FILE         ",
        "\n  --report DIR       write an HTML report with SVG charts", "\n  --tuned            ",
        "\n  --tune-out FILE    ", "\n  --thread-plan 16,32,64\n                     time nothing: print",
        "\n  --contention       ", "\n  --list             ", "\n  --help             this text\n",
        "\n                     default 1,2\n"})
    EXPECT_NE(help.find(line), std::string::npos) << line << "\n" << help;
  EXPECT_NE(help.find("\nExit status: 0 all ran and matched; 1 a variant mismatched the reference or failed; 2 bad "
                      "usage.\n"),
            std::string::npos);
}

TEST(CompareOptions, TheScoreboardCsvSitsBesideTheCsv) {
  EXPECT_EQ(scoreboard_csv_path("out.csv"), "out.scoreboard.csv");
  EXPECT_EQ(scoreboard_csv_path("dir/run.CSV"), "dir/run.CSV.scoreboard.csv");
  EXPECT_EQ(scoreboard_csv_path("results"), "results.scoreboard.csv");
}

TEST(TextTable, AlignsColumnsAndLetsShortRowsSpan) {
  TextTable t({{"name", false}, {"n", true}, {"note", false}});
  t.add_row({"a", "1", "x"});
  t.add_row({"long name", "12345", "y"});
  t.add_row({"b", "skipped: a reason longer than the columns"});
  EXPECT_EQ(t.render(),
            "name           n  note\n"
            "a              1  x\n"
            "long name  12345  y\n"
            "b          skipped: a reason longer than the columns\n");
}

TEST(TextTable, FormatsSeconds) {
  EXPECT_EQ(format_seconds(812e-9), "812 ns");
  EXPECT_EQ(format_seconds(12.346e-6), "12.35 us");
  EXPECT_EQ(format_seconds(3.4567e-3), "3.457 ms");
  EXPECT_EQ(format_seconds(2.5), "2.500 s");
  EXPECT_EQ(format_seconds(150.0), "150.0 s");
  EXPECT_EQ(format_fixed(NAN, 2), "-");
}

}  // namespace
}  // namespace cnnkit::bench
