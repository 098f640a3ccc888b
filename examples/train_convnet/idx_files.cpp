#include "idx_files.hpp"

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#ifdef TRAIN_CONVNET_HAVE_ZLIB
#include <zlib.h>
#endif

namespace train_convnet {
namespace fs = std::filesystem;
namespace {

constexpr std::uint8_t unsigned_byte_type = 0x08;
// Far above any real data set; stops a corrupt header from asking for terabytes.
constexpr std::uint64_t max_payload_bytes = std::uint64_t(1) << 34;

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what);
}

bool has_gzip_magic(const std::vector<std::uint8_t>& bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<std::uint8_t> read_plain(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot open");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(file, "read error");
  return bytes;
}

// The whole file, decompressed when it is gzip data.
std::vector<std::uint8_t> read_bytes(const fs::path& file) {
  std::vector<std::uint8_t> bytes = read_plain(file);
  if (!has_gzip_magic(bytes)) return bytes;
#ifdef TRAIN_CONVNET_HAVE_ZLIB
  // gzread inflates concatenated gzip members too; the output size is unknown up front.
  gzFile gz = gzopen(file.string().c_str(), "rb");
  if (!gz) fail(file, "cannot open as gzip");
  std::vector<std::uint8_t> out;
  std::uint8_t chunk[1 << 16];
  for (;;) {
    const int got = gzread(gz, chunk, sizeof chunk);
    if (got < 0) {
      int code = 0;
      const std::string message = gzerror(gz, &code);
      gzclose(gz);
      fail(file, "gzip error: " + message);
    }
    if (got == 0) break;
    out.insert(out.end(), chunk, chunk + got);
    if (out.size() > max_payload_bytes) {
      gzclose(gz);
      fail(file, "decompresses to more than 16 GiB");
    }
  }
  gzclose(gz);
  return out;
#else
  fail(file,
       "is gzip-compressed, but this build of train_convnet has no zlib: gunzip the files into a folder "
       "and pass it with --data-dir, or install zlib (zlib1g-dev) and rebuild");
#endif
}

std::uint32_t read_be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

struct IdxArray {
  std::vector<std::uint64_t> dims;
  std::vector<std::uint8_t> data;
};

IdxArray parse_idx(const fs::path& file, std::vector<std::uint8_t> bytes) {
  if (bytes.size() < 4) fail(file, "too short for an idx header");
  if (bytes[0] != 0 || bytes[1] != 0) fail(file, "not an idx file (the magic number must start with two zero bytes)");
  if (bytes[2] != unsigned_byte_type)
    fail(file, "idx element type " + std::to_string(bytes[2]) + " is not unsigned byte (8)");
  const std::size_t ndim = bytes[3];
  const std::size_t header = 4 + 4 * ndim;
  if (ndim == 0 || bytes.size() < header) fail(file, "truncated idx header");
  IdxArray array;
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < ndim; ++i) {
    const std::uint64_t d = read_be32(bytes.data() + 4 + 4 * i);
    array.dims.push_back(d);
    if (d == 0 || count > max_payload_bytes / d) fail(file, "dimension " + std::to_string(i) + " is 0 or too large");
    count *= d;
  }
  if (bytes.size() - header != count)
    fail(file, "holds " + std::to_string(bytes.size() - header) + " data bytes but its header announces " +
                   std::to_string(count));
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
  array.data = std::move(bytes);
  return array;
}

// The first of base, base.gz for each base in turn; the message lists every name tried.
fs::path find_file(const fs::path& dir, std::initializer_list<std::string> bases) {
  std::string tried;
  for (const std::string& base : bases)
    for (const fs::path& candidate : {dir / base, dir / (base + ".gz")}) {
      if (fs::exists(candidate)) return candidate;
      tried += (tried.empty() ? "" : ", ") + candidate.string();
    }
  throw std::runtime_error("found none of " + tried);
}

IdxArray read_idx(const fs::path& file) { return parse_idx(file, read_bytes(file)); }

void write_idx(const fs::path& file, const std::vector<std::uint64_t>& dims, const std::vector<std::uint8_t>& data) {
  std::ofstream out(file, std::ios::binary);
  if (!out) fail(file, "cannot create");
  const char head[4] = {0, 0, static_cast<char>(unsigned_byte_type), static_cast<char>(dims.size())};
  out.write(head, 4);
  for (std::uint64_t d : dims) {
    const char be[4] = {static_cast<char>(d >> 24), static_cast<char>(d >> 16), static_cast<char>(d >> 8),
                        static_cast<char>(d)};
    out.write(be, 4);
  }
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) fail(file, "write error");
}

}  // namespace

bool idx_gzip_supported() {
#ifdef TRAIN_CONVNET_HAVE_ZLIB
  return true;
#else
  return false;
#endif
}

Dataset read_idx_dataset(const fs::path& dir, const std::string& prefix) {
  // Colour sets use idx4 (n, rows, cols, channels).
  const fs::path images_file = find_file(dir, {prefix + "-images-idx3-ubyte", prefix + "-images-idx4-ubyte"});
  const fs::path labels_file = find_file(dir, {prefix + "-labels-idx1-ubyte"});
  IdxArray images = read_idx(images_file);
  IdxArray labels = read_idx(labels_file);
  if (images.dims.size() != 3 && images.dims.size() != 4)
    fail(images_file, "has " + std::to_string(images.dims.size()) +
                          " dimensions (expected 3: n, rows, cols, or 4: n, rows, cols, channels)");
  if (labels.dims.size() != 1) fail(labels_file, "is not one-dimensional");
  if (labels.dims[0] != images.dims[0])
    fail(labels_file, "holds " + std::to_string(labels.dims[0]) + " labels for " + std::to_string(images.dims[0]) +
                          " images in " + images_file.filename().string());
  Dataset set;
  set.shape = {static_cast<std::int64_t>(images.dims[0]), static_cast<std::int64_t>(images.dims[1]),
               static_cast<std::int64_t>(images.dims[2]),
               images.dims.size() == 4 ? static_cast<std::int64_t>(images.dims[3]) : 1};
  set.pixels = std::move(images.data);
  set.labels.assign(labels.data.begin(), labels.data.end());
  return set;
}

void write_idx_dataset(const Dataset& set, const fs::path& dir, const std::string& prefix) {
  fs::create_directories(dir);
  const auto n = static_cast<std::uint64_t>(set.shape.n), h = static_cast<std::uint64_t>(set.shape.h),
             w = static_cast<std::uint64_t>(set.shape.w), c = static_cast<std::uint64_t>(set.shape.c);
  if (c == 1)
    write_idx(dir / (prefix + "-images-idx3-ubyte"), {n, h, w}, set.pixels);
  else
    write_idx(dir / (prefix + "-images-idx4-ubyte"), {n, h, w, c}, set.pixels);
  std::vector<std::uint8_t> labels(set.labels.begin(), set.labels.end());
  write_idx(dir / (prefix + "-labels-idx1-ubyte"), {n}, labels);
}

}  // namespace train_convnet
