/* Error paths through the C ABI: the status, a message naming the argument and what was
 * expected, and outputs left exactly as they were (filled with a sentinel, checked after).
 * The exhaustive rule-by-rule table lives in tests/validation; these are the C-side checks. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "c_abi_check.h"

#define SENTINEL (-777.0f)
#define INVALID CNNKIT_STATUS_INVALID_ARGUMENT

static void fill(float* a, int n) {
  int i;
  for (i = 0; i < n; ++i) a[i] = SENTINEL;
}

static int untouched(const float* a, int n) {
  int i;
  for (i = 0; i < n; ++i)
    if (a[i] != SENTINEL) return 0;
  return 1;
}

static const float x9[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
/* Matrix shapes (rows x cols); bad has a negative dimension, zero_rows none. */
static const cnnkit_matrix m22 = {2, 2}, m23 = {2, 3}, m32 = {3, 2}, bad = {2, -3}, zero_rows = {0, 2};

static void conv_null_input(void) {
  const cnnkit_nhwc xs = {1, 3, 3, 1}, ys = {1, 2, 2, 1};
  const cnnkit_hwio ws = {2, 2, 1, 1};
  const float w[4] = {1, 2, 3, 4};
  float y[4];
  fill(y, 4);
  CHECK_ERROR(cnnkit_conv2d_forward_f32(NULL, NULL, xs, w, ws, NULL, 0, y, ys, NULL), INVALID, "'x'", "non-null");
  CHECK(untouched(y, 4));
  CHECK_ERROR(cnnkit_conv2d_forward_f32(NULL, x9, xs, NULL, ws, NULL, 0, y, ys, NULL), INVALID, "'w'", "non-null");
  CHECK(untouched(y, 4));
}

static void conv_kernel_larger_than_input(void) {
  /* The fixture seed_bug_conv_kernel_larger_than_input: x (1,3,3,1), w (5,5,1,1), stride 3. */
  const cnnkit_nhwc xs = {1, 3, 3, 1}, ys = {1, 1, 1, 1};
  const cnnkit_hwio ws = {5, 5, 1, 1};
  float w[25], y[1];
  cnnkit_conv2d_params p = cnnkit_conv2d_params_default();
  cnnkit_nhwc shape = {-5, -5, -5, -5};
  int i;
  for (i = 0; i < 25; ++i) w[i] = 1;
  p.stride_h = p.stride_w = 3;
  fill(y, 1);
  CHECK_ERROR(cnnkit_conv2d_forward_f32(NULL, x9, xs, w, ws, NULL, 0, y, ys, &p), INVALID,
              "smaller than the dilated kernel", "expected padded input >= dilation*(kernel-1)+1");
  CHECK(untouched(y, 1));
  CHECK_ERROR(cnnkit_conv2d_output_shape(xs, ws, &p, &shape), INVALID, "smaller than the dilated kernel", NULL);
  CHECK(shape.n == -5 && shape.h == -5 && shape.w == -5 && shape.c == -5);
}

static void conv_groups(void) {
  const cnnkit_nhwc xs = {1, 3, 3, 1}, ys = {1, 2, 2, 1};
  const cnnkit_hwio ws = {2, 2, 1, 1};
  const float w[4] = {1, 2, 3, 4};
  cnnkit_conv2d_params p = cnnkit_conv2d_params_default();
  float y[4];
  fill(y, 4);
  p.groups = 0;
  CHECK_ERROR(cnnkit_conv2d_forward_f32(NULL, x9, xs, w, ws, NULL, 0, y, ys, &p), INVALID, "'params.groups'", ">= 1");
  p.groups = 2; /* one input channel is not divisible by 2 groups */
  CHECK_ERROR(cnnkit_conv2d_forward_f32(NULL, x9, xs, w, ws, NULL, 0, y, ys, &p), INVALID, "'x'", "divisible by groups");
  CHECK(untouched(y, 4));
}

