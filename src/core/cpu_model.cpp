// cnnkit::cpu_model(): the identity tuning files are keyed by. The brand string alone is not
// enough (virtual machines often report a generic "Intel(R) Xeon(R) Processor"), so the vendor
// and the family/model/stepping from CPUID leaf 1 come first.
#include <string>

#include "cnnkit/tuning.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <cstring>

namespace cnnkit {
namespace {

#if defined(__x86_64__) || defined(__i386__)
std::string probe_cpu_model() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return "unknown x86";
  char vendor[13] = {};
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  std::string model = vendor;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
    // The displayed family and model, as the SDMs define them from the base and extended fields.
    const unsigned base_family = (eax >> 8) & 0xF, base_model = (eax >> 4) & 0xF;
    const unsigned family = base_family == 0xF ? base_family + ((eax >> 20) & 0xFF) : base_family;
    const unsigned cpu_model_number =
        base_family == 0x6 || base_family == 0xF ? (((eax >> 16) & 0xF) << 4) + base_model : base_model;
    model += " family " + std::to_string(family) + " model " + std::to_string(cpu_model_number) + " stepping " +
             std::to_string(eax & 0xF);
  }
  unsigned max_extended = __get_cpuid_max(0x80000000u, nullptr);
  if (max_extended >= 0x80000004u) {
    char brand[49] = {};
    for (unsigned leaf = 0; leaf < 3; ++leaf) {
      __get_cpuid(0x80000002u + leaf, &eax, &ebx, &ecx, &edx);
      std::memcpy(brand + 16 * leaf, &eax, 4);
      std::memcpy(brand + 16 * leaf + 4, &ebx, 4);
      std::memcpy(brand + 16 * leaf + 8, &ecx, 4);
      std::memcpy(brand + 16 * leaf + 12, &edx, 4);
    }
    std::string b = brand;
    while (!b.empty() && b.front() == ' ') b.erase(b.begin());
    while (!b.empty() && b.back() == ' ') b.pop_back();
    if (!b.empty()) model += ": " + b;
  }
  return model;
}
#else
std::string probe_cpu_model() { return "unknown (not x86)"; }
#endif

}  // namespace

std::string cpu_model() {
  static const std::string model = probe_cpu_model();
  return model;
}

}  // namespace cnnkit
