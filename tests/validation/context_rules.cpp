// Validation rules of contexts and the dispatch table's name-based functions: the setters,
// forcing a variant, listing variants. A failing setter must leave the context as it was.
#include <memory>
#include <sstream>

#include "api/c_api_support.hpp"  // cnnkit_context's definition, to read a C handle's settings
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

enum class Setter { max_isa, threading, num_threads, verbose, force_by_name, force_by_id, create };

std::string settings(const Context& ctx) {
  std::ostringstream o;
  o << "isa " << to_string(ctx.max_isa()) << ", threading " << to_string(ctx.threading()) << ", threads "
    << ctx.num_threads() << ", verbose " << ctx.verbose() << ", forced:";
  for (OpId op : all_ops()) o << " " << ctx.forced_variant(op);
  return o.str();
}

// One setter call on a C++ context and on a C handle, both starting from the same non-default
// settings (so that a failing call that reset something would show).
struct SetterCall {
  using Real = void;
  Setter setter = Setter::num_threads;
  int value = 2;
  const char* op = "conv2d_fwd";
  const char* variant = "conv2d_fwd.ref";
  OpId op_id = OpId::conv2d_fwd;
  std::shared_ptr<Context> cpp_ctx;
  std::shared_ptr<cnnkit_context> c_ctx;

  static SetterCall baseline(Arena&) {
    SetterCall c;
    c.cpp_ctx = std::make_shared<Context>(Context::defaults());
    cnnkit_context* handle = nullptr;
    if (cnnkit_context_create(&handle) != CNNKIT_STATUS_OK) throw std::runtime_error(cnnkit_last_error());
    c.c_ctx = std::shared_ptr<cnnkit_context>(handle, cnnkit_context_destroy);
    for (Context* ctx : {c.cpp_ctx.get(), &c.c_ctx->impl}) {
      ctx->set_num_threads(3).set_threading(ThreadingPolicy::serial).set_max_isa(Isa::sse4_2);
      ctx->force_variant("relu_fwd", "relu_fwd.ref");
    }
    return c;
  }
  void cpp() const {
    Context& ctx = *cpp_ctx;
    switch (setter) {
      case Setter::max_isa:
        ctx.set_max_isa(static_cast<Isa>(value));
        break;
      case Setter::threading:
        ctx.set_threading(static_cast<ThreadingPolicy>(value));
        break;
      case Setter::num_threads:
        ctx.set_num_threads(value);
        break;
      case Setter::verbose:
        ctx.set_verbose(value != 0);
        break;
      case Setter::force_by_name:
        ctx.force_variant(op ? op : "", variant ? variant : "");
        break;
      case Setter::force_by_id:
        ctx.force_variant(op_id, variant ? variant : "");
        break;
      case Setter::create:
        break;
    }
  }
  cnnkit_status c() const {
    cnnkit_context* ctx = c_ctx.get();
    switch (setter) {
      case Setter::max_isa:
        return cnnkit_set_max_isa(ctx, value);
      case Setter::threading:
        return cnnkit_set_threading(ctx, value);
      case Setter::num_threads:
        return cnnkit_set_num_threads(ctx, value);
      case Setter::verbose:
        return cnnkit_set_verbose(ctx, value);
      case Setter::force_by_name:
        return cnnkit_force_variant(ctx, op, variant);
      case Setter::force_by_id:
        break;
      case Setter::create:
        return cnnkit_context_create(nullptr);
    }
    return CNNKIT_STATUS_INTERNAL_ERROR;  // no C form
  }
  std::string state() const { return settings(*cpp_ctx) + " | " + settings(c_ctx->impl); }
};

// list_variants: C++ by OpId and DType; C by name, with its output array and count in the arena.
struct ListCall {
  using Real = void;
  struct Output {
    cnnkit_variant_info infos[4];
    std::int32_t count;
  };
  OpId op_id = OpId::conv2d_fwd;
  const char* op = "conv2d_fwd";
  int dtype = 0;
  int capacity = 4;
  bool count_null = false;
  Output* output;

  static ListCall baseline(Arena& a) {
    ListCall c;
    c.output = a.object(Output{});
    c.output->count = -9;
    return c;
  }
  void cpp() const { list_variants(op_id, static_cast<DType>(dtype), Context::defaults()); }
  cnnkit_status c() const {
    return cnnkit_list_variants(nullptr, op, dtype, output->infos, capacity, count_null ? nullptr : &output->count);
  }
};