static void pool_params_rejected(void) {
  /* The fixture seed_bug_pool_kernel_larger_than_input: x (1,3,3,1), kernel 5, stride 3. */
  const cnnkit_nhwc xs = {1, 3, 3, 1}, ys = {1, 1, 1, 1};
  cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  float y[1];
  fill(y, 1);
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, NULL), INVALID, "'params'", "non-null");
  p.kernel_h = p.kernel_w = 5;
  p.stride_h = p.stride_w = 3;
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "smaller than the kernel",
              "expected padded input >= kernel");
  p = cnnkit_pool2d_params_default();
  p.mode = 7;
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "'params.mode'", "max (0), avg (1)");
  p = cnnkit_pool2d_params_default();
  p.ties = -1;
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "'params.ties'", "first (0), all (1)");
  p = cnnkit_pool2d_params_default();
  p.ceil_mode = 2;
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "'params.ceil_mode'", "0 or 1");
  p = cnnkit_pool2d_params_default();
  p.count_include_pad = -1;
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "'params.count_include_pad'", "0 or 1");
  p = cnnkit_pool2d_params_default();
  p.pad.left = 2; /* not smaller than the kernel width 2 */
  CHECK_ERROR(cnnkit_pool2d_forward_f32(NULL, x9, xs, y, ys, &p), INVALID, "'params.pad.left'",
              "a pad smaller than the kernel");
  CHECK(untouched(y, 1));
}

static void pool_backward_max_needs_x(void) {
  const cnnkit_nhwc dxs = {1, 2, 2, 1}, dys = {1, 1, 1, 1};
  const float dy[1] = {1};
  cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  float dx[4];
  fill(dx, 4);
  CHECK_ERROR(cnnkit_pool2d_backward_f32(NULL, NULL, dxs, dy, dys, dx, dxs, &p), INVALID, "'x'", "non-null");
  CHECK(untouched(dx, 4));
}

static void relu_partial_overlap(void) {
  float buffer[5];
  fill(buffer, 5);
  CHECK_ERROR(cnnkit_relu_forward_f32(NULL, buffer, 4, buffer + 1, 4), INVALID, "'y'", "(in place)");
  CHECK(untouched(buffer, 5));
  CHECK_ERROR(cnnkit_relu_forward_f32(NULL, buffer, 0, buffer, 0), INVALID, "'x'", "a size >= 1");
  CHECK(untouched(buffer, 5));
}

static void dense_overlap_and_sizes(void) {
  float buffer[16]; /* x [0, 6), dy [6, 10), dw [10, 16) where the case needs them */
  const float w[6] = {1, 0, 0, 1, 1, 1};
  fill(buffer, 16);
  /* y (2x2) starts inside x (2x3). */
  CHECK_ERROR(cnnkit_dense_forward_f32(NULL, buffer, m23, w, m32, NULL, 0, buffer + 4, m22), INVALID, "'y'",
              "does not overlap 'x'");
  CHECK(untouched(buffer, 16));
  CHECK_ERROR(cnnkit_dense_forward_f32(NULL, buffer, bad, w, m32, NULL, 0, buffer + 6, m22), INVALID, "'x'",
              "both dimensions >= 1");
  /* dx written over x would corrupt dw: rejected before anything is written. */
  CHECK_ERROR(cnnkit_dense_backward_f32(NULL, buffer, m23, w, m32, buffer + 6, m22, buffer, m23, buffer + 10, m32, NULL, 0), INVALID,
              "'dx'", "does not overlap 'x'");
  CHECK(untouched(buffer, 16));
  CHECK_ERROR(cnnkit_dense_backward_f32(NULL, buffer, m23, w, m32, buffer + 6, m22, NULL, m23, NULL, m32, NULL, 0), INVALID,
              "at least one non-null output", NULL);
}

static void softmax_errors(void) {
  const float logits[6] = {0, 0, 0, 1, 2, 3};
  const int64_t bad_labels[2] = {1, 3}; /* 3 is not a class of 3 */
  float loss = SENTINEL, d[6];
  fill(d, 6);
  CHECK_ERROR(cnnkit_softmax_cross_entropy_index_f32(NULL, logits, m23, bad_labels, 2, &loss, d, m23), INVALID, "'labels[1]'",
              "a class index in [0, 3)");
  CHECK(loss == SENTINEL && untouched(d, 6));
  CHECK_ERROR(cnnkit_softmax_cross_entropy_f32(NULL, logits, m23, logits, m23, NULL, d, m23), INVALID, "'loss'", "non-null");
  CHECK(untouched(d, 6));
  /* loss inside dlogits: writing it would clobber a gradient. */
  CHECK_ERROR(cnnkit_softmax_cross_entropy_f32(NULL, logits, m23, logits, m23, d + 2, d, m23), INVALID, "'loss'",
              "does not overlap 'dlogits'");
  CHECK(untouched(d, 6));
}

