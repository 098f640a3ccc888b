// One fuzz case: the op's buffers (inputs with their contents, outputs), how to call it through
// the C++ or the C API under some settings, and how its outputs are compared with the forced
// reference. The op files (fuzz_ops_*.cpp) build cases; fuzz_run.hpp runs and checks them.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.h"
#include "cnnkit/cnnkit.hpp"
#include "fuzz_input.hpp"

namespace cnnkit::fuzz {

enum class Api { cpp, c };

// The execution settings of one call, in both APIs' forms.
struct Settings {
  Api api = Api::cpp;
  Context ctx = Context::defaults();
  std::string forced;  // "" = default dispatch
  int threads = 0;
  // The same settings as a C context (built by make_c_context, owned by the caller).
  cnnkit_context* c_ctx = nullptr;
};

// Builds s.c_ctx from s.ctx's settings through the C ABI (the C path must see the same context).
void make_c_context(Settings& s, OpId op);
void free_c_context(Settings& s);

// The outcome of one call: ok, or the status of the error it raised.
struct Outcome {
  bool ok = true;
  Status status = Status::ok;
  std::string message;
};

// Runs f, turning a cnnkit::Error into an Outcome; any other exception is a finding.
Outcome capture(const std::function<void()>& f);
Outcome from_c(cnnkit_status status);

// How an output is compared with the reference's.
enum class Compare {
  bitwise,  // the same bits, NaN payloads included (pool, ReLU, pad, the seed helpers)
  exact,    // the same bits, except that any NaN matches any NaN (Adam: the payload of two NaNs
            // meeting in one add depends on the compiler's operand order, and is not promised)
  linear,   // a sum of products: within gamma_terms * sum|terms| (bound computed by the reference on |inputs|)
  loose,    // non-linear (softmax, Adam): a relative bound; non-finite values of the same class
};

struct Tensor {
  std::string name;
  std::size_t elem_size = 0;
  bool integers = false;                 // int64 class labels (else the case's float type)
  std::int64_t count = 0;                // elements allocated (exactly: ASan sees any access outside)
  std::vector<unsigned char> init;       // contents before the call
  bool output = false;                   // written by the op (in-out tensors are outputs too)
  int alias_of = -1;                     // >= 0: this output is the same memory as that tensor (in place)
  bool abs_for_bound = false;            // a factor of the linear terms (made |v|, non-finite 0, for the bound)
  Compare compare = Compare::bitwise;
  std::int64_t terms = 1;                // linear: terms per output element
  double loose_tolerance = 0;            // loose: tolerance in units of epsilon, relative to the scale
  std::vector<double> scale;             // loose: each element's magnitude scale (default: |ref| + |init| + |ref - init|)
};

// The memory of one run: fresh, exactly sized copies of every tensor.
struct RunBuffers {
  bool abs_inputs = false;  // the bound run: linear factors are |v| (scalar parameters must follow)
  std::vector<std::unique_ptr<unsigned char[]>> owned;
  std::vector<void*> ptr;
  template <class E>
  E* get(std::size_t i) const {
    return static_cast<E*>(ptr[i]);
  }
};

struct Case {
  OpId op = OpId::count;     // the registry whose variants run (seed helpers: the op they call)
  DType dtype = DType::f32;
  std::string what;          // for reports: op, shapes, parameters
  std::vector<Tensor> tensors;
  // Calls the op on the buffers under the settings; bounds = true only for the |inputs| run.
  std::function<Outcome(const Settings&, const RunBuffers&)> call;
  // Threaded variants must give the same bits at any thread count: set false for an op that
  // promises nothing across thread counts.
  bool deterministic_across_threads = true;
};

// Tensor builders. `count` < 0 or too large to allocate is clamped to a small buffer: the case
// is hostile and the op must reject it without touching memory.
template <class T>
Tensor input_tensor(std::string name, std::int64_t count, FuzzInput& in);
template <class T>
Tensor output_tensor(std::string name, std::int64_t count);
Tensor index_tensor(std::string name, std::int64_t count, std::int64_t classes, FuzzInput& in);

// Largest tensor the fuzzer allocates (elements): keeps each execution fast.
inline constexpr std::int64_t max_alloc = 1 << 16;

// Element count of a shape with checked arithmetic: -1 if a dim is negative or the product overflows.
std::int64_t checked_count(std::initializer_list<std::int64_t> dims);

// n + 1 for a count of terms, saturating (hostile sizes reach INT64_MAX; such a case never runs).
inline std::int64_t plus_one(std::int64_t n) { return n < INT64_MAX ? n + 1 : n; }

[[noreturn]] void finding(const Case& c, const Settings& s, const std::string& what);
std::string describe(const Settings& s);

}  // namespace cnnkit::fuzz
