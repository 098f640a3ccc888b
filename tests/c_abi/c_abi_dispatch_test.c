/* The dispatch table and contexts through the C ABI: ops and variants by name, forcing,
 * what ran last, context handles, ISA names, the version, the parameter defaults and geometry. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "c_abi_check.h"

#define INVALID CNNKIT_STATUS_INVALID_ARGUMENT
#define MAX_VARIANTS 64

static int starts_with(const char* s, const char* prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static void version_string(void) {
  /* CNNKIT_EXPECTED_VERSION is the project version CMake configured. */
  CHECK_STR(cnnkit_version(), CNNKIT_EXPECTED_VERSION);
}

static void op_names(void) {
  const int32_t count = cnnkit_op_count();
  int32_t i;
  int seen_conv = 0, seen_adam = 0;
  CHECK(count >= 15); /* pad .. adam today; later ops only add */
  for (i = 0; i < count; ++i) {
    const char* name = cnnkit_op_name(i);
    CHECK(name != NULL && name[0] != '\0');
    if (name && strcmp(name, "conv2d_fwd") == 0) seen_conv = 1;
    if (name && strcmp(name, "adam") == 0) seen_adam = 1;
  }
  CHECK(seen_conv && seen_adam);
  CHECK(cnnkit_op_name(count) == NULL);
  CHECK(cnnkit_op_name(-1) == NULL);
}

static void isa_names(void) {
  const int32_t detected = cnnkit_detected_isa();
  CHECK(detected >= CNNKIT_ISA_SCALAR && detected <= CNNKIT_ISA_AVX512);
  CHECK_STR(cnnkit_isa_name(CNNKIT_ISA_SCALAR), "scalar");
  CHECK_STR(cnnkit_isa_name(CNNKIT_ISA_SSE4_2), "sse4_2");
  CHECK_STR(cnnkit_isa_name(CNNKIT_ISA_AVX2_FMA), "avx2_fma");
  CHECK_STR(cnnkit_isa_name(CNNKIT_ISA_AVX512), "avx512");
  CHECK(cnnkit_isa_name(4) == NULL && cnnkit_isa_name(-1) == NULL);
}

/* Every op, both dtypes: at least one variant, all named "<op>.", the reference last. */
static void list_every_op(void) {
  int32_t op, dtype;
  for (op = 0; op < cnnkit_op_count(); ++op) {
    const char* name = cnnkit_op_name(op);
    for (dtype = CNNKIT_F32; dtype <= CNNKIT_F64; ++dtype) {
      cnnkit_variant_info infos[MAX_VARIANTS];
      int32_t count = -1, i;
      char prefix[64], reference[64];
      snprintf(prefix, sizeof prefix, "%s.", name);
      snprintf(reference, sizeof reference, "%s.ref", name);
      CHECK_OK(cnnkit_list_variants(NULL, name, dtype, infos, MAX_VARIANTS, &count));
      CHECK(count >= 1 && count <= MAX_VARIANTS);
      if (count < 1 || count > MAX_VARIANTS) continue;
      for (i = 0; i < count; ++i) {
        CHECK(infos[i].name != NULL && starts_with(infos[i].name, prefix));
        CHECK(infos[i].isa >= CNNKIT_ISA_SCALAR && infos[i].isa <= CNNKIT_ISA_AVX512);
        CHECK(infos[i].threading >= CNNKIT_THREADING_SERIAL && infos[i].threading <= CNNKIT_THREADING_TBB);
        CHECK(infos[i].runnable == 0 || infos[i].runnable == 1);
      }
      CHECK_STR(infos[count - 1].name, reference);
      CHECK(infos[count - 1].runnable == 1); /* the reference runs everywhere */
    }
  }
}

static void list_count_and_capacity(void) {
  cnnkit_variant_info infos[2];
  int32_t total = -1, count = -1;
  CHECK_OK(cnnkit_list_variants(NULL, "conv2d_fwd", CNNKIT_F32, NULL, 0, &total)); /* count only */
  CHECK(total >= 1);
  /* Capacity 1: one entry written, the sentinel after it untouched, the total reported. */
  infos[1].name = "sentinel";
  CHECK_OK(cnnkit_list_variants(NULL, "conv2d_fwd", CNNKIT_F32, infos, 1, &count));
  CHECK(count == total);
  CHECK(infos[0].name != NULL && starts_with(infos[0].name, "conv2d_fwd."));
  CHECK_STR(infos[1].name, "sentinel");
}

