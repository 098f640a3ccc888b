// Just enough of PNG to check a browser's screenshot: the size, and the pixels of an 8-bit,
// non-interlaced RGB or RGBA image (what Chromium writes), to tell a drawn page from a blank one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cnnkit::bench {

struct PngPixels {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint32_t> rgb;  // 0xRRGGBB per pixel, row by row
};

// Throws std::runtime_error with the reason when the file is not such a PNG.
PngPixels read_png(const std::string& path);

}  // namespace cnnkit::bench
