// The Google Benchmark suite's own flags: taken out of the command line, the rest passed on.
#include "gbench/gbench_flags.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cnnkit::bench {
namespace {

GbenchFlags parse(std::vector<const char*> args) {
  args.insert(args.begin(), "cnnkit_benchmarks");
  return parse_gbench_flags(static_cast<int>(args.size()), args.data());
}

std::string error_of(std::vector<const char*> args) {
  try {
    parse(std::move(args));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(GbenchFlags, Defaults) {
  const GbenchFlags f = parse({});
  EXPECT_EQ(f.dtypes, (std::vector<DType>{DType::f32}));
  EXPECT_TRUE(f.shapes.empty());
  EXPECT_EQ(f.threads, (std::vector<int>{1, 2}));
  EXPECT_FALSE(f.probe);
  EXPECT_FALSE(f.help);
  EXPECT_EQ(f.benchmark_args, (std::vector<std::string>{"cnnkit_benchmarks"}));
}

TEST(GbenchFlags, TakesOursAndPassesTheRestOnInOrder) {
  const GbenchFlags f = parse({"--benchmark_filter=/seed_small/", "--cnnkit_dtype=all", "--cnnkit_threads=1,4",
                               "--benchmark_min_time=0.01", "--cnnkit_probe", "--cnnkit_shapes=seeds,^resnet"});
  EXPECT_EQ(f.dtypes, (std::vector<DType>{DType::f32, DType::f64}));
  EXPECT_EQ(f.threads, (std::vector<int>{1, 4}));
  EXPECT_TRUE(f.probe);
  EXPECT_EQ(f.shapes, (std::vector<std::string>{"seeds", "^resnet"}));
  EXPECT_EQ(f.benchmark_args, (std::vector<std::string>{"cnnkit_benchmarks", "--benchmark_filter=/seed_small/",
                                                        "--benchmark_min_time=0.01"}));
  EXPECT_EQ(parse({"--cnnkit_dtype=f64"}).dtypes, (std::vector<DType>{DType::f64}));
}

TEST(GbenchFlags, HelpIsOursAndGoogleBenchmarks) {
  const GbenchFlags f = parse({"--help"});
  EXPECT_TRUE(f.help);
  EXPECT_EQ(f.benchmark_args, (std::vector<std::string>{"cnnkit_benchmarks", "--help"}));
  const std::string help = gbench_flags_help();
  EXPECT_EQ(help.rfind("cnnkit flags:\n  --cnnkit_dtype=f32|f64|all   element type(s) (default f32)\n", 0), 0u) << help;
  for (const char* line : {"\n  --cnnkit_shapes=A,B,...      shape files, built-in file names",
                           "\n                               named), FILE:REGEX",
                           "\n  --cnnkit_threads=1,2         thread counts", "\n  --cnnkit_probe               measure",
                           "\nCase names: op/variant/shape/dtype/threads:N"})
    EXPECT_NE(help.find(line), std::string::npos) << line << "\n" << help;
}

TEST(GbenchFlags, MistakesAreNamed) {
  const std::string unknown = error_of({"--cnnkit_bogus=1"});
  EXPECT_EQ(unknown.rfind("unknown flag '--cnnkit_bogus=1'\ncnnkit flags:", 0), 0u) << unknown;
  EXPECT_NE(error_of({"--cnnkit_dtype=f16"}).find("--cnnkit_dtype: f16 not in {f32,f64,all}"), std::string::npos);
  EXPECT_NE(error_of({"--cnnkit_threads=0"}).find("--cnnkit_threads: expected thread counts >= 1"), std::string::npos);
  EXPECT_NE(error_of({"--cnnkit_probe=1"}).find("disallowed flag override"), std::string::npos);
}

}  // namespace
}  // namespace cnnkit::bench