static void list_errors(void) {
  cnnkit_variant_info infos[4];
  int32_t count = -99;
  CHECK_ERROR(cnnkit_list_variants(NULL, "conv3d", CNNKIT_F32, infos, 4, &count), INVALID, "'op'", "conv2d_fwd");
  CHECK_ERROR(cnnkit_list_variants(NULL, NULL, CNNKIT_F32, infos, 4, &count), INVALID, "'op'", "non-null");
  CHECK_ERROR(cnnkit_list_variants(NULL, "relu_fwd", 2, infos, 4, &count), INVALID, "'dtype'", "f64 (1)");
  CHECK_ERROR(cnnkit_list_variants(NULL, "relu_fwd", CNNKIT_F32, infos, -1, &count), INVALID, "'capacity'", ">= 0");
  CHECK_ERROR(cnnkit_list_variants(NULL, "relu_fwd", CNNKIT_F32, infos, 4, NULL), INVALID, "'count'", NULL);
  CHECK(count == -99);
}

/* A context capped to scalar, serial only: no variant above those limits is runnable. */
static void list_under_context_limits(void) {
  cnnkit_context* ctx = NULL;
  int32_t op;
  CHECK_OK(cnnkit_context_create(&ctx));
  CHECK_OK(cnnkit_set_max_isa(ctx, CNNKIT_ISA_SCALAR));
  CHECK_OK(cnnkit_set_threading(ctx, CNNKIT_THREADING_SERIAL));
  for (op = 0; op < cnnkit_op_count(); ++op) {
    cnnkit_variant_info infos[MAX_VARIANTS];
    int32_t count = 0, i;
    CHECK_OK(cnnkit_list_variants(ctx, cnnkit_op_name(op), CNNKIT_F64, infos, MAX_VARIANTS, &count));
    for (i = 0; i < count && i < MAX_VARIANTS; ++i) {
      const int allowed = infos[i].isa == CNNKIT_ISA_SCALAR && infos[i].threading == CNNKIT_THREADING_SERIAL;
      CHECK(infos[i].runnable == allowed);
    }
  }
  cnnkit_context_destroy(ctx);
}

static void relu_once(const cnnkit_context* ctx) {
  const double x[2] = {-1, 1};
  double y[2];
  CHECK_OK(cnnkit_relu_forward_f64(ctx, x, 2, y, 2));
}

static void force_and_last_variant(void) {
  cnnkit_context* ctx = NULL;
  CHECK_OK(cnnkit_context_create(&ctx));
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", "relu_fwd.ref"));
  relu_once(ctx);
  CHECK_STR(cnnkit_last_variant("relu_fwd"), "relu_fwd.ref");
  /* NULL, "" and "auto" clear the force; the call still runs. */
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", NULL));
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", ""));
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", "auto"));
  relu_once(ctx);
  CHECK(cnnkit_last_variant("relu_fwd") != NULL && starts_with(cnnkit_last_variant("relu_fwd"), "relu_fwd."));
  CHECK(cnnkit_last_variant("not_an_op") == NULL);
  CHECK(cnnkit_last_variant(NULL) == NULL);
  cnnkit_context_destroy(ctx);
}

static void force_invalid_names(void) {
  cnnkit_context* ctx = NULL;
  CHECK_OK(cnnkit_context_create(&ctx));
  /* The message lists the valid variant names of the op. */
  CHECK_ERROR(cnnkit_force_variant(ctx, "conv2d_fwd", "conv2d_fwd.nope"), INVALID, "'variant'", "conv2d_fwd.ref");
  CHECK_ERROR(cnnkit_force_variant(ctx, "conv2d_fwd", "pool2d_fwd.ref"), INVALID, "not a variant of conv2d_fwd",
              "conv2d_fwd.ref");
  /* An unknown op lists the ops. */
  CHECK_ERROR(cnnkit_force_variant(ctx, "conv9d", "conv9d.ref"), INVALID, "'op'", "pool2d_fwd");
  CHECK_ERROR(cnnkit_force_variant(NULL, "conv2d_fwd", "x"), INVALID, "'variant'", "conv2d_fwd.ref");
  cnnkit_context_destroy(ctx);
}

/* A variant that the context's settings rule out, when forced, fails the call with UNSUPPORTED
 * rather than falling back. Needs a variant above scalar/serial: none exists until SIMD or
 * threaded variants are registered, so then the case says it skipped. */
