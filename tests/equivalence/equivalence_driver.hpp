// The equivalence driver: runs one variant of an op on one problem, exactly as the dispatcher
// would (same problem struct, same pointers), in guarded buffers, and compares it with the op's
// reference entry ("<op>.ref") from the same list. It never asserts: everything it finds goes
// into a VariantResult, so tests can also prove that it catches planted bad variants.
//
// Per call it checks: the guard zones around every buffer (no write before or after), every
// input unchanged bit for bit, every output element written, and every output equal to the
// reference's within the op's tolerance (exact for integer data and selection ops, a rigorous
// rounding-error bound for sums of real products). A threaded variant runs with 1, 2, 3 and 7
// threads and its bits must not change with the count.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cnnkit/dispatch.hpp"
#include "core/late_thread_governor.hpp"
#include "core/registry.hpp"
#include "delayed_worker.hpp"
#include "equivalence_types.hpp"
#include "op_harness.hpp"
#include "ops/op_lists.hpp"
#include "support/guarded_buffer.hpp"
#include "support/random_fill.hpp"
#include "support/value_compare.hpp"

namespace cnnkit::test::equiv {

#if defined(__SANITIZE_THREAD__)
// Under ThreadSanitizer the suite looks for races, which only team runs can have: 1 thread runs the
// range inline, and 7 threads on a small machine cost minutes without new kinds of interleaving.
// Teams of 2 here, and of 3 in the delayed-worker run below (which reorders the chunk claims, the
// interleavings a plain 3-thread run would add); the values at 1, 3 and 7 threads are checked by the
// release and ASan runs. (A plain 3-thread run too cost CI about 4 minutes for no new interleaving.)
inline constexpr bool kThreadSanitizerRun = true;
inline constexpr std::array<int, 1> kThreadCounts = {2};
#else
inline constexpr bool kThreadSanitizerRun = false;
inline constexpr std::array<int, 4> kThreadCounts = {1, 2, 3, 7};
#endif
// The run with a delayed worker (DelayedWorker) reorders which thread claims which chunk: the
// release run checks its values and ThreadSanitizer its interleavings; AddressSanitizer would
// only repeat the release run's memory accesses at a third of the speed.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kDelayedWorkerRun = false;
#else
inline constexpr bool kDelayedWorkerRun = true;
#endif

// The entry named "<op>.ref", or nullptr.
template <class Op, class T>
const core::Variant<Op, T>* find_reference(std::span<const core::Variant<Op, T>> list) {
  const std::string name = std::string(to_string(Op::id)) + ".ref";
  for (const auto& v : list)
    if (name == v.name) return &v;
  return nullptr;
}

// What the API passes a variant when the context has default settings.
inline core::Exec default_exec() { return core::Exec{ThreadingPolicy::automatic, 0}; }

// How a test runs a variant under test: forced, as a user forcing it would. A forced variant must
// compute every problem it can (it may pass on problems only for speed when it is merely selected),
// so a serial rung that declines small problems unforced (streaming stores, packing) is still
// checked on the whole sweep.
inline core::Exec forced_exec() { return core::Exec{ThreadingPolicy::automatic, 0, true}; }

// The serial variant a threaded one distributes: its name without the ".omp" / ".tbb" suffix.
template <class Op, class T>
const core::Variant<Op, T>* find_serial_sibling(std::span<const core::Variant<Op, T>> list,
                                                const core::Variant<Op, T>& v) {
  const std::string name = v.name;
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos) return nullptr;
  const std::string base = name.substr(0, dot);
  for (const auto& s : list)
    if (base == s.name && s.threading == Threading::serial) return &s;
  return nullptr;
}

