#include "engines/onednn_support.hpp"

#include <omp.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace cnnkit::bench::onednn {
namespace {

// A blocked layout as oneDNN's tools name it: dimensions from outermost to innermost stride
// (a, b, c, ... for dimensions 0, 1, 2, ...; upper case when the dimension is also blocked),
// then the inner blocks: "Acdb16a" is OIHW weights stored O/16, H, W, I, then 16 O.
std::string layout_name(const memory::desc& md) {
  const dnnl_memory_desc_t& m = md.data;
  if (m.format_kind != dnnl_blocked) return "opaque";
  const auto& b = m.format_desc.blocking;
  std::vector<int> order(static_cast<std::size_t>(m.ndims));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return b.strides[x] > b.strides[y]; });
  std::string name;
  for (int d : order) {
    bool blocked = false;
    for (int i = 0; i < b.inner_nblks; ++i) blocked = blocked || b.inner_idxs[i] == d;
    name += static_cast<char>((blocked ? 'A' : 'a') + d);
  }
  for (int i = 0; i < b.inner_nblks; ++i)
    name += std::to_string(b.inner_blks[i]) + static_cast<char>('a' + b.inner_idxs[i]);
  return name;
}

}  // namespace

OmpThreads::OmpThreads(int threads) : saved_(omp_get_max_threads()) { omp_set_num_threads(threads); }
OmpThreads::~OmpThreads() { omp_set_num_threads(saved_); }

float* f32_buffer(const OpCase& c, Role role) {
  const BufferRef b = c.buffer(role);
  if (!b.data) throw std::logic_error("the op case exposes no buffer for a role oneDNN needs");
  return static_cast<float*>(b.data);
}

memory user_memory(Device& d, const memory::dims& dims, Tag tag, float* data) {
  const memory::desc md(dims, memory::data_type::f32, tag);
  return data ? memory(md, d.engine, data) : memory(md, d.engine);
}

memory reordered(Device& d, memory from, const memory::desc& want) {
  if (from.get_desc() == want) return from;
  memory to(want, d.engine);
  dnnl::reorder(from, to).execute(d.stream, from, to);
  d.stream.wait();
  return to;
}

std::string describe(const char* impl) { return impl; }

std::string describe(const char* impl, const char* what, const memory::desc& layout) {
  return std::string(impl) + ", " + what + " " + layout_name(layout);
}

}  // namespace cnnkit::bench::onednn