static void adam_errors(void) {
  float param[3], m[3], v[3];
  const float grad[3] = {1, 2, 3};
  cnnkit_adam_params a = cnnkit_adam_params_default();
  fill(param, 3);
  fill(m, 3);
  fill(v, 3);
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, NULL), INVALID, "'params'", "non-null");
  a.style = 2;
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, &a), INVALID, "'params.style'",
              "pytorch (0), tensorflow1 (1)");
  a = cnnkit_adam_params_default();
  a.beta1 = 1;
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, &a), INVALID, "'params.beta1'", "[0, 1)");
  a = cnnkit_adam_params_default();
  a.lr = NAN;
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, &a), INVALID, "'params.lr'", "finite");
  a = cnnkit_adam_params_default();
  a.step = 0;
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, &a), INVALID, "'params.step'", ">= 1");
  a = cnnkit_adam_params_default();
  a.decoupled_weight_decay = 5;
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, m, 3, v, 3, &a), INVALID, "'params.decoupled_weight_decay'",
              "0 or 1");
  a = cnnkit_adam_params_default();
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 3, grad, 3, param, 3, v, 3, &a), INVALID, "'param'", "does not overlap 'm'");
  CHECK(untouched(param, 3) && untouched(m, 3) && untouched(v, 3));
}

static void seed_helper_errors(void) {
  const float a[4] = {1, 2, 3, 4};
  float z = SENTINEL, mask[4];
  double zd = SENTINEL;
  const double ad[4] = {1, 2, 3, 4};
  fill(mask, 4);
  CHECK_ERROR(cnnkit_conv_single_step_f32(NULL, a, 4, a, 4, 0, NULL, 2, 2, 1), INVALID, "'z'", "non-null");
  CHECK_ERROR(cnnkit_conv_single_step_f32(NULL, a, 4, NULL, 4, 0, &z, 2, 2, 1), INVALID, "'weights'", "non-null");
  CHECK_ERROR(cnnkit_conv_single_step_f64(NULL, ad, 4, ad, 4, 0, &zd, 2, 0, 1), INVALID, "f_h, f_w, channels",
              "every dimension >= 1");
  CHECK(z == SENTINEL && zd == SENTINEL);
  CHECK_ERROR(cnnkit_create_mask_from_window_f32(NULL, a, m22, mask, m22, 5), INVALID, "'ties'", "first (0), all (1)");
  CHECK_ERROR(cnnkit_distribute_value_f32(NULL, 1, mask, zero_rows), INVALID, "'out'", "both dimensions >= 1");
  CHECK(untouched(mask, 4));
}

static void geometry_errors(void) {
  cnnkit_padding pad = {-5, -5, -5, -5};
  const cnnkit_nhwc xs = {1, 3, 3, 1};
  cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  CHECK_ERROR(cnnkit_same_padding(64, 64, 4, 4, 1, 1, 1, 1, NULL), INVALID, "'pad'", "non-null");
  CHECK_ERROR(cnnkit_same_padding(64, 64, 4, 4, 0, 1, 1, 1, &pad), INVALID, "'stride_h'", ">= 1");
  CHECK(pad.top == -5 && pad.bottom == -5 && pad.left == -5 && pad.right == -5);
  CHECK_ERROR(cnnkit_pool2d_output_shape(xs, &p, NULL), INVALID, "'y'", "non-null");
  CHECK_ERROR(cnnkit_conv2d_output_shape(xs, (cnnkit_hwio){1, 1, 1, 1}, NULL, NULL), INVALID, "'y'", "non-null");
}

