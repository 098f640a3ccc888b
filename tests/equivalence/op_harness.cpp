#include "op_harness.hpp"

#include <cstdlib>
#include <cstring>
#include <random>

namespace cnnkit::test::equiv {

Sweep sweep_from_environment() {
  const char* v = std::getenv("CNNKIT_TEST_LARGE");
  return v && std::strcmp(v, "") != 0 && std::strcmp(v, "0") != 0 ? Sweep::large : Sweep::standard;
}

const char* data_name(Data d) {
  switch (d) {
    case Data::integers: return "int";
    case Data::reals: return "real";
    case Data::specials: return "special";
  }
  return "unknown";
}

namespace {

template <class T>
void fill_any(Data kind, RandomFill& rng, std::vector<T>& v) {
  const auto n = static_cast<std::int64_t>(v.size());
  if (kind == Data::integers) return rng.small_integers(v.data(), n);
  if (kind == Data::reals) return rng.uniform(v.data(), n);
  // Mostly small integers (so windows hold ties), with signed zeros, NaNs and infinities.
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<int> small(-2, 2);
  for (auto& x : v) {
    const int p = pick(rng.engine());
    if (p < 5)
      x = std::numeric_limits<T>::quiet_NaN();
    else if (p < 7)
      x = std::numeric_limits<T>::infinity();
    else if (p < 9)
      x = -std::numeric_limits<T>::infinity();
    else if (p < 17)
      x = T(-0.0);
    else if (p < 25)
      x = T(0.0);
    else if (p < 30)
      x = std::numeric_limits<T>::denorm_min();
    else
      x = static_cast<T>(small(rng.engine()));
  }
}

}  // namespace

void fill(Data kind, RandomFill& rng, std::vector<float>& v) { fill_any(kind, rng, v); }
void fill(Data kind, RandomFill& rng, std::vector<double>& v) { fill_any(kind, rng, v); }

std::string dims_name(const NhwcShape& s) {
  return name_of(s.n, "x", s.h, "x", s.w, "x", s.c);
}

std::string pad_name(const Padding& p) {
  return name_of("p", p.top, "_", p.bottom, "_", p.left, "_", p.right);
}

std::string sanitize_name(const std::string& s) {
  std::string out = s;
  for (auto& ch : out) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) ch = '_';
  }
  return out;
}

}  // namespace cnnkit::test::equiv
