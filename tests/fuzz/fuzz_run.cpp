#include "fuzz_run.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace cnnkit::fuzz {
namespace {

template <class T>
T load(const void* base, std::int64_t i) {
  T v;
  std::memcpy(&v, static_cast<const unsigned char*>(base) + i * static_cast<std::int64_t>(sizeof(T)), sizeof v);
  return v;
}

template <class T>
std::string show(T v) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  Bits b;
  std::memcpy(&b, &v, sizeof b);
  char text[96];
  std::snprintf(text, sizeof text, "%.17g (0x%llx)", static_cast<double>(v), static_cast<unsigned long long>(b));
  return text;
}

// Fresh, exactly sized copies of every tensor. For the bound run, the linear factors become
// |v| with non-finite values replaced by 0: the reference then computes sum|terms| of the finite terms.
RunBuffers make_buffers(const Case& c, bool abs_bound) {
  RunBuffers b;
  b.abs_inputs = abs_bound;
  for (const Tensor& t : c.tensors) {
    if (t.alias_of >= 0) {
      b.owned.emplace_back();
      b.ptr.push_back(b.ptr[static_cast<std::size_t>(t.alias_of)]);
      continue;
    }
    const std::size_t bytes = t.count > 0 ? static_cast<std::size_t>(t.count) * t.elem_size : 0;
    std::unique_ptr<unsigned char[]> mem(new unsigned char[bytes]);
    if (!t.init.empty()) std::memcpy(mem.get(), t.init.data(), bytes);
    if (abs_bound && t.abs_for_bound) {
      for (std::int64_t i = 0; i < t.count; ++i) {
        if (c.dtype == DType::f32) {
          float v = load<float>(mem.get(), i);
          v = std::isfinite(v) ? std::fabs(v) : 0.0f;
          std::memcpy(mem.get() + i * 4, &v, 4);
        } else {
          double v = load<double>(mem.get(), i);
          v = std::isfinite(v) ? std::fabs(v) : 0.0;
          std::memcpy(mem.get() + i * 8, &v, 8);
        }
      }
    }
    b.ptr.push_back(mem.get());
    b.owned.push_back(std::move(mem));
  }
  return b;
}

bool same_bytes(const Tensor& t, const void* a, const void* b) {
  return t.count <= 0 || std::memcmp(a, b, static_cast<std::size_t>(t.count) * t.elem_size) == 0;
}

// Outputs untouched after an error; inputs untouched always (in-place tensors excepted).
void check_untouched(const Case& c, const Settings& s, const RunBuffers& b, bool outputs_too, const char* when) {
  for (std::size_t i = 0; i < c.tensors.size(); ++i) {
    const Tensor& t = c.tensors[i];
    if (t.alias_of >= 0 || t.init.empty()) continue;
    bool aliased = false;
    for (const Tensor& o : c.tensors) aliased |= o.alias_of == static_cast<int>(i);
    const bool written = t.output || aliased;
    if (written && !outputs_too) continue;
    if (!same_bytes(t, t.init.data(), b.ptr[i]))
      finding(c, s, std::string(when) + ": '" + t.name + "' was written" +
                        (written ? " although the call failed" : " although it is an input"));
  }
}

double gamma(std::int64_t k, double u) {
  const double ku = static_cast<double>(k) * u;
  return ku < 0.5 ? ku / (1 - ku) : std::numeric_limits<double>::infinity();
}

