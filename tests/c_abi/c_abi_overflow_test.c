/* The differential fuzzer's size and status findings (issue 9), as a C caller meets them: sizes
 * whose products overflow int64 (m * classes >= 2^60, n_in = INT64_MAX for an output left out),
 * status values outside cnnkit_status, hyperparameters finite as doubles but not in float, and
 * SAME padding of an INT64_MAX input. Outputs are filled with a sentinel and checked after. */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "c_abi_check.h"

#define INVALID CNNKIT_STATUS_INVALID_ARGUMENT
#define SENTINEL (-777.0f)

static cnnkit_matrix mat(int64_t rows, int64_t cols) {
  cnnkit_matrix m;
  m.rows = rows;
  m.cols = cols;
  return m;
}

static void status_string_out_of_range(void) {
  /* C passes any int as a cnnkit_status; the library must compare it as an int. */
  CHECK_STR(cnnkit_status_string((cnnkit_status)99), "unknown status");
  CHECK_STR(cnnkit_status_string((cnnkit_status)-1), "unknown status");
  CHECK_STR(cnnkit_status_string((cnnkit_status)5), "unknown status");
  CHECK_STR(cnnkit_status_string((cnnkit_status)INT32_MIN), "unknown status");
  CHECK_STR(cnnkit_status_string((cnnkit_status)4), "internal error");
}

static void softmax_huge_m_times_classes(void) {
  /* loss lies below logits, so only the sizes can be at fault. */
  float buffer[2] = {SENTINEL, 1};
  float labels[1] = {1};
  int64_t index_labels[1] = {0};
  double dbuffer[2] = {SENTINEL, 1};
  int64_t m = (int64_t)1 << 31, classes = (int64_t)1 << 30; /* m * classes = 2^61 */
  CHECK_ERROR(cnnkit_softmax_cross_entropy_f32(NULL, buffer + 1, mat(m, classes), labels, mat(m, classes), buffer, NULL, mat(m, classes)), INVALID, "'logits'",
              "fits in memory");
  CHECK(buffer[0] == SENTINEL);
  /* 2^60 rows: float logits fit in memory, int64 labels (2^63 bytes) do not. */
  m = (int64_t)1 << 60;
  CHECK_ERROR(cnnkit_softmax_cross_entropy_index_f32(NULL, buffer + 1, mat(m, 1), index_labels, m, buffer, NULL, mat(m, 1)), INVALID,
              "'labels'", "fits in memory");
  CHECK(buffer[0] == SENTINEL);
  CHECK_ERROR(cnnkit_softmax_cross_entropy_index_f64(NULL, dbuffer + 1, mat(m, 1), index_labels, m, dbuffer, NULL, mat(m, 1)), INVALID,
              "'logits'", "fits in memory");
  CHECK(dbuffer[0] == SENTINEL);
  CHECK_ERROR(
      cnnkit_softmax_cross_entropy_index_f32(NULL, buffer + 1, mat(INT64_MAX, INT64_MAX), index_labels, INT64_MAX,
                                             buffer, NULL, mat(INT64_MAX, INT64_MAX)),
      INVALID, "'logits'", "fits in memory");
  CHECK(buffer[0] == SENTINEL);
}

static void dense_backward_db_only_n_in_int64_max(void) {
  const float dy[6] = {1, 2, 3, 4, 5, 6}; /* (3, 2) */
  float db[2] = {SENTINEL, SENTINEL};
  CHECK_OK(cnnkit_dense_backward_f32(NULL, NULL, mat(3, INT64_MAX), NULL, mat(INT64_MAX, 2), dy, mat(3, 2), NULL,
                                     mat(3, INT64_MAX), NULL, mat(INT64_MAX, 2), db, 2));
  CHECK_NEAR(db[0], 1 + 3 + 5, 0);
  CHECK_NEAR(db[1], 2 + 4 + 6, 0);
}

static void adam_hyperparameters_in_dtype(void) {
  float param[2] = {1, 2}, m[2] = {0, 0}, v[2] = {0, 0};
  const float grad[2] = {0.5f, -1};
  double dparam[2] = {1, 2}, dm[2] = {0, 0}, dv[2] = {0, 0};
  const double dgrad[2] = {0.5, -1};
  cnnkit_adam_params p = cnnkit_adam_params_default();
  p.lr = 1e300; /* finite as a double, +inf as a float */
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 2, grad, 2, m, 2, v, 2, &p), INVALID, "'params.lr'", "representable in float");
  CHECK(param[0] == 1 && param[1] == 2 && m[0] == 0 && v[1] == 0);
  CHECK_OK(cnnkit_adam_step_f64(NULL, dparam, 2, dgrad, 2, dm, 2, dv, 2, &p));
  CHECK(isfinite(dparam[0]) && isfinite(dparam[1]));
  p.lr = 1e-3;
  p.eps = 1e-50; /* rounds to 0 in float: no protection against 0 / 0 */
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 2, grad, 2, m, 2, v, 2, &p), INVALID, "'params.eps'", "stays non-zero in float");
  p.eps = 1e-8;
  p.lr = 1e30;
  p.beta1 = 1 - DBL_EPSILON; /* the bias-corrected step lr / 2^-52 overflows float */
  CHECK_ERROR(cnnkit_adam_step_f32(NULL, param, 2, grad, 2, m, 2, v, 2, &p), INVALID, "'params.lr'", "lr / (1 - beta1^step)");
  CHECK(param[0] == 1 && param[1] == 2 && m[0] == 0 && v[1] == 0);
  p = cnnkit_adam_params_default();
  p.step = INT64_MAX; /* bias corrections are 1: nothing overflows */
  CHECK_OK(cnnkit_adam_step_f32(NULL, param, 2, grad, 2, m, 2, v, 2, &p));
  CHECK(isfinite(param[0]) && isfinite(param[1]));
}

static void same_padding_names_the_input(void) {
  cnnkit_padding pad = {-9, -9, -9, -9};
  CHECK_ERROR(cnnkit_same_padding(INT64_MAX, 8, 2, 3, 1, 1, 1, 1, &pad), INVALID, "'in_h'",
              "SAME-padded size in_h + total padding fits in int64");
  CHECK(pad.top == -9 && pad.bottom == -9 && pad.left == -9 && pad.right == -9);
  CHECK_OK(cnnkit_same_padding(INT64_MAX, 8, 1, 3, 1, 1, 1, 1, &pad));
  CHECK(pad.top == 0 && pad.bottom == 0 && pad.left == 1 && pad.right == 1);
}

void run_overflow_tests(void) {
  run_case("overflow_status_string_out_of_range", status_string_out_of_range);
  run_case("overflow_softmax_huge_m_times_classes", softmax_huge_m_times_classes);
  run_case("overflow_dense_backward_db_only_n_in_int64_max", dense_backward_db_only_n_in_int64_max);
  run_case("overflow_adam_hyperparameters_in_dtype", adam_hyperparameters_in_dtype);
  run_case("overflow_same_padding_names_the_input", same_padding_names_the_input);
}
