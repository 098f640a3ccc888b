// The rungs of cnnkit's optimisation ladder, as the report's legends and colours show them: the
// reference loop nest, the one-thread SIMD kernels, the blocked (and other restructured: depthwise,
// sliding, separable, streaming, scatter) one-thread kernels, the threaded variants, and the plain
// call (dispatch choosing). Engines' rows have no kind.
#pragma once

#include <array>
#include <optional>

#include "compare/record.hpp"

namespace cnnkit::bench {

enum class VariantKind { reference, simd, blocked, threaded, plain };

inline constexpr std::array<VariantKind, 5> kVariantKinds = {
    VariantKind::reference, VariantKind::simd, VariantKind::blocked, VariantKind::threaded, VariantKind::plain};

// cnnkit's rows only: forced variants by name and threading, plain rows as plain.
std::optional<VariantKind> variant_kind(const Record& r);

const char* to_string(VariantKind k);  // "reference", "simd", "blocked", "threaded", "plain call"
const char* css_name(VariantKind k);   // "reference", "simd", "blocked", "threaded", "plain"
const char* colour(VariantKind k);

// A row that has a time to draw: measured, a positive median, and not a mismatch (a wrong fast
// answer is no answer).
bool drawable(const Record& r);

}  // namespace cnnkit::bench
