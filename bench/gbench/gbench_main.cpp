// cnnkit_benchmarks: the Google Benchmark suite. Every op x variant x shape x thread count,
// generated at run time (see register_cases.hpp), and the fused epilogues against the unfused
// calls (register_fused.hpp); cnnkit's own flags are in gbench_flags.hpp.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "common/machine_probe.hpp"
#include "gbench/gbench_flags.hpp"
#include "gbench/register_cases.hpp"
#include "gbench/register_fused.hpp"

int main(int argc, char** argv) {
  using namespace cnnkit::bench;
  try {
    GbenchFlags flags = parse_gbench_flags(argc, argv);
    if (flags.help) std::fputs(gbench_flags_help().c_str(), stdout);
    // Google Benchmark parses the rest (argv-style, with the terminating null).
    std::vector<char*> rest;
    for (std::string& arg : flags.benchmark_args) rest.push_back(arg.data());
    int rest_count = static_cast<int>(rest.size());
    rest.push_back(nullptr);
    benchmark::Initialize(&rest_count, rest.data());
    if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 1;

    MachineProbe probe;
    if (flags.probe) {
      probe = probe_machine(flags.dtypes.front(), flags.threads, false);
      benchmark::AddCustomContext("cnnkit_fma_tier", probe.fma_tier);
      for (const auto& [t, v] : probe.fma_gflops)
        benchmark::AddCustomContext("cnnkit_fma_peak_gflops_" + std::to_string(t) + "t", std::to_string(v));
      for (const auto& [t, v] : probe.copy_gbs)
        benchmark::AddCustomContext("cnnkit_stream_copy_gbs_" + std::to_string(t) + "t", std::to_string(v));
    }
    register_cases(flags, flags.probe ? &probe : nullptr);
    register_fused_cases(flags);  // fused epilogues against the calls they fuse
    const std::size_t ran = benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    // A filter that matches nothing is a mistake (and would make the ctest smoke test vacuous).
    if (ran == 0) std::fputs("cnnkit_benchmarks: no case matched the filter\n", stderr);
    return ran == 0 ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnnkit_benchmarks: %s\n", e.what());
    return 2;
  }
}
