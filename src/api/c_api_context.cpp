// The C ABI's contexts and dispatch table: context handles, their setters, forcing variants,
// and the lists of ops and variants (names in static storage, as the header promises).
#include <string>
#include <string_view>

#include "api/c_api_support.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"
#include "cnnkit/tuning.hpp"
#include "core/registry_index.hpp"

namespace cnnkit::capi {

OpId op_from_name(const api::ArgCheck& check, const char* op) {
  check.not_null(op, "op");
  const auto id = parse_op(op);
  if (!id) {
    std::string valid;
    for (OpId o : all_ops()) valid += (valid.empty() ? "" : ", ") + std::string(to_string(o));
    std::string got = "'";  // built piecewise: GCC 12 warns (-Wrestrict) falsely on a + chain here
    got += op;
    got += "'";
    check.fail("op", "one of " + valid, got);
  }
  return *id;
}

}  // namespace cnnkit::capi

using cnnkit::capi::context_or_global;
using cnnkit::capi::guarded;

extern "C" {

cnnkit_status cnnkit_context_create(cnnkit_context** ctx) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(ctx, "ctx");
    *ctx = new cnnkit_context{};  // copies the global context's current settings
  });
}

void cnnkit_context_destroy(cnnkit_context* ctx) { delete ctx; }

cnnkit_status cnnkit_set_max_isa(cnnkit_context* ctx, int32_t isa) {
  // Any int is a value of the enum (fixed underlying type); Context rejects unknown tiers.
  return guarded([&] { context_or_global(ctx).set_max_isa(static_cast<cnnkit::Isa>(isa)); });
}

cnnkit_status cnnkit_set_threading(cnnkit_context* ctx, int32_t policy) {
  return guarded([&] { context_or_global(ctx).set_threading(static_cast<cnnkit::ThreadingPolicy>(policy)); });
}

cnnkit_status cnnkit_set_num_threads(cnnkit_context* ctx, int32_t num_threads) {
  return guarded([&] { context_or_global(ctx).set_num_threads(num_threads); });
}

cnnkit_status cnnkit_set_verbose(cnnkit_context* ctx, int32_t verbose) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] { context_or_global(ctx).set_verbose(cnnkit::capi::to_bool(check, verbose, "verbose")); });
}

cnnkit_status cnnkit_force_variant(cnnkit_context* ctx, const char* op, const char* variant) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(op, "op");
    // By name, so an unknown op gets the same message (listing the ops) as in C++.
    const std::string_view name = variant ? std::string_view(variant) : std::string_view();
    context_or_global(ctx).force_variant(std::string_view(op), name);
  });
}

cnnkit_status cnnkit_set_tuning(cnnkit_context* ctx, int32_t tuning) {
  return guarded([&] { context_or_global(ctx).set_tuning(static_cast<cnnkit::Tuning>(tuning)); });
}

cnnkit_status cnnkit_save_tuning(const char* path, int64_t* entries) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(path, "path");
    const std::size_t n = cnnkit::save_tuning(path);
    if (entries) *entries = static_cast<int64_t>(n);
  });
}

cnnkit_status cnnkit_load_tuning(const char* path, int64_t* entries) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(path, "path");
    const cnnkit::TuningFileInfo info = cnnkit::load_tuning(path);
    if (entries) *entries = static_cast<int64_t>(info.entries);
  });
}

cnnkit_status cnnkit_clear_tuning(void) {
  return guarded([&] { cnnkit::clear_tuning(); });
}

int32_t cnnkit_detected_isa(void) {
  try {
    return static_cast<int32_t>(cnnkit::detected_isa());
  } catch (...) {
    return CNNKIT_ISA_SCALAR;  // nothing may cross into C; scalar code runs everywhere
  }
}

const char* cnnkit_isa_name(int32_t isa) {
  if (isa < CNNKIT_ISA_SCALAR || isa > CNNKIT_ISA_AVX512)
    return cnnkit::capi::query_failed(cnnkit::api::ArgCheck(__func__), "isa", "a CNNKIT_ISA_* value (0 to 3)",
                                      std::to_string(isa));
  return cnnkit::to_string(static_cast<cnnkit::Isa>(isa));
}

int32_t cnnkit_op_count(void) { return cnnkit::op_count; }

const char* cnnkit_op_name(int32_t index) {
  if (index < 0 || index >= cnnkit::op_count)
    return cnnkit::capi::query_failed(cnnkit::api::ArgCheck(__func__), "index",
                                      "0 to cnnkit_op_count() - 1 = " + std::to_string(cnnkit::op_count - 1),
                                      std::to_string(index));
  return cnnkit::to_string(static_cast<cnnkit::OpId>(index));
}

cnnkit_status cnnkit_list_variants(const cnnkit_context* ctx, const char* op, int32_t dtype, cnnkit_variant_info* infos,
                                   int32_t capacity, int32_t* count) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    const cnnkit::OpId id = cnnkit::capi::op_from_name(check, op);
    check.not_null(count, "count");
    if (infos) check.non_negative(capacity, "capacity");
    // Any int is a DType value (fixed underlying type); list_variants rejects unknown ones.
    const auto variants = cnnkit::list_variants(id, static_cast<cnnkit::DType>(dtype), context_or_global(ctx));
    if (infos) {
      for (std::size_t i = 0; i < variants.size() && i < static_cast<std::size_t>(capacity); ++i) {
        const auto& v = variants[i];
        infos[i].name = cnnkit::core::find_variant_name(id, v.name);  // the registry's static string
        infos[i].isa = static_cast<int32_t>(v.isa);
        infos[i].threading = cnnkit::capi::to_c_threading(v.threading);
        infos[i].runnable = v.runnable ? 1 : 0;
        infos[i].reserved = 0;
      }
    }
    *count = static_cast<int32_t>(variants.size());
  });
}

const char* cnnkit_last_variant(const char* op) {
  const cnnkit::api::ArgCheck check(__func__);
  const char* result = nullptr;
  // op_from_name's error (null or unknown name, listing the ops) becomes the last error; so does
  // running out of memory. Nothing may cross into C.
  if (guarded([&] {
        const cnnkit::OpId id = cnnkit::capi::op_from_name(check, op);
        const std::string name = cnnkit::last_variant(id);
        result = name.empty() ? "" : cnnkit::core::find_variant_name(id, name);
      }) != CNNKIT_STATUS_OK)
    return nullptr;
  return result;
}

}  // extern "C"
