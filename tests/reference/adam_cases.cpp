// Fixture op adam: `steps` consecutive updates (default 1) from param, m, v at step t, t+1, ...
// With steps S > 1, grad.npy holds one gradient per update: shape (S,) + param's shape.
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/case_params.hpp"
#include "reference/case_runner.hpp"
#include "reference/reference_context.hpp"

namespace cnnkit::test {
namespace {

template <class T>
void adam_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  AdamParams p = adam_params(c);
  const std::int64_t steps = c.int_param_or("steps", 1);
  const std::vector<std::int64_t> shape = io.shape("param");
  if (io.shape("m") != shape || io.shape("v") != shape) throw FixtureError(c.dir() + ": m and v need param's shape");
  std::vector<std::int64_t> grad_shape = shape;
  if (c.has_param("steps")) grad_shape.insert(grad_shape.begin(), steps);
  if (steps < 1 || io.shape("grad") != grad_shape)
    throw FixtureError(c.dir() + "/grad.npy: expected (steps,) + param's shape when `steps` is given, else param's shape");

  std::vector<T> param = io.input("param"), m = io.input("m"), v = io.input("v");
  const std::vector<T> grads = io.input("grad");
  const auto n = static_cast<std::int64_t>(param.size());
  const std::int64_t first_step = p.step;
  for (std::int64_t s = 0; s < steps; ++s) {
    p.step = first_step + s;
    adam_step<T>({param.data(), n}, {grads.data() + s * n, n}, {m.data(), n}, {v.data(), n}, p, reference_context());
  }
  io.check("y", shape, param);
  io.check("m_out", shape, m);
  io.check("v_out", shape, v);
}

}  // namespace

void run_adam_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? adam_case<double>(c) : adam_case<float>(c);
}

}  // namespace cnnkit::test
