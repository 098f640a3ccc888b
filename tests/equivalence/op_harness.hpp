// What the equivalence driver needs to know about an op, beyond its registry entry: a shape
// sweep, how to fill the buffers of one problem, how to call a variant, and how to compare its
// outputs. Each op has a specialisation of Harness<Op> in <op>_harness.hpp with:
//
//   struct Case { std::string name; Problem problem; ... };   // name: [A-Za-z0-9_] only
//   static std::vector<Case> cases(Sweep sweep);
//   template <class T> static Instance<T> make(const Case&, RandomFill&);
//   template <class T> static void call(typename Op::template Fn<T>* fn, const Case&,
//                                       std::span<T* const> args, const std::int64_t* labels,
//                                       const core::Exec& exec);
//   template <class T> static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&);
//                                       // one per output / in_out argument, in argument order
//
// The problem a case holds is the one the public API builds for the same call, and call()
// passes the pointers the API would pass (null where the API passes null).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"
#include "equivalence_types.hpp"
#include "support/random_fill.hpp"

namespace cnnkit::test::equiv {

template <class Op>
struct Harness;  // specialised per op

// Standard: seconds in Release. Large (CNNKIT_TEST_LARGE=1): adds bigger shapes and full crosses.
enum class Sweep { standard, large };
Sweep sweep_from_environment();

// The channel counts every op's sweep draws from: around SIMD widths (4, 8, 16 floats) and the
// tails just below and above them.
inline constexpr std::array<std::int64_t, 12> kChannels = {1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 64};

// What goes into the inputs.
enum class Data {
  integers,  // small integers: every sum is exact, so results must match exactly
  reals,     // uniform reals in [-1, 1): results match within a rounding-error bound
  specials,  // ties, +-0, NaN and infinities mixed with small integers (selection ops)
};
const char* data_name(Data d);

void fill(Data kind, RandomFill& rng, std::vector<float>& v);
void fill(Data kind, RandomFill& rng, std::vector<double>& v);

// Concatenates strings and numbers into a name. A stream rather than a `+` chain: GCC 12 warns
// falsely (-Wrestrict) on "literal" + std::string temporaries.
template <class... Parts>
std::string name_of(const Parts&... parts) {
  std::ostringstream o;
  (o << ... << parts);
  return o.str();
}

// Names for test names: only [A-Za-z0-9_].
std::string dims_name(const NhwcShape& s);     // "2x7x9x3"
std::string pad_name(const Padding& p);        // "p0_1_2_0" (top, bottom, left, right)
std::string sanitize_name(const std::string& s);  // other characters become '_'

inline std::vector<std::int64_t> nhwc_dims(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
inline std::vector<std::int64_t> hwio_dims(const HwioShape& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }
inline std::int64_t element_count(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
inline std::int64_t element_count(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

template <class T>
Arg<T> make_arg(std::string name, Role role, std::vector<std::int64_t> dims, std::string dim_names) {
  std::int64_t count = 1;
  for (auto d : dims) count *= d;
  return Arg<T>{std::move(name), role, std::vector<T>(static_cast<std::size_t>(count)), std::move(dims),
                std::move(dim_names)};
}

}  // namespace cnnkit::test::equiv
