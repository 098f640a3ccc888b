// CNNKIT_TUNING_FILE end to end, one process per step (the file is read at the cache's first use
// and written at exit, so a single test process cannot see both): run under CNNKIT_TUNE=measure,
//   tuning_env_probe measure   a tuned call must measure (the file is absent or lacks the key);
//                              exit must then write the file
//   tuning_env_probe cached    the same call must come from the cache loaded from the file
// Exit status 0 when the call's verbose line says what the step expects.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"

namespace {

std::vector<std::string> lines;

void capture(const char* line, void*) { lines.emplace_back(line); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || (std::strcmp(argv[1], "measure") != 0 && std::strcmp(argv[1], "cached") != 0)) {
    std::fprintf(stderr, "usage: tuning_env_probe measure|cached\n");
    return 2;
  }
  const std::string expect = std::strcmp(argv[1], "measure") == 0 ? "[tuned now:" : "[tuning cache]";
  cnnkit::set_log_sink(&capture, nullptr);
  cnnkit::global_context().set_verbose(true);
  if (cnnkit::global_context().tuning() != cnnkit::Tuning::measure) {
    std::fprintf(stderr, "CNNKIT_TUNE=measure expected in the environment\n");
    return 1;
  }
  std::vector<float> x(3000, -1.5f), y(3000);
  cnnkit::relu_forward<float>({x.data(), 3000}, {y.data(), 3000});
  for (const std::string& l : lines) std::printf("%s\n", l.c_str());
  for (const std::string& l : lines)
    if (l.find("relu_fwd") != std::string::npos && l.find(expect) != std::string::npos) return 0;
  std::fprintf(stderr, "no relu_fwd line with '%s'\n", expect.c_str());
  return 1;
}
