// The table of validation rules. A rule is one way to get an argument wrong; it makes the same
// call through the C++ API and through the C ABI (where that API can express the mistake),
// and expects an error with a given status whose message contains given fragments (the
// argument's name and what was expected), with every buffer the call could see left unchanged.
//
// Each op's rules start from one valid call (its "baseline", itself checked to succeed) and
// change one thing: so a rule fails for the reason it names, not for an unrelated one.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "cnnkit/cnnkit.h"
#include "cnnkit/cnnkit.hpp"

namespace cnnkit::test::validation {

// Owns every buffer a call sees, so a test can snapshot them all and compare after the call.
class Arena {
 public:
  // n values (small, distinct, non-zero), in fresh memory.
  template <class T>
  T* values(std::int64_t n) {
    T* p = reinterpret_cast<T*>(allocate(static_cast<std::size_t>(n) * sizeof(T)));
    for (std::int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(i % 7 + 1);
    return p;
  }
  // One object (a C output struct, a context's settings) in fresh memory.
  template <class S>
  S* object(const S& init) {
    static_assert(std::is_trivially_copyable_v<S>);
    S* p = reinterpret_cast<S*>(allocate(sizeof(S)));
    std::memcpy(p, &init, sizeof(S));
    return p;
  }
  void snapshot();
  // Names the first buffer whose bytes differ from the snapshot ("" if none).
  std::string changed() const;

 private:
  unsigned char* allocate(std::size_t bytes);
  std::vector<std::vector<unsigned char>> buffers_;  // heap blocks: stable addresses
  std::vector<std::vector<unsigned char>> saved_;
};

// The two forms of one call. An empty function: that API cannot express the mistake (e.g. a
// C++ VectorView's size against a C _size argument: the C ABI checks its counts itself and names
// them, so those rules come in pairs, one per API).
struct Bound {
  std::function<void()> cpp;
  std::function<cnnkit_status()> c;
  // Optional: state outside the arena that a failing call must not change (a context's settings).
  std::function<std::string()> state;
};

struct Rule {
  std::string name;  // "<function>_<dtype>__<what is wrong>"
  Status status;     // ok for the baselines and other calls that must succeed
  std::vector<std::string> expect;
  std::function<Bound(Arena&)> bind;
};

enum class Api { both, cpp_only, c_only };

// Builds the rules of one call. Call is a struct of the call's arguments with
//   using Real = float, double, or void (no element type);
//   static Call baseline(Arena&);   a valid call
//   void cpp() const;               the call through the C++ API (optional)
//   cnnkit_status c() const;        the call through the C ABI (optional)
//   std::string state() const;      settings outside the arena a failure must not change (optional)
template <class Call>
class RuleBuilder {
 public:
  using Mutation = std::function<void(Call&, Arena&)>;

  RuleBuilder(std::vector<Rule>& out, const std::string& function) : out_(out), prefix_(function) {
    using Real = typename Call::Real;
    if constexpr (std::is_same_v<Real, float>) prefix_ += "_f32";
    if constexpr (std::is_same_v<Real, double>) prefix_ += "_f64";
    succeeds("baseline", [](Call&, Arena&) {});
  }

  RuleBuilder& fails(const std::string& name, std::vector<std::string> expect, Mutation mutate, Api api = Api::both) {
    out_.push_back({prefix_ + "__" + name, Status::invalid_argument, std::move(expect), bind(mutate, api)});
    return *this;
  }
  // A variation that must be accepted (in place, an optional argument left out).
  RuleBuilder& succeeds(const std::string& name, Mutation mutate, Api api = Api::both) {
    out_.push_back({prefix_ + "__" + name, Status::ok, {}, bind(mutate, api)});
    return *this;
  }

 private:
  static std::function<Bound(Arena&)> bind(Mutation mutate, Api api) {
    return [mutate, api](Arena& arena) {
      Call call = Call::baseline(arena);
      mutate(call, arena);
      Bound b;
      if constexpr (requires { call.cpp(); })
        if (api != Api::c_only) b.cpp = [call] { call.cpp(); };
      if constexpr (requires { call.c(); })
        if (api != Api::cpp_only) b.c = [call] { return call.c(); };
      if constexpr (requires { call.state(); }) b.state = [call] { return call.state(); };
      return b;
    };
  }

  std::vector<Rule>& out_;
  std::string prefix_;
};

// Message fragments, as api::ArgCheck writes them.
std::vector<std::string> null_pointer(const std::string& argument);
std::vector<std::string> nhwc_dims(const std::string& argument);
std::vector<std::string> hwio_dims(const std::string& argument);
std::vector<std::string> matrix_dims(const std::string& argument);
std::vector<std::string> size_positive(const std::string& argument);
std::vector<std::string> too_many_elements(const std::string& argument);
std::vector<std::string> positive(const std::string& argument);
std::vector<std::string> non_negative(const std::string& argument);
std::vector<std::string> overlap(const std::string& output, const std::string& other);
std::vector<std::string> partial_overlap(const std::string& output, const std::string& other);
std::vector<std::string> c_boolean(const std::string& argument);
std::vector<std::string> with(std::vector<std::string> parts, const std::string& more);

// Shape conversions for the C calls.
inline cnnkit_nhwc to_c(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
inline cnnkit_hwio to_c(const HwioShape& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }
inline cnnkit_padding to_c(const Padding& p) { return {p.top, p.bottom, p.left, p.right}; }
template <class T>
cnnkit_matrix shape(const MatrixView<T>& m) {
  return {m.rows, m.cols};
}
cnnkit_conv2d_params to_c(const Conv2dParams& p);
// mode and ties keep whatever int the C++ enum holds, so bad values reach the C ABI as-is.
cnnkit_pool2d_params to_c(const Pool2dParams& p);
cnnkit_adam_params to_c(const AdamParams& p);

constexpr std::int64_t kHuge = std::int64_t{1} << 62;  // fits int64, never fits in memory

// The tables, one per area (both dtypes each).
std::vector<Rule> pad_rules();
std::vector<Rule> conv2d_rules();
std::vector<Rule> conv2d_prepacked_rules();
std::vector<Rule> pool2d_rules();
std::vector<Rule> pool2d_indices_rules();
std::vector<Rule> relu_rules();
std::vector<Rule> dense_rules();
std::vector<Rule> softmax_xent_rules();
std::vector<Rule> adam_rules();
std::vector<Rule> seed_helper_rules();
std::vector<Rule> geometry_rules();
std::vector<Rule> context_rules();
std::vector<Rule> environment_rules();
// Every table, concatenated.
std::vector<Rule> all_rules();

// "valid choices: a, b, ..., op.ref": what an unknown-variant error must list, read from the
// registry so the expectation follows the variants that are registered.
std::string valid_variant_choices(OpId op);

}  // namespace cnnkit::test::validation
