// cnnkit.thread_plan: how an op's threaded variant would cut a problem across N threads and how
// evenly the work would land, without running it (cnnkit/thread_plan.hpp). The problem is a dict
// of shapes and parameters spelled as the ops' own keywords.
#include <pybind11/stl.h>

#include <set>
#include <string>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/thread_plan.hpp"
#include "conv_args.hpp"
#include "geometry_args.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

const std::set<std::string> kKeys = {"x_shape", "w_shape",     "stride",     "padding",          "dilation",
                                     "groups",  "kernel_size", "pool_stride", "mode",            "ceil_mode",
                                     "count_include_pad",      "bias",        "batch",           "in_features",
                                     "out_features",           "count"};

PlanProblem plan_problem(const ArrayArgs& args, const std::string& op, const py::dict& d) {
  for (const auto& item : d) {
    const auto key = py::str(item.first).cast<std::string>();
    if (!kKeys.contains(key)) {
      std::string valid;
      for (const auto& k : kKeys) valid += (valid.empty() ? "" : ", ") + k;
      args.invalid("problem has an unknown key '" + key + "'; the keys are " + valid);
    }
  }
  const auto get = [&](const char* key) -> py::handle { return d.contains(key) ? py::handle(d[key]) : py::none(); };
  const auto int_of = [&](const char* key) {
    const auto v = shape_arg(args, (std::string("problem['") + key + "']").c_str(), py::make_tuple(get(key)), 1);
    return v[0];
  };
  PlanProblem p;
  if (!get("x_shape").is_none()) {
    const auto x = shape_arg(args, "problem['x_shape']", get("x_shape"), 4);
    p.x = {x[0], x[1], x[2], x[3]};
  }
  if (!get("w_shape").is_none()) {
    const auto w = shape_arg(args, "problem['w_shape']", get("w_shape"), 4);
    p.w = {w[0], w[1], w[2], w[3]};
  }
  const py::object padding = get("padding").is_none() ? py::object(py::int_(0)) : py::reinterpret_borrow<py::object>(get("padding"));
  if (op.rfind("conv2d", 0) == 0) {
    const ConvArgs conv(args, get("stride").is_none() ? py::int_(1) : get("stride"), padding,
                        get("dilation").is_none() ? py::int_(1) : get("dilation"),
                        get("groups").is_none() ? 1 : int_of("groups"));
    p.conv = conv.params(p.x.h, p.x.w, p.w.kh, p.w.kw);
  } else if (op.rfind("pool2d", 0) == 0) {
    if (get("kernel_size").is_none()) args.invalid("problem['kernel_size'] is needed for a pool2d plan");
    const HwPair k = hw_pair(args, "problem['kernel_size']", get("kernel_size"));
    const HwPair s = get("pool_stride").is_none() ? k : hw_pair(args, "problem['pool_stride']", get("pool_stride"));
    p.pool.kernel_h = k.h, p.pool.kernel_w = k.w, p.pool.stride_h = s.h, p.pool.stride_w = s.w;
    if (!get("mode").is_none()) p.pool.mode = pool_mode_arg(args, get("mode"));
    p.pool.ceil_mode = !get("ceil_mode").is_none() && get("ceil_mode").cast<bool>();
    p.pool.count_include_pad = !get("count_include_pad").is_none() && get("count_include_pad").cast<bool>();
    p.pool.pad = padding_arg(args, "problem['padding']", padding).resolve(p.x.h, p.x.w, k, s);
  } else if (op == "pad") {
    const PaddingArg pad = padding_arg(args, "problem['padding']", padding);
    if (pad.same) args.invalid("problem['padding']='same' has no meaning for pad");
    p.pad = pad.explicit_pad;
  }
  p.bias = !get("bias").is_none() && get("bias").cast<bool>();
  if (!get("batch").is_none()) p.batch = int_of("batch");
  if (!get("in_features").is_none()) p.in_features = int_of("in_features");
  if (!get("out_features").is_none()) p.out_features = int_of("out_features");
  if (!get("count").is_none()) p.count = int_of("count");
  return p;
}

}  // namespace

void bind_thread_plan(py::module_& m) {
  m.def(
      "thread_plan",
      [](const std::string& op, int threads, const py::dict& problem, py::handle dtype, py::handle ctx) {
        ArrayArgs args("thread_plan");
        const Context& context = call_context(ctx);
        const auto id = parse_op(op);
        if (!id) args.invalid("unknown op '" + op + "' (cnnkit.ops() lists them)");
        const PlanProblem p = plan_problem(args, op, problem);
        const auto named = float_type_named(dtype);
        if (!named) args.type_error("dtype must be float32 or float64, got " + py::repr(dtype).cast<std::string>());
        const ThreadPlan plan = thread_plan(*id, *named == FloatType::f32 ? DType::f32 : DType::f64, p, threads, context);
        py::dict out;
        out["variant"] = plan.variant;
        out["threading"] = std::string(to_string(plan.threading));
        out["threads"] = plan.threads;
        out["team"] = plan.team;
        out["unit"] = plan.unit;
        out["tiles"] = plan.tiles;
        out["grain"] = plan.grain;
        out["chunks"] = plan.chunks;
        out["tile_work_min"] = plan.tile_work_min;
        out["tile_work_max"] = plan.tile_work_max;
        out["chunk_work"] = plan.chunk_work;
        out["thread_work"] = plan.thread_work;
        out["load_balance"] = plan.load_balance;
        out["note"] = plan.note;
        return out;
      },
      py::arg("op"), py::arg("threads"), py::arg("problem"), py::kw_only(), py::arg("dtype") = "float32",
      py::arg("ctx") = py::none(), R"doc(
The thread plan of `op` on a data-free problem at `threads` threads, under ctx's settings (ISA cap,
runtime, forced variants; its thread count is replaced by `threads`): the variant dispatch would run
(or why the threaded ones decline, in 'note'), its tiles and their cost, the chunks the dynamic
schedule hands out, each thread's expected work and load_balance = mean / max of it. Returns a dict.

problem: the op's shapes and parameters, spelled as the ops' keywords:
  conv2d_*: x_shape (the forward input; dx's for conv2d_bwd_data), w_shape, stride, padding,
            dilation, groups, bias;  pool2d_*: x_shape, kernel_size, pool_stride, mode, padding,
            ceil_mode, count_include_pad;  pad: x_shape, padding;  relu_*, adam: count;
  dense_*: batch, in_features, out_features, bias;  softmax_xent: batch, in_features (classes).)doc");
}

}  // namespace cnnkit::python