static void forced_variant_that_cannot_run(void) {
  int32_t op, tried = 0;
  for (op = 0; op < cnnkit_op_count() && !tried; ++op) {
    cnnkit_variant_info infos[MAX_VARIANTS];
    int32_t count = 0, i;
    const char* name = cnnkit_op_name(op);
    if (strcmp(name, "relu_fwd") != 0) continue; /* the op relu_once calls */
    CHECK_OK(cnnkit_list_variants(NULL, name, CNNKIT_F64, infos, MAX_VARIANTS, &count));
    for (i = 0; i < count && i < MAX_VARIANTS && !tried; ++i) {
      cnnkit_context* ctx = NULL;
      const double x[2] = {-1, 1};
      double y[2] = {-777, -777};
      if (infos[i].isa == CNNKIT_ISA_SCALAR && infos[i].threading == CNNKIT_THREADING_SERIAL) continue;
      CHECK_OK(cnnkit_context_create(&ctx));
      CHECK_OK(cnnkit_set_max_isa(ctx, CNNKIT_ISA_SCALAR));
      CHECK_OK(cnnkit_set_threading(ctx, CNNKIT_THREADING_SERIAL));
      CHECK_OK(cnnkit_force_variant(ctx, name, infos[i].name));
      CHECK_ERROR(cnnkit_relu_forward_f64(ctx, x, 2, y, 2), CNNKIT_STATUS_UNSUPPORTED, infos[i].name, "cannot run");
      CHECK(y[0] == -777 && y[1] == -777);
      cnnkit_context_destroy(ctx);
      tried = 1;
    }
  }
  if (!tried) skip_case("no relu_fwd variant above scalar/serial is registered yet");
}

static void* last_variant_on_new_thread(void* out) {
  const char* name = cnnkit_last_variant("adam");
  *(const char**)out = name;
  return NULL;
}

static void last_variant_is_per_thread(void) {
  /* This thread has run adam in the op cases; a new thread has run nothing. */
  const char* seen = "unset";
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, last_variant_on_new_thread, (void*)&seen) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_STR(seen, "");
  CHECK(starts_with(cnnkit_last_variant("adam"), "adam."));
}

static void contexts(void) {
  cnnkit_context* a = NULL;
  cnnkit_context* b = NULL;
  CHECK_OK(cnnkit_context_create(&a));
  CHECK_OK(cnnkit_context_create(&b));
  CHECK(a != NULL && b != NULL && a != b);
  CHECK_OK(cnnkit_set_num_threads(a, 3));
  CHECK_OK(cnnkit_set_threading(a, CNNKIT_THREADING_OPENMP));
  CHECK_OK(cnnkit_set_verbose(a, 0));
  CHECK_OK(cnnkit_set_max_isa(a, CNNKIT_ISA_AVX2_FMA));
  relu_once(a);
  relu_once(b);
  cnnkit_context_destroy(a);
  cnnkit_context_destroy(b);
  cnnkit_context_destroy(NULL); /* a no-op */
}

static void parameter_defaults(void) {
  const cnnkit_conv2d_params c = cnnkit_conv2d_params_default();
  const cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  const cnnkit_adam_params a = cnnkit_adam_params_default();
  CHECK(c.stride_h == 1 && c.stride_w == 1 && c.dilation_h == 1 && c.dilation_w == 1 && c.groups == 1);
  CHECK(c.pad.top == 0 && c.pad.bottom == 0 && c.pad.left == 0 && c.pad.right == 0);
  CHECK(p.mode == CNNKIT_POOL_MAX && p.kernel_h == 2 && p.kernel_w == 2 && p.stride_h == 2 && p.stride_w == 2);
  CHECK(p.pad.top == 0 && p.ceil_mode == 0 && p.count_include_pad == 0 && p.ties == CNNKIT_TIES_FIRST);
  CHECK(a.lr == 1e-3 && a.beta1 == 0.9 && a.beta2 == 0.999 && a.eps == 1e-8 && a.step == 1);
  CHECK(a.style == CNNKIT_ADAM_PYTORCH && a.weight_decay == 0 && a.decoupled_weight_decay == 0);
}

