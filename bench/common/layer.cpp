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

}  // namespace

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