static void context_setter_errors(void) {
  cnnkit_context* ctx = NULL;
  CHECK_ERROR(cnnkit_context_create(NULL), INVALID, "'ctx'", "non-null");
  CHECK_OK(cnnkit_context_create(&ctx));
  CHECK_ERROR(cnnkit_set_num_threads(ctx, -1), INVALID, "'num_threads'", ">= 0");
  CHECK_ERROR(cnnkit_set_threading(ctx, 9), INVALID, "'policy'", "auto, serial, openmp, tbb");
  CHECK_ERROR(cnnkit_set_max_isa(ctx, 4), INVALID, "'isa'", "scalar, sse4_2, avx2_fma, avx512");
  CHECK_ERROR(cnnkit_set_max_isa(ctx, -1), INVALID, "'isa'", NULL);
  CHECK_ERROR(cnnkit_set_verbose(ctx, 3), INVALID, "'verbose'", "0 or 1");
  CHECK_ERROR(cnnkit_force_variant(ctx, NULL, "conv2d_fwd.ref"), INVALID, "'op'", "non-null");
  cnnkit_context_destroy(ctx);
}

static void last_error_survives_success(void) {
  /* The message stays until the next failing call; a successful call does not clear it. */
  float y[1];
  const float x[1] = {2};
  CHECK_ERROR(cnnkit_relu_forward_f32(NULL, NULL, 1, y, 1), INVALID, "'x'", NULL);
  CHECK_OK(cnnkit_relu_forward_f32(NULL, x, 1, y, 1));
  CHECK_CONTAINS(cnnkit_last_error(), "'x'");
  CHECK_ERROR(cnnkit_relu_forward_f32(NULL, x, 1, NULL, 1), INVALID, "'y'", NULL);
}

static void* fail_on_other_thread(void* message_out) {
  float y[1];
  cnnkit_status status = cnnkit_relu_forward_f32(NULL, NULL, 1, y, 1);
  /* Copy: the thread's message dies with the thread. */
  strncpy((char*)message_out, cnnkit_last_error(), 255);
  ((char*)message_out)[255] = '\0';
  return status == CNNKIT_STATUS_INVALID_ARGUMENT ? message_out : NULL;
}

static void last_error_is_per_thread(void) {
  char other[256] = {0};
  pthread_t thread;
  void* result = NULL;
  CHECK_ERROR(cnnkit_distribute_value_f32(NULL, 1, NULL, m22), INVALID, "'out'", NULL);
  CHECK(pthread_create(&thread, NULL, fail_on_other_thread, other) == 0);
  CHECK(pthread_join(thread, &result) == 0);
  CHECK(result != NULL);
  CHECK_CONTAINS(other, "relu_forward");
  /* This thread still sees its own message. */
  CHECK_CONTAINS(cnnkit_last_error(), "'out'");
}

static void status_strings(void) {
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_OK), "ok");
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_INVALID_ARGUMENT), "invalid argument");
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_UNSUPPORTED), "unsupported");
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_OUT_OF_MEMORY), "out of memory");
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_INTERNAL_ERROR), "internal error");
  CHECK_STR(cnnkit_status_string((cnnkit_status)42), "unknown status");
}

void run_error_tests(void) {
  run_case("errors_conv_null_input", conv_null_input);
  run_case("errors_conv_kernel_larger_than_input", conv_kernel_larger_than_input);
  run_case("errors_conv_groups", conv_groups);
  run_case("errors_pool_params", pool_params_rejected);
  run_case("errors_pool_backward_max_needs_x", pool_backward_max_needs_x);
  run_case("errors_relu_partial_overlap", relu_partial_overlap);
  run_case("errors_dense_overlap_and_sizes", dense_overlap_and_sizes);
  run_case("errors_softmax", softmax_errors);
  run_case("errors_adam", adam_errors);
  run_case("errors_seed_helpers", seed_helper_errors);
  run_case("errors_geometry", geometry_errors);
  run_case("errors_context_setters", context_setter_errors);
  run_case("errors_last_error_survives_success", last_error_survives_success);
  run_case("errors_last_error_is_per_thread", last_error_is_per_thread);
  run_case("errors_status_strings", status_strings);
}