namespace detail {

// "y[17] (n=0, h=1, w=2, c=5)"
std::string element_name(const std::string& arg, const std::vector<std::int64_t>& dims, const std::string& dim_names,
                         std::int64_t index);

template <class T>
struct RunRecord {
  std::vector<std::vector<T>> outputs;  // one per output / in_out argument, in argument order
  std::vector<std::vector<std::int32_t>> i32_outputs;  // the same for Instance::i32
  std::vector<std::vector<std::int64_t>> i64_outputs;  // and Instance::i64
  std::vector<std::string> damage;      // guard writes and input writes, described
  bool guard_damaged = false;
  bool input_modified = false;
};

std::string show_bound(double tolerance);  // "|diff| <= 1.52e-05"

template <class E, class Record>
void check_input(const GuardedBuffer<E>& buffer, const std::vector<E>& before, const std::string& name,
                 const std::vector<std::int64_t>& dims, const std::string& dim_names, Record& rec) {
  std::int64_t changed = 0, first = -1;
  for (std::int64_t i = 0; i < buffer.size(); ++i)
    if (!same_bits(buffer.data()[i], before[static_cast<std::size_t>(i)]))
      if (changed++ == 0) first = i;
  if (changed) {
    rec.input_modified = true;
    rec.damage.push_back(name_of("input '", name, "' was modified: ", changed, " element(s), first ",
                                 element_name(name, dims, dim_names, first)));
  }
}

// Records an output's mismatch summary and what kind of failure it is.
inline void note_mismatches(std::string summary, std::int64_t bad, std::int64_t unwritten, bool strict_bits,
                            VariantResult& r) {
  r.failures.push_back(std::move(summary));
  if (strict_bits)
    r.thread_dependent = true;
  else if (bad)
    r.wrong_values = true;
  if (unwritten) r.unwritten = true;
}

// Guarded copies of integer arguments (outputs poisoned), misaligned as the real ones when asked.
template <class E>
std::vector<GuardedBuffer<E>> guard_ints(const std::vector<Arg<E>>& args, bool misaligned) {
  std::vector<GuardedBuffer<E>> buffers;
  buffers.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    buffers.emplace_back(static_cast<std::int64_t>(args[i].init.size()), misaligned ? 1 : 0);
    if (args[i].role == Role::output)
      buffers.back().fill_poison();
    else
      buffers.back().assign(args[i].init);
  }
  return buffers;
}

// Guard and input checks of integer arguments; their outputs go to `outputs`.
template <class E, class Record>
void collect_ints(const std::vector<GuardedBuffer<E>>& buffers, const std::vector<Arg<E>>& args, Record& rec,
                  std::vector<std::vector<E>>& outputs) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (std::string damage = buffers[i].guard_damage(args[i].name); !damage.empty()) {
      rec.guard_damaged = true;
      rec.damage.push_back(damage);
    }
    if (args[i].role == Role::input)
      check_input(buffers[i], args[i].init, args[i].name, args[i].dims, args[i].dim_names, rec);
    else
      outputs.emplace_back(buffers[i].span().begin(), buffers[i].span().end());
  }
}

// Exact comparison of integer outputs (a wrong index is wrong, whatever its size).
template <class E>
void compare_ints(const std::vector<Arg<E>>& args, const std::vector<std::vector<E>>& got,
                  const std::vector<std::vector<E>>& want, const std::string& got_label, const std::string& want_label,
                  bool strict_bits, VariantResult& r) {
  std::size_t k = 0;
  for (const Arg<E>& a : args) {
    if (a.role == Role::input) continue;
    const std::vector<E>& g = got.at(k);
    const std::vector<E>& w = want.at(k);
    ++k;
    std::int64_t bad = 0, unwritten = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
      if (g[i] == w[i] && g[i] != poison_value<E>()) continue;
      ++(g[i] == poison_value<E>() ? unwritten : bad);
      if (bad + unwritten <= 3)
        r.failures.push_back(element_name(a.name, a.dims, a.dim_names, static_cast<std::int64_t>(i)) + ": " + got_label +
                             " " + std::to_string(g[i]) + ", " + want_label + " " + std::to_string(w[i]) +
                             " (allowed: exact)");
    }
    if (bad + unwritten > 0)
      note_mismatches(name_of("'", a.name, "': ", bad, " wrong and ", unwritten, " never-written of ", g.size(),
                              " elements (", got_label, " vs ", want_label, ")"),
                      bad, unwritten, strict_bits, r);
  }
}

// compare_outputs for every output of a run: the real ones and the integer ones.
template <class T>
void compare_records(const Instance<T>& inst, const std::vector<Tolerance>& tolerances, const RunRecord<T>& got,
                     const RunRecord<T>& want, const std::string& got_label, const std::string& want_label,
                     bool strict_bits, VariantResult& r);

