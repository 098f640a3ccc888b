#include "core/registry_index.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "cnnkit/error.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

namespace {

template <class Op, class T>
void append_records(std::vector<VariantRecord>& out) {
  for (const auto& v : variants_of<Op, T>()) out.push_back({v.name, v.isa, v.threading});
}

}  // namespace

std::vector<VariantRecord> registry_records(OpId op, DType dtype) {
  std::vector<VariantRecord> out;
  for_each_op([&](auto traits) {
    using Op = decltype(traits);
    if (Op::id != op) return;
    if (dtype == DType::f32)
      append_records<Op, float>(out);
    else
      append_records<Op, double>(out);
  });
  return out;
}

const char* find_variant_name(OpId op, std::string_view name) {
  for (DType dtype : {DType::f32, DType::f64})
    for (const auto& r : registry_records(op, dtype))
      if (name == r.name) return r.name;
  return nullptr;
}

std::string variant_names_list(OpId op) {
  std::vector<std::string> names;
  for (DType dtype : {DType::f32, DType::f64})
    for (const auto& r : registry_records(op, dtype))
      if (std::find(names.begin(), names.end(), r.name) == names.end()) names.emplace_back(r.name);
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
  return joined;
}

Isa effective_isa(const Context& ctx) {
  return static_cast<Isa>(std::min(static_cast<int>(detected_isa()), static_cast<int>(ctx.max_isa())));
}

namespace {

bool threading_allowed(Threading threading, ThreadingPolicy policy) {
  return threading == Threading::serial || policy == ThreadingPolicy::automatic ||
         (policy == ThreadingPolicy::openmp && threading == Threading::openmp) ||
         (policy == ThreadingPolicy::tbb && threading == Threading::tbb);
}

}  // namespace

bool settings_allow(Isa isa, Threading threading, const Context& ctx) {
  return static_cast<int>(isa) <= static_cast<int>(effective_isa(ctx)) &&
         threading_allowed(threading, ctx.threading());
}

std::string settings_block(Isa isa, Threading threading, const Context& ctx) {
  const Isa effective = effective_isa(ctx);
  if (static_cast<int>(isa) > static_cast<int>(effective)) {
    std::string why = std::string("needs ") + to_string(isa) + ", the effective ISA tier is " +
                      to_string(effective) + " (CPU " + to_string(detected_isa());
    if (ctx.max_isa() < detected_isa()) why += std::string(", capped to ") + to_string(ctx.max_isa());
    return why + ")";
  }
  const ThreadingPolicy policy = ctx.threading();
  if (!threading_allowed(threading, policy))
    return std::string("threading policy '") + to_string(policy) + "' excludes " +
           to_string(threading) + " variants";
  return {};
}

}  // namespace cnnkit::core

namespace cnnkit {

std::vector<VariantInfo> list_variants(OpId op, DType dtype) {
  return list_variants(op, dtype, global_context());
}

std::vector<VariantInfo> list_variants(OpId op, DType dtype, const Context& ctx) {
  // An out-of-range value would otherwise list nothing (op) or silently list f64 (dtype).
  if (static_cast<int>(op) < 0 || static_cast<int>(op) >= op_count)
    throw Error(Status::invalid_argument, "cnnkit::list_variants: argument 'op': expected an OpId in [0, " +
                                              std::to_string(op_count) + "), got value " +
                                              std::to_string(static_cast<int>(op)));
  if (dtype != DType::f32 && dtype != DType::f64)
    throw Error(Status::invalid_argument, "cnnkit::list_variants: argument 'dtype': expected one of f32 (0), "
                                          "f64 (1), got value " + std::to_string(static_cast<int>(dtype)));
  std::vector<VariantInfo> out;
  for (const auto& r : core::registry_records(op, dtype)) {
    std::string why = core::settings_block(r.isa, r.threading, ctx);
    out.push_back({r.name, op, dtype, r.isa, r.threading, why.empty(), std::move(why)});
  }
  return out;
}

}  // namespace cnnkit
