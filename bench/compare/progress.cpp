#include "compare/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace cnnkit::bench {

Progress::Progress(int total)
    : total_(total), tty_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void Progress::step(const std::string& what) {
  ++done_;
  const auto elapsed =
      static_cast<int>(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  std::fprintf(stderr, "%s[%*d/%d %3d:%02d] %s%s", tty_ ? "\r\033[K" : "",
               static_cast<int>(std::to_string(total_).size()), done_, total_, elapsed / 60, elapsed % 60, what.c_str(),
               tty_ ? "" : "\n");
  std::fflush(stderr);
}

void Progress::finish() {
  if (tty_) std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace cnnkit::bench