// Runs `fn` once on fresh guarded copies of the instance's buffers.
template <class Op, class T>
RunRecord<T> run_once(typename Op::template Fn<T>* fn, const typename Harness<Op>::Case& c, const Instance<T>& inst,
                      const core::Exec& exec) {
  std::vector<GuardedBuffer<T>> buffers;
  buffers.reserve(inst.args.size());
  for (std::size_t i = 0; i < inst.args.size(); ++i) {
    const Arg<T>& a = inst.args[i];
    // 1 and 3 elements past a 64-byte boundary: 4/12 bytes (float), 8/24 bytes (double).
    buffers.emplace_back(static_cast<std::int64_t>(a.init.size()), inst.misaligned ? (i % 2 == 0 ? 1 : 3) : 0);
    if (a.role == Role::output)
      buffers.back().fill_poison();
    else
      buffers.back().assign(a.init);
  }
  GuardedBuffer<std::int64_t> labels(static_cast<std::int64_t>(inst.labels.size()), inst.misaligned ? 1 : 0);
  labels.assign(inst.labels);
  std::vector<T*> pointers;
  for (auto& b : buffers) pointers.push_back(b.data());
  auto ints32 = guard_ints(inst.i32, inst.misaligned);
  auto ints64 = guard_ints(inst.i64, inst.misaligned);
  std::vector<std::int32_t*> p32;
  std::vector<std::int64_t*> p64;
  for (auto& b : ints32) p32.push_back(b.data());
  for (auto& b : ints64) p64.push_back(b.data());

  if constexpr (requires { &Harness<Op>::template call_ints<T>; })
    Harness<Op>::template call_ints<T>(fn, c, std::span<T* const>(pointers), std::span<std::int32_t* const>(p32),
                                       std::span<std::int64_t* const>(p64), exec);
  else
    Harness<Op>::template call<T>(fn, c, std::span<T* const>(pointers), inst.labels.empty() ? nullptr : labels.data(),
                                  exec);

  RunRecord<T> rec;
  collect_ints(ints32, inst.i32, rec, rec.i32_outputs);
  collect_ints(ints64, inst.i64, rec, rec.i64_outputs);
  for (std::size_t i = 0; i < inst.args.size(); ++i) {
    const Arg<T>& a = inst.args[i];
    if (std::string damage = buffers[i].guard_damage(a.name); !damage.empty()) {
      rec.guard_damaged = true;
      rec.damage.push_back(damage);
    }
    if (a.role == Role::input)
      check_input(buffers[i], a.init, a.name, a.dims, a.dim_names, rec);
    else
      rec.outputs.emplace_back(buffers[i].span().begin(), buffers[i].span().end());
  }
  if (!inst.labels.empty()) {
    if (std::string damage = labels.guard_damage("labels"); !damage.empty()) {
      rec.guard_damaged = true;
      rec.damage.push_back(damage);
    }
    check_input(labels, inst.labels, "labels", {static_cast<std::int64_t>(inst.labels.size())}, "i", rec);
  }
  return rec;
}

// Compares `got` with `want` output by output. strict_bits: identical bits (thread-count
// reproducibility); otherwise each output's Tolerance. Findings go into `r`.
template <class T>
void compare_outputs(const Instance<T>& inst, const std::vector<Tolerance>& tolerances,
                     const std::vector<std::vector<T>>& got, const std::vector<std::vector<T>>& want,
                     const std::string& got_label, const std::string& want_label, bool strict_bits, VariantResult& r) {
  constexpr int kShown = 3;  // mismatches described per output
  std::size_t k = 0;
  for (const Arg<T>& a : inst.args) {
    if (a.role == Role::input) continue;
    const Tolerance& tol = tolerances.at(k);
    const std::vector<T>& g = got.at(k);
    const std::vector<T>& w = want.at(k);
    ++k;
    std::int64_t bad = 0, unwritten = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
      const bool never_written = same_bits(g[i], poison_value<T>());
      const bool ok = !never_written && (strict_bits || tol.bitwise ? same_bits(g[i], w[i])
                                         : tol.exact                  ? exactly_equal(g[i], w[i])
                                                                      : within_tolerance(g[i], w[i], tol.abs[i]));
      if (ok) continue;
      if (never_written)
        ++unwritten;
      else
        ++bad;
      if (bad + unwritten <= kShown) {
        std::string allowed = strict_bits || tol.bitwise ? "identical bits"
                              : tol.exact                  ? "exact"
                                                           : detail::show_bound(tol.abs[i]);
        r.failures.push_back(element_name(a.name, a.dims, a.dim_names, static_cast<std::int64_t>(i)) + ": " +
                             got_label + " " + show_value(g[i]) + ", " + want_label + " " + show_value(w[i]) +
                             " (allowed: " + allowed + ")");
      }
    }
    if (bad + unwritten > 0)
      note_mismatches(name_of("'", a.name, "': ", bad, " wrong and ", unwritten, " never-written of ", g.size(),
                              " elements (", got_label, " vs ", want_label, "; rule: ",
                              strict_bits ? "bitwise across thread counts" : tol.rule, ")"),
                      bad, unwritten, strict_bits, r);
  }
}

