#include "report/variant_kind.hpp"

namespace cnnkit::bench {

std::optional<VariantKind> variant_kind(const Record& r) {
  if (r.kind == RowKind::engine) return std::nullopt;
  if (r.kind == RowKind::plain) return VariantKind::plain;
  if (r.reference) return VariantKind::reference;
  if (!r.serial) return VariantKind::threaded;
  // Names are "op.algorithm[.isa][.runtime]": the algorithm is the second part.
  const auto first = r.variant.find('.');
  const std::string algorithm = first == std::string::npos
                                    ? std::string()
                                    : r.variant.substr(first + 1, r.variant.find('.', first + 1) - first - 1);
  return algorithm == "simd" ? VariantKind::simd : VariantKind::blocked;
}

const char* to_string(VariantKind k) {
  switch (k) {
    case VariantKind::reference:
      return "reference";
    case VariantKind::simd:
      return "simd";
    case VariantKind::blocked:
      return "blocked";
    case VariantKind::threaded:
      return "threaded";
    case VariantKind::plain:
      return "plain call";
  }
  return "?";
}

const char* css_name(VariantKind k) { return k == VariantKind::plain ? "plain" : to_string(k); }

const char* colour(VariantKind k) {
  switch (k) {
    case VariantKind::reference:
      return "#8c8c8c";
    case VariantKind::simd:
      return "#1f77b4";
    case VariantKind::blocked:
      return "#ff7f0e";
    case VariantKind::threaded:
      return "#2ca02c";
    case VariantKind::plain:
      return "#d62728";
  }
  return "#000000";
}

bool drawable(const Record& r) {
  return r.status == RunStatus::measured && r.check != Check::mismatch && r.timing.median_s > 0;
}

}  // namespace cnnkit::bench