template <class T>
void compare_output(const Case& c, const Settings& s, std::size_t index, const RunBuffers& ref, const RunBuffers& got,
                    const RunBuffers* bound, bool bitwise, const std::string& ran) {
  const Tensor& t = c.tensors[index];
  const void* r = ref.ptr[index];
  const void* g = got.ptr[index];
  const double u = std::numeric_limits<T>::epsilon() / 2;
  const double tiny = std::numeric_limits<T>::denorm_min();
  const double big = std::numeric_limits<T>::max() / 16;
  for (std::int64_t i = 0; i < t.count; ++i) {
    const T rv = load<T>(r, i), gv = load<T>(g, i);
    bool ok = true;
    if (bitwise || t.compare == Compare::bitwise) {
      ok = std::memcmp(&rv, &gv, sizeof rv) == 0;
    } else if (t.compare == Compare::exact) {
      ok = std::memcmp(&rv, &gv, sizeof rv) == 0 || (std::isnan(rv) && std::isnan(gv));
    } else {
      double scale;
      std::int64_t k = 4;
      if (t.compare == Compare::linear) {
        scale = static_cast<double>(load<T>(bound->ptr[index], i));
        k = plus_one(plus_one(t.terms));
      } else {
        const double init = t.init.empty() ? 0.0 : static_cast<double>(load<T>(t.init.data(), i));
        scale = t.scale.empty() ? std::fabs(static_cast<double>(rv)) + std::fabs(init) +
                                      std::fabs(static_cast<double>(rv) - init)
                                : t.scale[static_cast<std::size_t>(i)];
      }
      // The scale covers the finite values: beyond the type's range, finite intermediates may
      // overflow in an order-dependent way, and nothing is promised. Within it, NaN and the
      // infinities that non-finite inputs bring are the reference's exactly.
      if (!std::isfinite(scale) || scale > big) continue;
      if (std::isnan(rv)) {
        ok = std::isnan(gv);
      } else if (std::isinf(rv)) {
        ok = gv == rv;
      } else {
        const double tol = t.compare == Compare::linear ? 2 * gamma(k, u) * scale + static_cast<double>(k) * tiny
                                                        : t.loose_tolerance * 2 * u * scale + 16 * tiny;
        ok = std::isfinite(gv) && std::fabs(static_cast<double>(gv) - static_cast<double>(rv)) <= tol;
      }
    }
    if (!ok && !bitwise && c.op == OpId::adam) {
      // Adam is elementwise: the tensors' values at i are the whole input of that element.
      std::string inputs;
      for (const Tensor& o : c.tensors)
        if (o.count == t.count && !o.init.empty() && o.elem_size == sizeof(T))
          inputs += " " + o.name + "=" + show(load<T>(o.init.data(), i));
      std::fprintf(stderr, "element %lld before the call:%s\n", static_cast<long long>(i), inputs.c_str());
    }
    if (!ok)
      finding(c, s, "'" + t.name + "'[" + std::to_string(i) + "] = " + show(gv) + ", the reference gives " +
                        show(rv) + (t.init.empty() || !t.output || t.compare == Compare::bitwise ? std::string() : ", before the call " + show(load<T>(t.init.data(), i))) +
                        " (variant run: " + ran + ")");
  }
}

void compare_outputs(const Case& c, const Settings& s, const RunBuffers& ref, const RunBuffers& got,
                     const RunBuffers* bound, bool bitwise, const std::string& ran) {
  for (std::size_t i = 0; i < c.tensors.size(); ++i) {
    if (!c.tensors[i].output) continue;
    if (c.dtype == DType::f32) compare_output<float>(c, s, i, ref, got, bound, bitwise, ran);
    else compare_output<double>(c, s, i, ref, got, bound, bitwise, ran);
  }
}

bool needs_bound(const Case& c) {
  for (const Tensor& t : c.tensors)
    if (t.output && t.compare == Compare::linear) return true;
  return false;
}

Outcome call(const Case& c, Settings& s, const RunBuffers& b) {
  if (s.api == Api::c) make_c_context(s, c.op);
  Outcome o = c.call(s, b);
  if (s.api == Api::c) free_c_context(s);
  return o;
}

