// The progress line on stderr: "[  12/140   0:35] conv2d_fwd resnet_3x3_56 conv2d_fwd.ref 1T".
// On a terminal it rewrites one line; otherwise it prints one line per step (for logs).
#pragma once

#include <chrono>
#include <string>

namespace cnnkit::bench {

class Progress {
 public:
  explicit Progress(int total);
  void step(const std::string& what);  // the next step starts
  void finish();                       // clears the line on a terminal

 private:
  int total_;
  int done_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace cnnkit::bench
