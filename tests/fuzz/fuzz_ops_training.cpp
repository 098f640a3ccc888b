// Softmax cross-entropy (probability rows or class indices, loss alone or with the gradient):
// compared within a relative bound whose scale follows the formula, NaN and infinities exactly
// the reference's. Adam (every form, hostile hyper-parameters): the reference's bits.
#include <cmath>
#include <limits>

#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {
namespace {

template <class T>
std::vector<T> values(const Tensor& t) {
  std::vector<T> v(t.init.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), t.init.data(), t.init.size());
  return v;
}

// Scales of the loss and of each gradient entry: the loss sums l * (x - max - lse), each term off
// by a few ulps of |l| * (|x - max| + lse + 1); a gradient entry p * sum(l) - l is off by a few
// ulps of sum|l| + |l|. Taken over the finite values only: non-finite ones must give the
// reference's NaN or infinity (checked while the scale is in range), and a scale beyond the type's
// range means finite intermediates may overflow, in an order-dependent way (nothing is checked).
template <class T>
void set_softmax_scales(Tensor& loss, Tensor* grad, const std::vector<T>& x, const std::vector<double>& labels,
                        std::int64_t m, std::int64_t classes) {
  double loss_scale = 0;
  if (grad) grad->scale.assign(x.size(), 0.0);
  const auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
  for (std::int64_t i = 0; i < m; ++i) {
    double mx = -std::numeric_limits<double>::infinity(), lse = 0, label_sum = 0;
    for (std::int64_t j = 0; j < classes; ++j)
      if (std::isfinite(static_cast<double>(x[i * classes + j]))) mx = std::fmax(mx, static_cast<double>(x[i * classes + j]));
    for (std::int64_t j = 0; j < classes; ++j) {
      const double xv = static_cast<double>(x[i * classes + j]);
      if (std::isfinite(xv)) lse += std::exp(xv - mx);
      label_sum += std::fabs(finite(labels[i * classes + j]));
    }
    lse = lse > 0 ? std::log(lse) : 0;
    for (std::int64_t j = 0; j < classes; ++j) {
      const double l = std::fabs(finite(labels[i * classes + j]));
      const double xv = static_cast<double>(x[i * classes + j]);
      if (l != 0) loss_scale += l * ((std::isfinite(xv) ? std::fabs(xv - mx) : 0.0) + std::fabs(lse) + 1);
      if (grad) grad->scale[i * classes + j] = (label_sum + l) / static_cast<double>(m);
    }
  }
  loss.scale = {loss_scale / static_cast<double>(m)};
}

template <class T>
Case softmax_case(FuzzInput& in) {
  const std::int64_t m = in.size(1, 12), classes = in.size(1, in.flag() ? 10 : 300);
  const bool index = in.flag(), with_grad = in.flag();
  const std::int64_t count = checked_count({m, classes});
  Case c;
  c.tensors.push_back(input_tensor<T>("logits", count, in));
  c.tensors.push_back(index ? index_tensor("labels", m, classes, in) : input_tensor<T>("labels", count, in));
  c.tensors.push_back(output_tensor<T>("loss", 1));
  c.tensors.push_back(output_tensor<T>("dlogits", with_grad ? count : 0));
  for (int i = 2; i < 4; ++i) {
    c.tensors[i].compare = Compare::loose;
    c.tensors[i].loose_tolerance = 64 + 4 * static_cast<double>(classes);
  }
  if (count > 0 && count <= max_alloc && m <= max_alloc) {
    const std::vector<T> x = values<T>(c.tensors[0]);
    std::vector<double> labels(static_cast<std::size_t>(count), 0.0);
    if (index) {
      const auto idx = values<std::int64_t>(c.tensors[1]);
      for (std::int64_t i = 0; i < m; ++i)
        if (idx[i] >= 0 && idx[i] < classes) labels[i * classes + idx[i]] = 1;
    } else {
      const auto l = values<T>(c.tensors[1]);
      for (std::size_t i = 0; i < l.size(); ++i) labels[i] = static_cast<double>(l[i]);
    }
    set_softmax_scales<T>(c.tensors[2], with_grad ? &c.tensors[3] : nullptr, x, labels, m, classes);
  }
  c.what = std::string("softmax_cross_entropy") + (index ? " (class indices)" : " (probability rows)") +
           (with_grad ? "" : " (loss only)") + " m " + std::to_string(m) + " classes " + std::to_string(classes);
  c.call = [=](const Settings& s, const RunBuffers& b) {
    const T* logits = b.get<T>(0);
    T* loss = b.get<T>(2);
    T* grad = with_grad ? b.get<T>(3) : nullptr;
    if (s.api == Api::cpp)
      return capture([&] {
        const MatrixView<T> g(grad, with_grad ? m : 0, with_grad ? classes : 0);
        *loss = index ? softmax_cross_entropy<T>({logits, m, classes}, {b.get<std::int64_t>(1), m}, g, s.ctx)
                      : softmax_cross_entropy<T>({logits, m, classes}, {b.get<T>(1), m, classes}, g, s.ctx);
      });
    const cnnkit_matrix grad_shape = with_grad ? c_matrix(m, classes) : c_matrix(0, 0);
    if (index)
      return from_c(CAbi<T>::softmax_cross_entropy_index(s.c_ctx, logits, c_matrix(m, classes), b.get<std::int64_t>(1), m,
                                                         loss, grad, grad_shape));
    return from_c(CAbi<T>::softmax_cross_entropy(s.c_ctx, logits, c_matrix(m, classes), b.get<T>(1),
                                                 c_matrix(m, classes), loss, grad, grad_shape));
  };
  return c;
}

