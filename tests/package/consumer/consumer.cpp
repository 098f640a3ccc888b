// Uses the installed headers and library: a 2x2 convolution computed by hand, and the registry.
#include <cnnkit/cnnkit.hpp>

#include <cstdio>

int main() {
  const float x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};  // (1, 3, 3, 1)
  const float w[4] = {1, 0, 0, -1};                // (2, 2, 1, 1): x[i][j] - x[i+1][j+1]
  const float b = 0.5f;
  float y[4] = {};
  cnnkit::conv2d_forward<float>({x, {1, 3, 3, 1}}, {w, {2, 2, 1, 1}}, {&b, 1}, {y, {1, 2, 2, 1}}, {});
  for (float v : y)
    if (v != -3.5f) {
      std::printf("consumer: wrong convolution result %g\n", v);
      return 1;
    }
  const auto variants = cnnkit::list_variants(cnnkit::OpId::conv2d_fwd, cnnkit::DType::f32);
  if (variants.empty() || variants.back().name != "conv2d_fwd.ref") return 1;
  std::printf("consumer: cnnkit %s OK, %zu conv2d_fwd variants\n", CNNKIT_VERSION_STRING, variants.size());
  return 0;
}
