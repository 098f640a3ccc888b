#include "common/layer.hpp"

#include <sstream>

#include "cnnkit/geometry.hpp"

namespace cnnkit::bench {
namespace {

std::string dims(const NhwcShape& s) {
  std::ostringstream o;
  o << s.n << "x" << s.h << "x" << s.w << "x" << s.c;
  return o.str();
}

std::string sides(const Padding& p) {
  std::ostringstream o;
  if (p.top == p.bottom && p.top == p.left && p.top == p.right)
    o << p.top;
  else
    o << p.top << "," << p.bottom << "," << p.left << "," << p.right;
  return o.str();
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

bool same_conv_params(const Conv2dParams& a, const Conv2dParams& b) {
  return a.stride_h == b.stride_h && a.stride_w == b.stride_w && a.pad == b.pad && a.dilation_h == b.dilation_h &&
         a.dilation_w == b.dilation_w && a.groups == b.groups;
}

bool same_pool_params(const Pool2dParams& a, const Pool2dParams& b) {
  return a.mode == b.mode && a.kernel_h == b.kernel_h && a.kernel_w == b.kernel_w && a.stride_h == b.stride_h &&
         a.stride_w == b.stride_w && a.pad == b.pad && a.ceil_mode == b.ceil_mode &&
         a.count_include_pad == b.count_include_pad && a.ties == b.ties;
}

bool same_adam_params(const AdamParams& a, const AdamParams& b) {
  return a.lr == b.lr && a.beta1 == b.beta1 && a.beta2 == b.beta2 && a.eps == b.eps && a.step == b.step &&
         a.style == b.style && a.weight_decay == b.weight_decay && a.decoupled_weight_decay == b.decoupled_weight_decay;
}

}  // namespace

bool same_geometry(const LayerSpec& a, const LayerSpec& b) {
  if (a.index() != b.index()) return false;
  return std::visit(Overloaded{
                        [&](const ConvLayer& l) {
                          const auto& r = std::get<ConvLayer>(b);
                          return l.x == r.x && l.w == r.w && same_conv_params(l.params, r.params) && l.bias == r.bias;
                        },
                        [&](const PoolLayer& l) {
                          const auto& r = std::get<PoolLayer>(b);
                          return l.x == r.x && same_pool_params(l.params, r.params);
                        },
                        [&](const EltwiseLayer& l) {
                          const auto& r = std::get<EltwiseLayer>(b);
                          return l.count == r.count && l.in_place == r.in_place;
                        },
                        [&](const PadLayer& l) {
                          const auto& r = std::get<PadLayer>(b);
                          return l.x == r.x && l.pad == r.pad && l.value == r.value;
                        },
                        [&](const DenseLayer& l) {
                          const auto& r = std::get<DenseLayer>(b);
                          return l.m == r.m && l.n_in == r.n_in && l.n_out == r.n_out && l.bias == r.bias;
                        },
                        [&](const SoftmaxXentLayer& l) {
                          const auto& r = std::get<SoftmaxXentLayer>(b);
                          return l.rows == r.rows && l.classes == r.classes && l.index_labels == r.index_labels &&
                                 l.want_grad == r.want_grad;
                        },
                        [&](const AdamLayer& l) {
                          const auto& r = std::get<AdamLayer>(b);
                          return l.count == r.count && same_adam_params(l.params, r.params);
                        },
                    },
                    a);
}

std::string summarize(const Layer& layer) {
  std::ostringstream o;
  std::visit(Overloaded{
                 [&](const ConvLayer& l) {
                   const NhwcShape y = conv2d_output_shape(l.x, l.w, l.params);
                   o << dims(l.x) << " -> " << dims(y) << " k" << l.w.kh << "x" << l.w.kw << " s" << l.params.stride_h
                     << "x" << l.params.stride_w << " pad " << sides(l.params.pad);
                   if (l.params.dilation_h != 1 || l.params.dilation_w != 1)
                     o << " dil " << l.params.dilation_h << "x" << l.params.dilation_w;
                   if (l.params.groups != 1) o << " groups " << l.params.groups;
                   if (!l.bias) o << " nobias";
                 },
                 [&](const PoolLayer& l) {
                   const NhwcShape y = pool2d_output_shape(l.x, l.params);
                   o << (l.params.mode == PoolMode::max ? "max " : "avg ") << dims(l.x) << " -> " << dims(y) << " k"
                     << l.params.kernel_h << "x" << l.params.kernel_w << " s" << l.params.stride_h << "x"
                     << l.params.stride_w << " pad " << sides(l.params.pad);
                   if (l.params.ceil_mode) o << " ceil";
                   if (l.params.mode == PoolMode::avg && l.params.count_include_pad) o << " include_pad";
                 },
                 [&](const EltwiseLayer& l) { o << l.count << " elements" << (l.in_place ? " in place" : ""); },
                 [&](const PadLayer& l) { o << dims(l.x) << " pad " << sides(l.pad); },
                 [&](const DenseLayer& l) {
                   o << l.m << "x" << l.n_in << " @ " << l.n_in << "x" << l.n_out << (l.bias ? "" : " nobias");
                 },
                 [&](const SoftmaxXentLayer& l) {
                   o << l.rows << "x" << l.classes << (l.index_labels ? " index labels" : " prob labels")
                     << (l.want_grad ? "" : " loss only");
                 },
                 [&](const AdamLayer& l) {
                   o << l.count << " params " << (l.params.style == AdamStyle::pytorch ? "pytorch" : "tf1");
                 },
             },
             layer.spec);
  return o.str();
}

}  // namespace cnnkit::bench