template <class T>
void compare_records(const Instance<T>& inst, const std::vector<Tolerance>& tolerances, const RunRecord<T>& got,
                     const RunRecord<T>& want, const std::string& got_label, const std::string& want_label,
                     bool strict_bits, VariantResult& r) {
  compare_outputs(inst, tolerances, got.outputs, want.outputs, got_label, want_label, strict_bits, r);
  compare_ints(inst.i32, got.i32_outputs, want.i32_outputs, got_label, want_label, strict_bits, r);
  compare_ints(inst.i64, got.i64_outputs, want.i64_outputs, got_label, want_label, strict_bits, r);
}

template <class T>
void absorb_damage(const RunRecord<T>& rec, const std::string& label, VariantResult& r) {
  for (const auto& d : rec.damage) r.failures.push_back(label + ": " + d);
  r.guard_damaged = r.guard_damaged || rec.guard_damaged;
  r.input_modified = r.input_modified || rec.input_modified;
}

std::string isa_skip_reason(Isa needed);

}  // namespace detail

// Runs the op's double-precision reference on transformed copies of the instance's inputs: |x|
// for every input except the ones named in `keep_sign` (kept as they are, e.g. max pooling's x,
// whose winners must not change). With every input made non-negative a sum-of-products op
// returns S = sum |x_i * w_i| per output element, the scale of its rounding error.
// Returns one vector per output / in_out argument.
template <class Op, class T>
std::vector<std::vector<double>> reference_on_magnitudes(const typename Harness<Op>::Case& c, const Instance<T>& inst,
                                                         const std::vector<std::string>& keep_sign = {}) {
  const auto* ref = find_reference<Op, double>(core::variants_of<Op, double>());
  std::vector<std::vector<double>> buffers;
  for (const Arg<T>& a : inst.args) {
    bool keep = false;
    for (const auto& name : keep_sign) keep = keep || name == a.name;
    std::vector<double> v(a.init.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double x = static_cast<double>(a.init[i]);  // exact: float -> double
      v[i] = keep ? x : std::fabs(x);
    }
    buffers.push_back(std::move(v));
  }
  std::vector<double*> pointers;
  for (auto& b : buffers) pointers.push_back(b.data());
  Harness<Op>::template call<double>(ref->run, c, std::span<double* const>(pointers),
                                     inst.labels.empty() ? nullptr : inst.labels.data(), default_exec());
  std::vector<std::vector<double>> out;
  for (std::size_t i = 0; i < inst.args.size(); ++i)
    if (inst.args[i].role != Role::input) out.push_back(std::move(buffers[i]));
  return out;
}

// The tolerance for an output whose elements are sums of at most k products (or terms) with
// magnitude sum S: the reference and the variant are each within gamma_k * S of the exact value,
// so they differ by at most 2 * gamma_k * S. S itself comes from a double-precision sum of
// non-negative terms (relative error <= gamma_k in double), hence the final factor.
template <class T>
Tolerance dot_product_bound(const std::vector<double>& magnitudes, std::int64_t k, const std::string& what) {
  Tolerance t;
  t.exact = false;
  const double factor =
      2 * rounding_gamma(k, unit_roundoff<T>()) * (1 + 2 * rounding_gamma(k, unit_roundoff<double>()));
  t.abs.resize(magnitudes.size());
  for (std::size_t i = 0; i < magnitudes.size(); ++i) t.abs[i] = factor * magnitudes[i];
  t.rule = name_of("|diff| <= 2*gamma_K*sum|terms|, K = ", k, " (", what, ")");
  return t;
}

