#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {

unsigned char* Arena::allocate(std::size_t bytes) {
  buffers_.emplace_back(bytes == 0 ? 1 : bytes);
  return buffers_.back().data();
}

void Arena::snapshot() { saved_ = buffers_; }

std::string Arena::changed() const {
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    if (buffers_[i] != saved_[i]) return "buffer #" + std::to_string(i) + " (in allocation order)";
  return "";
}

std::vector<std::string> null_pointer(const std::string& a) { return {"'" + a + "'", "a non-null data pointer"}; }
std::vector<std::string> nhwc_dims(const std::string& a) {
  return {"'" + a + "'", "a shape (n, h, w, c) with every dimension >= 1"};
}
std::vector<std::string> hwio_dims(const std::string& a) {
  return {"'" + a + "'", "a shape (kh, kw, c_in/groups, c_out) with every dimension >= 1"};
}
std::vector<std::string> matrix_dims(const std::string& a) {
  return {"'" + a + "'", "a shape (rows, cols) with both dimensions >= 1"};
}
std::vector<std::string> size_positive(const std::string& a) { return {"'" + a + "'", "a size >= 1"}; }
std::vector<std::string> too_many_elements(const std::string& a) { return {"'" + a + "'", "fits in memory"}; }
std::vector<std::string> positive(const std::string& a) { return {"'" + a + "'", "expected a value >= 1"}; }
std::vector<std::string> non_negative(const std::string& a) { return {"'" + a + "'", "expected a value >= 0"}; }
std::vector<std::string> overlap(const std::string& out, const std::string& other) {
  return {"'" + out + "'", "memory that does not overlap '" + other + "'"};
}
std::vector<std::string> partial_overlap(const std::string& out, const std::string& other) {
  return {"'" + out + "'", "either exactly '" + other + "' (in place) or memory disjoint from it"};
}
std::vector<std::string> c_boolean(const std::string& a) { return {"'" + a + "'", "expected 0 or 1"}; }
std::vector<std::string> with(std::vector<std::string> parts, const std::string& more) {
  parts.push_back(more);
  return parts;
}

std::vector<Rule> all_rules() {
  std::vector<Rule> all;
  for (auto table : {pad_rules, conv2d_rules, conv2d_prepacked_rules, pool2d_rules, pool2d_indices_rules, relu_rules, dense_rules, softmax_xent_rules, adam_rules,
                     seed_helper_rules, geometry_rules, context_rules, environment_rules}) {
    auto rules = table();
    all.insert(all.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
  }
  return all;
}

std::string valid_variant_choices(OpId op) {
  std::string names;
  for (const VariantInfo& v : list_variants(op, DType::f32)) names += (names.empty() ? "" : ", ") + v.name;
  return "valid choices: " + names + " (or auto)";
}

cnnkit_conv2d_params to_c(const Conv2dParams& p) {
  return {p.stride_h, p.stride_w, to_c(p.pad), p.dilation_h, p.dilation_w, p.groups};
}

cnnkit_pool2d_params to_c(const Pool2dParams& p) {
  cnnkit_pool2d_params c{};
  c.mode = static_cast<std::int32_t>(p.mode);
  c.kernel_h = p.kernel_h;
  c.kernel_w = p.kernel_w;
  c.stride_h = p.stride_h;
  c.stride_w = p.stride_w;
  c.pad = to_c(p.pad);
  c.ceil_mode = p.ceil_mode;
  c.count_include_pad = p.count_include_pad;
  c.ties = static_cast<std::int32_t>(p.ties);
  return c;
}

cnnkit_adam_params to_c(const AdamParams& p) {
  cnnkit_adam_params c{};
  c.lr = p.lr;
  c.beta1 = p.beta1;
  c.beta2 = p.beta2;
  c.eps = p.eps;
  c.step = p.step;
  c.style = static_cast<std::int32_t>(p.style);
  c.weight_decay = p.weight_decay;
  c.decoupled_weight_decay = p.decoupled_weight_decay;
  return c;
}

}  // namespace cnnkit::test::validation