template <class T>
Case adam_case(FuzzInput& in) {
  AdamParams p;
  p.lr = in.real_param(1e-5, 1.0);
  p.beta1 = in.real_param(0.0, 0.999);
  p.beta2 = in.real_param(0.0, 0.9999);
  p.eps = in.real_param(1e-12, 1e-3);
  p.step = in.size(1, 10000);
  p.style = static_cast<AdamStyle>(in.hostile() && in.pick<int>(0, 7) == 0 ? 5 : in.pick<int>(0, 1));
  p.weight_decay = in.flag() ? 0.0 : in.real_param(0.0, 0.1);
  p.decoupled_weight_decay = in.flag();
  const std::int64_t count = in.flag() ? in.size(1, 100) : in.size(1, 20000);
  Case c;
  c.tensors.push_back(input_tensor<T>("param", count, in));
  c.tensors.push_back(input_tensor<T>("grad", count, in));
  c.tensors.push_back(input_tensor<T>("m", count, in));
  c.tensors.push_back(input_tensor<T>("v", count, in));
  // Every variant repeats the reference's IEEE operations in its order: the same bits (NaN payloads aside).
  for (int i : {0, 2, 3}) {
    c.tensors[i].output = true;
    c.tensors[i].compare = Compare::exact;
  }
  // v is a second moment: a negative one is the caller's error the op does not promise to detect.
  if (!c.tensors[3].init.empty())
    for (std::size_t i = 0; i < c.tensors[3].init.size(); i += sizeof(T)) {
      T v;
      std::memcpy(&v, &c.tensors[3].init[i], sizeof v);
      v = std::fabs(v);
      std::memcpy(&c.tensors[3].init[i], &v, sizeof v);
    }
  c.what = "adam_step count " + std::to_string(count) + " lr " + std::to_string(p.lr) + " beta1 " +
           std::to_string(p.beta1) + " beta2 " + std::to_string(p.beta2) + " eps " + std::to_string(p.eps) +
           " step " + std::to_string(p.step) + " style " + std::to_string(static_cast<int>(p.style)) + " wd " +
           std::to_string(p.weight_decay) + (p.decoupled_weight_decay ? " decoupled" : "");
  c.call = [=](const Settings& s, const RunBuffers& b) {
    if (s.api == Api::cpp)
      return capture([&] {
        adam_step<T>({b.get<T>(0), count}, {b.get<T>(1), count}, {b.get<T>(2), count}, {b.get<T>(3), count}, p, s.ctx);
      });
    const cnnkit_adam_params cp{p.lr,   p.beta1,
                                p.beta2, p.eps,
                                p.weight_decay, p.step,
                                static_cast<int32_t>(p.style), p.decoupled_weight_decay ? 1 : 0};
    return from_c(CAbi<T>::adam_step(s.c_ctx, b.get<T>(0), count, b.get<T>(1), count, b.get<T>(2), count, b.get<T>(3),
                                       count, &cp));
  };
  return c;
}

}  // namespace

template <class T>
Case training_case(FuzzInput& in, OpId op) {
  Case c = op == OpId::adam ? adam_case<T>(in) : softmax_case<T>(in);
  c.op = op;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  return c;
}

template Case training_case<float>(FuzzInput&, OpId);
template Case training_case<double>(FuzzInput&, OpId);

}  // namespace cnnkit::fuzz