// Checks variant `v` of `list` on case `c` (data drawn with `seed`) against the list's reference.
template <class Op, class T>
VariantResult check_variant(std::span<const core::Variant<Op, T>> list, const core::Variant<Op, T>& v,
                            const typename Harness<Op>::Case& c, std::uint64_t seed) {
  VariantResult r;
  r.variant = v.name;
  const auto fail = [&](std::string message) {
    r.failures.push_back(std::move(message));
    r.outcome = VariantResult::Outcome::failed;
    return r;
  };
  const core::Variant<Op, T>* ref = find_reference<Op, T>(list);
  if (!ref) return fail(std::string("the list has no reference entry '") + to_string(Op::id) + ".ref'");
  if (static_cast<int>(v.isa) > static_cast<int>(detected_isa())) {
    r.outcome = VariantResult::Outcome::skipped;
    r.skip_reason = detail::isa_skip_reason(v.isa);
    return r;
  }

  RandomFill rng(seed);
  const Instance<T> inst = Harness<Op>::template make<T>(c, rng);
  const std::vector<Tolerance> tolerances = Harness<Op>::template tolerances<T>(c, inst);

  if (ref->declines && ref->declines(c.problem, default_exec()))
    return fail(std::string("the reference declines the problem: ") + ref->declines(c.problem, default_exec()));
  const detail::RunRecord<T> want = detail::run_once<Op, T>(ref->run, c, inst, default_exec());
  {
    VariantResult ref_check;
    detail::absorb_damage(want, "reference", ref_check);
    for (const auto& out : want.outputs)
      for (T x : out)
        if (same_bits(x, poison_value<T>())) ref_check.unwritten = true;
    for (const auto& out : want.i32_outputs)
      for (std::int32_t x : out)
        if (x == poison_value<std::int32_t>()) ref_check.unwritten = true;
    for (const auto& out : want.i64_outputs)
      for (std::int64_t x : out)
        if (x == poison_value<std::int64_t>()) ref_check.unwritten = true;
    if (!ref_check.failures.empty() || ref_check.unwritten) {
      r.reference_failed = true;
      for (auto& f : ref_check.failures) r.failures.push_back(std::move(f));
      if (ref_check.unwritten) r.failures.push_back("the reference left output elements unwritten");
      return fail("the reference misbehaved; no comparison possible");
    }
  }

  if (v.threading == Threading::serial) {
    if (v.declines) {
      if (const char* why = v.declines(c.problem, forced_exec())) {
        r.outcome = VariantResult::Outcome::skipped;
        r.skip_reason = std::string("declines the problem: ") + why;
        return r;
      }
    }
    const detail::RunRecord<T> got = detail::run_once<Op, T>(v.run, c, inst, forced_exec());
    detail::absorb_damage(got, v.name, r);
    detail::compare_records(inst, tolerances, got, want, v.name, "reference", false, r);
  } else {
    const ThreadingPolicy policy = v.threading == Threading::openmp ? ThreadingPolicy::openmp : ThreadingPolicy::tbb;
    detail::RunRecord<T> first_outputs;
    int first_threads = 0;
    std::string declined_reasons;
    for (int n : kThreadCounts) {
      // Forced, as a test is: a threaded variant must compute any problem it is given, even one
      // too small to be worth threads when it is merely selected.
      const core::Exec exec{policy, n, true};
      if (v.declines) {
        if (const char* why = v.declines(c.problem, exec)) {
          r.notes.push_back(name_of("declines with ", n, " thread(s): ", why));
          declined_reasons += name_of(declined_reasons.empty() ? "" : "; ", n, " threads: ", why);
          continue;
        }
      }
      const std::string label = name_of(v.name, " @", n, " threads");
      // Every run gets the team it asks for, whatever an earlier (noisy) run taught the governor.
      core::reset_governor();
      const detail::RunRecord<T> got = detail::run_once<Op, T>(v.run, c, inst, exec);
      r.thread_counts.push_back(n);
      detail::absorb_damage(got, label, r);
      detail::compare_records(inst, tolerances, got, want, label, "reference", false, r);
      if (first_threads == 0) {
        first_threads = n;
        first_outputs = got;
      } else {
        detail::compare_records(inst, tolerances, got, first_outputs, label, name_of("@", first_threads, " threads"),
                                true, r);
      }
    }
    // A worker that sleeps holding each chunk it claims (the others take the rest) must not change
    // the bits either: at 3 threads, against the first thread count's result.
    if (kDelayedWorkerRun && first_threads != 0 && !(v.declines && v.declines(c.problem, core::Exec{policy, 3, true}))) {
      const DelayedWorker delayed;
      const detail::RunRecord<T> got = detail::run_once<Op, T>(v.run, c, inst, core::Exec{policy, 3, true});
      const std::string label = name_of(v.name, " @3 threads, one worker delayed");
      detail::absorb_damage(got, label, r);
      detail::compare_records(inst, tolerances, got, first_outputs, label, name_of("@", first_threads, " threads"),
                              true, r);
    }
    // Threads must not change the bits: the serial sibling (same algorithm, one thread) must agree.
    if (const auto* sibling = find_serial_sibling<Op, T>(list, v); sibling && first_threads != 0 &&
                                                                    !(sibling->declines && sibling->declines(c.problem, forced_exec()))) {
      const detail::RunRecord<T> serial = detail::run_once<Op, T>(sibling->run, c, inst, forced_exec());
      detail::compare_records(inst, tolerances, first_outputs, serial, name_of(v.name, " @", first_threads, " threads"),
                              sibling->name, true, r);
    }
    if (r.thread_counts.empty()) {
      r.outcome = VariantResult::Outcome::skipped;
      r.skip_reason = "declines the problem at every thread count tried (" + declined_reasons + ")";
      return r;
    }
  }
  if (!r.failures.empty()) r.outcome = VariantResult::Outcome::failed;
  return r;
}

}  // namespace cnnkit::test::equiv