static void geometry(void) {
  cnnkit_padding pad = {-1, -1, -1, -1};
  cnnkit_nhwc y = {0, 0, 0, 0};
  const cnnkit_nhwc x5 = {2, 5, 5, 3};
  cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  cnnkit_conv2d_params c = cnnkit_conv2d_params_default();
  /* TensorFlow SAME, 64x64, k=4, s=1: pad_total = 3 -> 1 before, 2 after. */
  CHECK_OK(cnnkit_same_padding(64, 64, 4, 4, 1, 1, 1, 1, &pad));
  CHECK(pad.top == 1 && pad.bottom == 2 && pad.left == 1 && pad.right == 2);
  /* 5 wide, k=2, s=2: out = 3, pad_total = (3-1)*2 + 2 - 5 = 1 -> 0 before, 1 after. */
  CHECK_OK(cnnkit_same_padding(5, 5, 2, 2, 2, 2, 1, 1, &pad));
  CHECK(pad.top == 0 && pad.bottom == 1);
  /* conv: floor((5 + 1 + 1 - (2*(3-1)+1)) / 2) + 1 = 2 with dilation 2, stride 2, pad 1. */
  c.stride_h = c.stride_w = 2;
  c.dilation_h = c.dilation_w = 2;
  c.pad.top = c.pad.bottom = c.pad.left = c.pad.right = 1;
  CHECK_OK(cnnkit_conv2d_output_shape(x5, (cnnkit_hwio){3, 3, 3, 8}, &c, &y));
  CHECK(y.n == 2 && y.h == 2 && y.w == 2 && y.c == 8);
  /* Pool, 5 wide, k=2, s=2, pad 1 each side: padded 7; ceil gives 4 windows, but the last starts
   * at 6, inside the trailing padding, so it is dropped: 3, the same as floor mode. */
  p.pad.top = p.pad.bottom = p.pad.left = p.pad.right = 1;
  p.ceil_mode = 1;
  CHECK_OK(cnnkit_pool2d_output_shape(x5, &p, &y));
  CHECK(y.n == 2 && y.h == 3 && y.w == 3 && y.c == 3);
  p.ceil_mode = 0;
  CHECK_OK(cnnkit_pool2d_output_shape(x5, &p, &y));
  CHECK(y.h == 3 && y.w == 3);
}

/* Autotuning through the C ABI: a tuned call, the file round trip, and the errors. */
static void tuning(void) {
  char path[64];
  int64_t entries = -1;
  cnnkit_context* ctx = NULL;
  snprintf(path, sizeof path, "/tmp/cnnkit_c_abi_tuning_%ld.txt", (long)getpid());
  CHECK_OK(cnnkit_clear_tuning());
  CHECK_OK(cnnkit_context_create(&ctx));
  CHECK_ERROR(cnnkit_set_tuning(ctx, 7), CNNKIT_STATUS_INVALID_ARGUMENT, "tuning", "off, measure");
  CHECK_OK(cnnkit_set_tuning(ctx, CNNKIT_TUNING_MEASURE));
  relu_once(ctx);
  CHECK_OK(cnnkit_save_tuning(path, &entries));
  CHECK(entries == 1);
  CHECK_OK(cnnkit_clear_tuning());
  entries = -1;
  CHECK_OK(cnnkit_load_tuning(path, &entries));
  CHECK(entries == 1);
  CHECK_OK(cnnkit_load_tuning(path, NULL));
  CHECK_ERROR(cnnkit_load_tuning(NULL, &entries), CNNKIT_STATUS_INVALID_ARGUMENT, "path", NULL);
  CHECK_ERROR(cnnkit_save_tuning(NULL, NULL), CNNKIT_STATUS_INVALID_ARGUMENT, "path", NULL);
  {
    FILE* f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
      fputs("cnnkit-tuning 1\ncnnkit-version x\ncpu y\nrelu_fwd\tf64\n", f);
      fclose(f);
    }
  }
  CHECK_ERROR(cnnkit_load_tuning(path, &entries), CNNKIT_STATUS_INVALID_ARGUMENT, path, "line 4");
  remove(path);
  CHECK_OK(cnnkit_clear_tuning());
  cnnkit_context_destroy(ctx);
}

void run_dispatch_tests(void) {
  run_case("version_string", version_string);
  run_case("op_names", op_names);
  run_case("isa_names", isa_names);
  run_case("list_every_op", list_every_op);
  run_case("list_count_and_capacity", list_count_and_capacity);
  run_case("list_errors", list_errors);
  run_case("list_under_context_limits", list_under_context_limits);
  run_case("force_and_last_variant", force_and_last_variant);
  run_case("force_invalid_names", force_invalid_names);
  run_case("forced_variant_that_cannot_run", forced_variant_that_cannot_run);
  run_case("last_variant_is_per_thread", last_variant_is_per_thread);
  run_case("contexts", contexts);
  run_case("parameter_defaults", parameter_defaults);
  run_case("geometry", geometry);
  run_case("tuning", tuning);
}
