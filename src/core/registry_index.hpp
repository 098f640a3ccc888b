// A type-erased view of every registry, for the code that works with op and variant *names*
// (forcing a variant, listing variants) rather than calling them.
#pragma once

#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"

namespace cnnkit::core {

struct VariantRecord {
  const char* name;
  Isa isa;
  Threading threading;
};

std::vector<VariantRecord> registry_records(OpId op, DType dtype);

// The registry's own string for a variant name of an op (any dtype), or nullptr if unknown.
const char* find_variant_name(OpId op, std::string_view name);

// "name1, name2, ..." of an op's variants (both dtypes, without repeats).
std::string variant_names_list(OpId op);

// The effective ISA tier of a context: min(detected_isa(), cap).
Isa effective_isa(const Context& ctx);

// Whether a variant of this isa/threading may run under the context's settings (CPU, ISA cap,
// threading policy); the cheap form of settings_block for the selection loop.
bool settings_allow(Isa isa, Threading threading, const Context& ctx);

// Why a variant of this isa/threading cannot run under the context's settings (CPU, ISA cap,
// threading policy), or "" if it can. The problem is not considered here.
std::string settings_block(Isa isa, Threading threading, const Context& ctx);

}  // namespace cnnkit::core
