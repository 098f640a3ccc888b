#include "png_pixels.hpp"

#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cnnkit::bench {
namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Undoes the per-row filters in place (PNG spec, section 9); `bpp` bytes per pixel.
void unfilter(std::vector<unsigned char>& data, std::uint32_t width, std::uint32_t height, int bpp) {
  const std::size_t stride = std::size_t{width} * bpp;
  for (std::uint32_t y = 0; y < height; ++y) {
    unsigned char* row = &data[y * (stride + 1)];
    const unsigned char* prev = y ? &data[(y - 1) * (stride + 1) + 1] : nullptr;
    const int filter = row[0];
    unsigned char* px = row + 1;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(bpp) ? px[i - bpp] : 0;
      const int b = prev ? prev[i] : 0;
      const int c = prev && i >= static_cast<std::size_t>(bpp) ? prev[i - bpp] : 0;
      int add = 0;
      switch (filter) {
        case 0:
          break;
        case 1:
          add = a;
          break;
        case 2:
          add = b;
          break;
        case 3:
          add = (a + b) / 2;
          break;
        case 4:
          add = paeth(a, b, c);
          break;
        default:
          throw std::runtime_error("PNG: bad filter type " + std::to_string(filter));
      }
      px[i] = static_cast<unsigned char>(px[i] + add);
    }
  }
}

}  // namespace

PngPixels read_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<unsigned char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (file.size() < 33 || std::memcmp(file.data(), signature, 8) != 0) throw std::runtime_error(path + ": not a PNG");
  PngPixels png;
  int bpp = 0;
  std::vector<unsigned char> compressed;
  for (std::size_t at = 8; at + 12 <= file.size();) {
    const std::uint32_t length = be32(&file[at]);
    const std::string type(reinterpret_cast<const char*>(&file[at + 4]), 4);
    if (at + 12 + length > file.size()) throw std::runtime_error(path + ": truncated chunk " + type);
    const unsigned char* body = &file[at + 8];
    if (type == "IHDR") {
      png.width = be32(body);
      png.height = be32(body + 4);
      const int depth = body[8], colour = body[9], interlace = body[12];
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
        throw std::runtime_error(path + ": only 8-bit non-interlaced RGB(A) is read here");
      bpp = colour == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      compressed.insert(compressed.end(), body, body + length);
    }
    at += 12 + length;
  }
  if (bpp == 0 || png.width == 0 || png.height == 0) throw std::runtime_error(path + ": no image header");
  std::vector<unsigned char> data((std::size_t{png.width} * bpp + 1) * png.height);
  uLongf size = data.size();
  if (uncompress(data.data(), &size, compressed.data(), compressed.size()) != Z_OK || size != data.size())
    throw std::runtime_error(path + ": image data does not inflate to its size");
  unfilter(data, png.width, png.height, bpp);
  png.rgb.reserve(std::size_t{png.width} * png.height);
  for (std::uint32_t y = 0; y < png.height; ++y) {
    const unsigned char* px = &data[y * (std::size_t{png.width} * bpp + 1) + 1];
    for (std::uint32_t x = 0; x < png.width; ++x, px += bpp)
      png.rgb.push_back((std::uint32_t{px[0]} << 16) | (std::uint32_t{px[1]} << 8) | px[2]);
  }
  return png;
}

}  // namespace cnnkit::bench
