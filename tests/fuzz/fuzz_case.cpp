#include "fuzz_case.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace cnnkit::fuzz {

void make_c_context(Settings& s, OpId op) {
  if (cnnkit_context_create(&s.c_ctx) != CNNKIT_STATUS_OK) std::abort();
  // A C context starts as a copy of the global one (library defaults: the fuzzer never changes it).
  cnnkit_set_max_isa(s.c_ctx, static_cast<int32_t>(s.ctx.max_isa()));
  cnnkit_set_threading(s.c_ctx, static_cast<int32_t>(s.ctx.threading()));
  cnnkit_set_num_threads(s.c_ctx, s.ctx.num_threads());
  if (!s.forced.empty() && cnnkit_force_variant(s.c_ctx, to_string(op), s.forced.c_str()) != CNNKIT_STATUS_OK) {
    std::fprintf(stderr, "fuzz: the C ABI refused to force %s: %s\n", s.forced.c_str(), cnnkit_last_error());
    std::abort();
  }
}

void free_c_context(Settings& s) {
  cnnkit_context_destroy(s.c_ctx);
  s.c_ctx = nullptr;
}

Outcome capture(const std::function<void()>& f) {
  try {
    f();
    return {};
  } catch (const Error& e) {
    return {false, e.status(), e.what()};
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FUZZ FINDING: an exception other than cnnkit::Error escaped: %s\n", e.what());
    std::abort();
  }
}

Outcome from_c(cnnkit_status status) {
  if (status == CNNKIT_STATUS_OK) return {};
  return {false, static_cast<Status>(status), cnnkit_last_error()};
}

template <class T>
Tensor input_tensor(std::string name, std::int64_t count, FuzzInput& in) {
  Tensor t;
  t.name = std::move(name);
  t.elem_size = sizeof(T);
  t.count = count;
  const FuzzInput::FillSpec spec = in.fill_spec();
  if (count <= 0 || count > max_alloc) return t;
  std::vector<T> v(static_cast<std::size_t>(count));
  std::uint64_t state = spec.seed;
  for (auto& e : v) e = fill_value<T>(spec, state);
  for (int i = 0; i < spec.planted; ++i)
    v[spec.plant_pos[i] % v.size()] = special_value<T>(spec.plant_kind[i], spec.plant_pos[i] >> 20);
  t.init.resize(v.size() * sizeof(T));
  std::memcpy(t.init.data(), v.data(), t.init.size());
  return t;
}

// Outputs start as a recognisable NaN: an element the op forgets to write shows up in the
// bitwise comparisons, and an error path that writes anything shows up in the untouched check.
template <class T>
Tensor output_tensor(std::string name, std::int64_t count) {
  Tensor t;
  t.name = std::move(name);
  t.elem_size = sizeof(T);
  t.count = count;
  t.output = true;
  if (count <= 0 || count > max_alloc) return t;
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const Bits poison = sizeof(T) == 4 ? Bits(0x7fa5a5a5u) : Bits(0x7ff5a5a5a5a5a5a5ull);
  t.init.resize(static_cast<std::size_t>(count) * sizeof(T));
  for (std::size_t i = 0; i < t.init.size(); i += sizeof(T)) std::memcpy(&t.init[i], &poison, sizeof(T));
  return t;
}

Tensor index_tensor(std::string name, std::int64_t count, std::int64_t classes, FuzzInput& in) {
  Tensor t;
  t.name = std::move(name);
  t.elem_size = sizeof(std::int64_t);
  t.integers = true;
  t.count = count;
  const std::uint64_t seed = in.bits64();
  const bool bad = in.hostile() && in.pick<int>(0, 3) == 0;  // one label out of range
  if (count <= 0 || count > max_alloc) return t;
  std::vector<std::int64_t> v(static_cast<std::size_t>(count));
  std::uint64_t state = seed;
  for (auto& e : v) e = classes > 0 ? static_cast<std::int64_t>(next_random(state) % static_cast<std::uint64_t>(classes)) : 0;
  if (bad) v[seed % v.size()] = (seed & 1) ? -1 : classes;
  t.init.resize(v.size() * sizeof(std::int64_t));
  std::memcpy(t.init.data(), v.data(), t.init.size());
  return t;
}

template Tensor input_tensor<float>(std::string, std::int64_t, FuzzInput&);
template Tensor input_tensor<double>(std::string, std::int64_t, FuzzInput&);
template Tensor output_tensor<float>(std::string, std::int64_t);
template Tensor output_tensor<double>(std::string, std::int64_t);

std::int64_t checked_count(std::initializer_list<std::int64_t> dims) {
  std::int64_t n = 1;
  for (std::int64_t d : dims) {
    if (d < 0 || __builtin_mul_overflow(n, d, &n)) return -1;
  }
  return n;
}

std::string describe(const Settings& s) {
  std::string out = s.api == Api::cpp ? "C++ API" : "C ABI";
  out += ", variant ";
  out += s.forced.empty() ? "(default dispatch)" : s.forced;
  out += ", isa cap ";
  out += to_string(s.ctx.max_isa());
  out += ", threading ";
  out += to_string(s.ctx.threading());
  out += ", threads " + std::to_string(s.ctx.num_threads());
  return out;
}

// CNNKIT_FUZZ_DUMP=1 (when replaying a crash input) prints every tensor the case started from.
void dump_inputs(const Case& c) {
  for (const Tensor& t : c.tensors) {
    if (t.output && t.alias_of < 0 && t.compare != Compare::exact) continue;
    std::fprintf(stderr, "  %s (%lld):", t.name.c_str(), static_cast<long long>(t.count));
    for (std::size_t i = 0; i < t.init.size(); i += t.elem_size) {
      if (t.integers) {
        std::int64_t v;
        std::memcpy(&v, &t.init[i], sizeof v);
        std::fprintf(stderr, " %lld", static_cast<long long>(v));
      } else if (c.dtype == DType::f32) {
        float v;
        std::memcpy(&v, &t.init[i], sizeof v);
        std::fprintf(stderr, " %.9g", static_cast<double>(v));
      } else {
        double v;
        std::memcpy(&v, &t.init[i], sizeof v);
        std::fprintf(stderr, " %.17g", v);
      }
    }
    std::fprintf(stderr, "\n");
  }
}

void finding(const Case& c, const Settings& s, const std::string& what) {
  std::fprintf(stderr, "\nFUZZ FINDING: %s\n  case: %s (%s)\n  settings: %s\n", what.c_str(), c.what.c_str(),
               to_string(c.dtype), describe(s).c_str());
  if (std::getenv("CNNKIT_FUZZ_DUMP")) dump_inputs(c);
  std::abort();
}

}  // namespace cnnkit::fuzz