// "conv2d_fwd.blocked.avx512.omp" and "conv2d_fwd.blocked.avx512" are one family: the threaded
// rungs promise their serial sibling's bits.
std::string family(std::string name) {
  for (const char* suffix : {".omp", ".tbb"}) {
    const std::string sfx = suffix;
    if (name.size() > sfx.size() && name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0)
      return name.substr(0, name.size() - sfx.size());
  }
  return name;
}

Settings with_threads(const Settings& s, int threads) {
  Settings t = s;
  t.ctx.set_num_threads(threads);
  t.threads = threads;
  return t;
}

}  // namespace

Settings draw_settings(FuzzInput& in, OpId op, DType dtype) {
  Settings s;
  s.api = in.flag() ? Api::c : Api::cpp;
  s.ctx.set_max_isa(static_cast<Isa>(in.pick<int>(0, 3)));
  s.ctx.set_threading(static_cast<ThreadingPolicy>(in.pick<int>(0, 3)));
  s.threads = in.pick<int>(0, 4);
  s.ctx.set_num_threads(s.threads);
  // Half of the cases force a variant (any registered one, runnable here or not).
  if (in.flag()) {
    const auto variants = list_variants(op, dtype);
    const auto& v = variants[in.pick<std::size_t>(0, variants.size() - 1)];
    s.forced = v.name;
    s.ctx.force_variant(op, v.name);
  }
  return s;
}

bool run_case(const Case& c, const Settings& tested) {
  for (const Tensor& t : c.tensors)
    if (t.count > max_alloc) return false;

  Settings ref_settings;
  ref_settings.ctx.force_variant(c.op, std::string(to_string(c.op)) + ".ref");
  ref_settings.forced = std::string(to_string(c.op)) + ".ref";
  RunBuffers ref = make_buffers(c, false);
  const Outcome ref_outcome = call(c, ref_settings, ref);
  check_untouched(c, ref_settings, ref, !ref_outcome.ok, "reference");

  Settings s = tested;
  RunBuffers got = make_buffers(c, false);
  const Outcome outcome = call(c, s, got);
  const std::string ran = last_variant(c.op);
  check_untouched(c, s, got, !outcome.ok, "call");
  if (!ref_outcome.ok) {
    if (outcome.ok) finding(c, s, "the call succeeded where the reference failed: " + ref_outcome.message);
    if (outcome.status != ref_outcome.status && outcome.status != Status::unsupported)
      finding(c, s, "status " + std::to_string(static_cast<int>(outcome.status)) + " (" + outcome.message +
                        ") where the reference gives " + std::to_string(static_cast<int>(ref_outcome.status)) +
                        " (" + ref_outcome.message + ")");
    if (outcome.message.empty()) finding(c, s, "an error without a message");
    return true;
  }
  if (!outcome.ok) {
    // Only a forced variant may decline a problem the reference accepts.
    if (s.forced.empty() || outcome.status != Status::unsupported)
      finding(c, s, "the call failed where the reference succeeded: " + outcome.message);
    return true;
  }
  RunBuffers bound;
  if (needs_bound(c)) {
    bound = make_buffers(c, true);
    if (!call(c, ref_settings, bound).ok) finding(c, ref_settings, "the reference failed on |inputs|");
  }
  compare_outputs(c, s, ref, got, needs_bound(c) ? &bound : nullptr, false, ran);

  // 1 thread against 3: the same family of variants must give the same bits.
  if (!c.deterministic_across_threads) return true;
  Settings one = with_threads(s, 1), three = with_threads(s, 3);
  RunBuffers b1 = make_buffers(c, false), b3 = make_buffers(c, false);
  const Outcome o1 = call(c, one, b1);
  const std::string v1 = last_variant(c.op);
  const Outcome o3 = call(c, three, b3);
  const std::string v3 = last_variant(c.op);
  if (o1.ok && o3.ok && family(v1) == family(v3)) compare_outputs(c, three, b1, b3, nullptr, true, v1 + " at 1 thread, " + v3 + " at 3 threads");
  return true;
}

}  // namespace cnnkit::fuzz
