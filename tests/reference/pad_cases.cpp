// Fixture ops zero_pad (the seeds' helper) and pad (a constant `value`, golden set).
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/case_params.hpp"
#include "reference/case_runner.hpp"
#include "reference/reference_context.hpp"

namespace cnnkit::test {
namespace {

template <class T>
void pad_case(const FixtureCase& c, double value) {
  const CaseIo<T> io(c);
  const Padding pad = padding_params(c);
  const NhwcShape xs = io.nhwc("x");
  const std::vector<T> x = io.input("x");
  const NhwcShape ys = pad_output_shape(xs, pad);
  std::vector<T> y(count(ys));
  cnnkit::pad<T>({x.data(), xs}, {y.data(), ys}, pad, static_cast<T>(value), reference_context());
  io.check("y", dims(ys), y);
}

}  // namespace

void run_zero_pad_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? pad_case<double>(c, 0.0) : pad_case<float>(c, 0.0);
}

void run_pad_case(const FixtureCase& c, Precision precision) {
  const double value = c.double_param("value");
  precision == Precision::f64 ? pad_case<double>(c, value) : pad_case<float>(c, value);
}

}  // namespace cnnkit::test
