// The idx format of (Fashion-)MNIST: a big-endian header (0, 0, type 0x08 = unsigned byte,
// number of dimensions, then each dimension as uint32) followed by the bytes. Images are
// (n, rows, cols) for one channel; (n, rows, cols, channels) is accepted for colour.
// Files may be gzip-compressed when the program was built with zlib.
#pragma once

#include <filesystem>
#include <string>

#include "dataset.hpp"

namespace train_convnet {

// Reads <dir>/<prefix>-images-idx3-ubyte and <dir>/<prefix>-labels-idx1-ubyte (for 4-D images:
// idx4), each also tried with a .gz suffix; prefix is "train" or "t10k". Throws
// std::runtime_error naming the file and the problem.
Dataset read_idx_dataset(const std::filesystem::path& dir, const std::string& prefix);

// Writes `set` as uncompressed idx files with the names read_idx_dataset looks for.
void write_idx_dataset(const Dataset& set, const std::filesystem::path& dir, const std::string& prefix);

// True when this build can read .gz files.
bool idx_gzip_supported();

}  // namespace train_convnet