void add_setters(std::vector<Rule>& out) {
  using C = SetterCall;
  const std::vector<std::string> isa{"'isa'", "one of scalar, sse4_2, avx2_fma, avx512"};
  const std::vector<std::string> policy{"'policy'", "one of auto, serial, openmp, tbb"};
  const std::vector<std::string> no_such_variant{"'variant'", "is not a variant of conv2d_fwd",
                                                 valid_variant_choices(OpId::conv2d_fwd)};
  RuleBuilder<C>(out, "context")
      .succeeds("force_valid_variant", [](C& c, Arena&) { c.setter = Setter::force_by_name; })
      .succeeds("force_auto_clears",
                [](C& c, Arena&) {
                  c.setter = Setter::force_by_name;
                  c.variant = "auto";
                })
      .fails("max_isa_4", with(isa, "got value 4"),
             [](C& c, Arena&) {
               c.setter = Setter::max_isa;
               c.value = 4;
             })
      .fails("max_isa_negative", isa,
             [](C& c, Arena&) {
               c.setter = Setter::max_isa;
               c.value = -1;
             })
      .fails("threading_4", with(policy, "got value 4"),
             [](C& c, Arena&) {
               c.setter = Setter::threading;
               c.value = 4;
             })
      .fails("threading_negative", policy,
             [](C& c, Arena&) {
               c.setter = Setter::threading;
               c.value = -2;
             })
      .fails("num_threads_negative", {"'num_threads'", "expected >= 0", "got -1"}, [](C& c, Arena&) { c.value = -1; })
      .fails("force_unknown_op", {"'op'", "'conv9d' is not an op", "valid choices: pad, conv2d_fwd, conv2d_bwd_data"},
             [](C& c, Arena&) {
               c.setter = Setter::force_by_name;
               c.op = "conv9d";
             })
      .fails("force_empty_op", {"'op'", "is not an op"},
             [](C& c, Arena&) {
               c.setter = Setter::force_by_name;
               c.op = "";
             })
      .fails("force_unknown_variant", with(no_such_variant, "'conv2d_fwd.nope'"),
             [](C& c, Arena&) {
               c.setter = Setter::force_by_name;
               c.variant = "conv2d_fwd.nope";
             })
      .fails("force_variant_of_another_op", with(no_such_variant, "'pool2d_fwd.ref'"),
             [](C& c, Arena&) {
               c.setter = Setter::force_by_name;
               c.variant = "pool2d_fwd.ref";
             })
      .fails(
          "force_op_id_out_of_range", {"'op'", "expected an OpId", "got value 99"},
          [](C& c, Arena&) {
            c.setter = Setter::force_by_id;
            c.op_id = static_cast<OpId>(99);
          },
          Api::cpp_only)
      .fails(
          "force_op_null", null_pointer("op"),
          [](C& c, Arena&) {
            c.setter = Setter::force_by_name;
            c.op = nullptr;
          },
          Api::c_only)
      .fails(
          "verbose_2", c_boolean("verbose"),
          [](C& c, Arena&) {
            c.setter = Setter::verbose;
            c.value = 2;
          },
          Api::c_only)
      .fails(
          "create_null", null_pointer("ctx"), [](C& c, Arena&) { c.setter = Setter::create; }, Api::c_only);
}

void add_list(std::vector<Rule>& out) {
  using C = ListCall;
  RuleBuilder<C>(out, "list_variants")
      .succeeds("count_only", [](C& c, Arena&) { c.capacity = 0; })
      .fails(
          "op_id_out_of_range", {"'op'", "expected an OpId in [0, ", "got value 99"},
          [](C& c, Arena&) { c.op_id = static_cast<OpId>(99); }, Api::cpp_only)
      .fails(
          "op_id_negative", {"'op'", "got value -1"}, [](C& c, Arena&) { c.op_id = static_cast<OpId>(-1); },
          Api::cpp_only)
      .fails("dtype_2", {"'dtype'", "one of f32 (0), f64 (1)", "got value 2"}, [](C& c, Arena&) { c.dtype = 2; })
      .fails("dtype_negative", {"'dtype'", "one of f32 (0), f64 (1)"}, [](C& c, Arena&) { c.dtype = -1; })
      .fails(
          "unknown_op_name", {"'op'", "one of pad, conv2d_fwd", "got 'conv9d'"}, [](C& c, Arena&) { c.op = "conv9d"; },
          Api::c_only)
      .fails(
          "op_null", null_pointer("op"), [](C& c, Arena&) { c.op = nullptr; }, Api::c_only)
      .fails(
          "count_null", null_pointer("count"), [](C& c, Arena&) { c.count_null = true; }, Api::c_only)
      .fails(
          "capacity_negative", non_negative("capacity"), [](C& c, Arena&) { c.capacity = -1; }, Api::c_only);
}

}  // namespace

std::vector<Rule> context_rules() {
  std::vector<Rule> out;
  add_setters(out);
  add_list(out);
  return out;
}

}  // namespace cnnkit::test::validation
