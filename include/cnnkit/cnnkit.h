/* cnnkit C ABI: every op for float (_f32) and double (_f64), plain pointers + shapes + parameter
 * structs. Every function that can fail returns a cnnkit_status; on failure cnnkit_last_error()
 * gives a message naming the argument and what was expected (thread-local; valid until the next
 * failing call on the same thread), and no output has been written. No C++ exception crosses this
 * boundary.
 *
 * ABI version 0.2 (CNNKIT_ABI_VERSION_MAJOR/MINOR, cnnkit_abi_version()); README.md's "C ABI
 * conventions" table sums up the rules below and lists what changed since 0.1.
 *
 * Layouts: activations NHWC (n, h, w, c); conv weights HWIO (kh, kw, c_in/groups, c_out);
 * matrices row-major (rows, cols); dense weights (n_in, n_out).
 * Argument order of every op: ctx, forward inputs (x, w, bias), gradients (dy), outputs (y / dx,
 * dw, db), then parameter structs and options; every buffer is followed by its size.
 * Pointers are required unless a function says it may be NULL. Optional: bias (no bias),
 * dlogits (loss only), x of average-pool backward, the outputs of dense_backward (skipped),
 * the conv2d params (defaults).
 * Queries that return a pointer (names) return NULL on failure and set cnnkit_last_error().
 * ctx may be NULL everywhere: the global context (CNNKIT_* environment variables) is used.
 * Inputs and outputs must not overlap, except where a function says it works in place.
 * Enum-like and boolean int fields must hold one of their listed values (a boolean is 0 or 1);
 * anything else is CNNKIT_STATUS_INVALID_ARGUMENT, so an uninitialised struct is caught.
 */
#ifndef CNNKIT_CNNKIT_H
#define CNNKIT_CNNKIT_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define CNNKIT_C_API
#else
#define CNNKIT_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions ------------------------------------------------------------------------------- */
/* The C ABI's version: a program built against one major.minor runs against a library with the
 * same major and an equal or higher minor (pre-1.0: the minor must match too). */
#define CNNKIT_ABI_VERSION_MAJOR 0
#define CNNKIT_ABI_VERSION_MINOR 2
#define CNNKIT_ABI_VERSION ((CNNKIT_ABI_VERSION_MAJOR << 16) | CNNKIT_ABI_VERSION_MINOR)
/* CNNKIT_ABI_VERSION of the library that is loaded: (major << 16) | minor. */
CNNKIT_C_API uint32_t cnnkit_abi_version(void);

/* ---- status and errors ---------------------------------------------------------------------- */
typedef enum cnnkit_status {
  CNNKIT_STATUS_OK = 0,
  CNNKIT_STATUS_INVALID_ARGUMENT = 1, /* null pointer, bad shape, impossible geometry, bad enum */
  CNNKIT_STATUS_UNSUPPORTED = 2,      /* a forced variant cannot run here / on this problem */
  CNNKIT_STATUS_OUT_OF_MEMORY = 3,
  CNNKIT_STATUS_INTERNAL_ERROR = 4
} cnnkit_status;

/* The message of the last failing call on this thread ("" if none). Successful calls leave it. */
CNNKIT_C_API const char* cnnkit_last_error(void);
/* "ok", "invalid argument", ...; "unknown status" (and a last error) for any other int (99, -1),
 * which the library compares as an int, so passing one is well defined. */
CNNKIT_C_API const char* cnnkit_status_string(cnnkit_status status);
/* "major.minor.patch" of the library that is loaded (static storage); the ABI version is its
 * major.minor. */
CNNKIT_C_API const char* cnnkit_version(void);

/* ---- shapes and parameters ------------------------------------------------------------------ */
typedef struct cnnkit_nhwc {
  int64_t n, h, w, c;
} cnnkit_nhwc;
typedef struct cnnkit_hwio {
  int64_t kh, kw, c_in_per_group, c_out;
} cnnkit_hwio;
typedef struct cnnkit_padding {
  int64_t top, bottom, left, right;
} cnnkit_padding;
/* A row-major matrix's shape (dense, softmax cross-entropy, the seeds' helpers, flatten). */
typedef struct cnnkit_matrix {
  int64_t rows, cols;
} cnnkit_matrix;

typedef struct cnnkit_conv2d_params {
  int64_t stride_h, stride_w;
  cnnkit_padding pad;
  int64_t dilation_h, dilation_w;
  int64_t groups; /* input channels [g*C/G, (g+1)*C/G) feed output channels [g*O/G, (g+1)*O/G) */
} cnnkit_conv2d_params;

/* Values of cnnkit_pool2d_params.mode / .ties (ints, so a bad value is an error, not UB). */
enum { CNNKIT_POOL_MAX = 0, CNNKIT_POOL_AVG = 1 };
enum { CNNKIT_TIES_FIRST = 0, CNNKIT_TIES_ALL = 1 };

/* Public structs have no padding holes: 8-byte fields first, then 4-byte ones in pairs. */
typedef struct cnnkit_pool2d_params {
  int64_t kernel_h, kernel_w;
  int64_t stride_h, stride_w;
  cnnkit_padding pad;        /* each side < the kernel on its axis */
  int32_t mode;              /* CNNKIT_POOL_MAX or CNNKIT_POOL_AVG */
  int32_t ceil_mode;         /* 0 = floor, 1 = ceil (a window starting in the trailing padding is dropped) */
  int32_t count_include_pad; /* average pooling divisor: 1 = padded cells count, 0 = real cells only */
  int32_t ties;              /* CNNKIT_TIES_FIRST or CNNKIT_TIES_ALL (max-pool backward) */
} cnnkit_pool2d_params;

/* Values of cnnkit_adam_params.style. */
enum { CNNKIT_ADAM_PYTORCH = 0, CNNKIT_ADAM_TENSORFLOW1 = 1 };

/* Validated as cnnkit::AdamParams (params.hpp): finite, in range, and representable in the
 * function's element type, with the derived step size (and AdamW factor): lr = 1e300 is accepted
 * by cnnkit_adam_step_f64 and rejected by cnnkit_adam_step_f32. */
typedef struct cnnkit_adam_params {
  double lr, beta1, beta2, eps;
  double weight_decay;            /* pytorch style only */
  int64_t step;                   /* t, 1-based */
  int32_t style;                  /* CNNKIT_ADAM_PYTORCH or CNNKIT_ADAM_TENSORFLOW1 */
  int32_t decoupled_weight_decay; /* 0 = L2 penalty on the gradient, 1 = AdamW */
} cnnkit_adam_params;

/* Defaults: stride 1, no padding, dilation 1, groups 1 / max 2x2 stride 2 floor, real-cell
 * average, ties first / lr 1e-3, betas 0.9 0.999, eps 1e-8, step 1, pytorch, no weight decay. */
CNNKIT_C_API cnnkit_conv2d_params cnnkit_conv2d_params_default(void);
CNNKIT_C_API cnnkit_pool2d_params cnnkit_pool2d_params_default(void);
CNNKIT_C_API cnnkit_adam_params cnnkit_adam_params_default(void);

/* ---- geometry ------------------------------------------------------------------------------- */
/* Shape queries take the inputs, the parameters, then the result pointer. params may be NULL
 * (the defaults). */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_output_shape(cnnkit_nhwc x, cnnkit_hwio w, const cnnkit_conv2d_params* params,
                                                      cnnkit_nhwc* y);
CNNKIT_C_API cnnkit_status cnnkit_pool2d_output_shape(cnnkit_nhwc x, const cnnkit_pool2d_params* params,
                                                      cnnkit_nhwc* y);
/* y = x grown by pad: (n, h + top + bottom, w + left + right, c); a negative side is an error
 * naming it ('pad.top'). */
CNNKIT_C_API cnnkit_status cnnkit_pad_output_shape(cnnkit_nhwc x, cnnkit_padding pad, cnnkit_nhwc* y);
/* TensorFlow SAME padding for a kernel/stride/dilation on an input size. */
CNNKIT_C_API cnnkit_status cnnkit_same_padding(int64_t in_h, int64_t in_w, int64_t kernel_h, int64_t kernel_w,
                                               int64_t stride_h, int64_t stride_w, int64_t dilation_h,
                                               int64_t dilation_w, cnnkit_padding* pad);

/* ---- contexts and the dispatch table -------------------------------------------------------- */
typedef struct cnnkit_context cnnkit_context;

/* ISA tiers (cnnkit_set_max_isa, cnnkit_detected_isa, cnnkit_variant_info.isa). */
enum { CNNKIT_ISA_SCALAR = 0, CNNKIT_ISA_SSE4_2 = 1, CNNKIT_ISA_AVX2_FMA = 2, CNNKIT_ISA_AVX512 = 3 };
/* Threading: a context's policy (cnnkit_set_threading: AUTO lets the registry order pick, SERIAL
 * allows serial variants only, OPENMP / TBB serial ones and that runtime's) and how one variant
 * uses threads (cnnkit_variant_info.threading, cnnkit_thread_plan_info.threading: SERIAL, OPENMP
 * or TBB, never AUTO). Passed and stored as int32_t, so a bad value is an error, not UB. */
typedef enum cnnkit_threading {
  CNNKIT_THREADING_AUTO = 0,
  CNNKIT_THREADING_SERIAL = 1,
  CNNKIT_THREADING_OPENMP = 2,
  CNNKIT_THREADING_TBB = 3
} cnnkit_threading;
/* Element types (cnnkit_list_variants). */
enum { CNNKIT_F32 = 0, CNNKIT_F64 = 1 };

/* A new context starts as a copy of the global context's current settings. */
CNNKIT_C_API cnnkit_status cnnkit_context_create(cnnkit_context** ctx);
/* NULL is a no-op. */
CNNKIT_C_API void cnnkit_context_destroy(cnnkit_context* ctx);
/* The setters act on ctx, or on the global context when ctx is NULL. */
CNNKIT_C_API cnnkit_status cnnkit_set_max_isa(cnnkit_context* ctx, int32_t isa);
CNNKIT_C_API cnnkit_status cnnkit_set_threading(cnnkit_context* ctx, int32_t policy);
/* 0 = the runtime's default; 1 makes threaded variants decline. */
CNNKIT_C_API cnnkit_status cnnkit_set_num_threads(cnnkit_context* ctx, int32_t num_threads);
/* verbose: 0 or 1. */
CNNKIT_C_API cnnkit_status cnnkit_set_verbose(cnnkit_context* ctx, int32_t verbose);
/* op and variant by name ("conv2d_fwd", "conv2d_fwd.ref"); variant NULL, "" or "auto" clears.
 * An unknown name is CNNKIT_STATUS_INVALID_ARGUMENT, the message listing the valid names. */
CNNKIT_C_API cnnkit_status cnnkit_force_variant(cnnkit_context* ctx, const char* op, const char* variant);

/* Autotuning (the C++ header cnnkit/tuning.hpp says what it does). */
enum { CNNKIT_TUNING_OFF = 0, CNNKIT_TUNING_MEASURE = 1 };
CNNKIT_C_API cnnkit_status cnnkit_set_tuning(cnnkit_context* ctx, int32_t tuning);
/* Writes the tuning cache to path; *entries (may be NULL) receives the number written. */
CNNKIT_C_API cnnkit_status cnnkit_save_tuning(const char* path, int64_t* entries);
/* Adds a tuning file's entries to the cache. *entries (may be NULL) receives the number loaded:
 * 0 when the file was written for another CPU model or cnnkit version and is ignored (a verbose
 * log line says why). A malformed file is CNNKIT_STATUS_INVALID_ARGUMENT naming the file and line. */
CNNKIT_C_API cnnkit_status cnnkit_load_tuning(const char* path, int64_t* entries);
CNNKIT_C_API cnnkit_status cnnkit_clear_tuning(void);

CNNKIT_C_API int32_t cnnkit_detected_isa(void);
/* "scalar", "sse4_2", "avx2_fma", "avx512"; NULL (and a last error) when isa is out of range. */
CNNKIT_C_API const char* cnnkit_isa_name(int32_t isa);

/* Number of ops; the name of op i ("pad", "conv2d_fwd", ...; NULL and a last error when out of
 * range). */
CNNKIT_C_API int32_t cnnkit_op_count(void);
CNNKIT_C_API const char* cnnkit_op_name(int32_t index);

typedef struct cnnkit_variant_info {
  const char* name;  /* static storage */
  int32_t isa;       /* CNNKIT_ISA_* : the minimum tier */
  int32_t threading; /* CNNKIT_THREADING_SERIAL, _OPENMP or _TBB */
  int32_t runnable;  /* 1 if this CPU, the context's ISA cap and threading policy allow it */
  int32_t reserved;  /* written as 0; keeps the struct without a padding hole */
} cnnkit_variant_info;

/* Lists the variants of an op for a dtype (CNNKIT_F32 / CNNKIT_F64) in selection order, judged
 * under ctx (NULL: the global context). With infos NULL, only *count is set; otherwise up to
 * capacity entries are written and *count is the total. */
CNNKIT_C_API cnnkit_status cnnkit_list_variants(const cnnkit_context* ctx, const char* op, int32_t dtype,
                                                cnnkit_variant_info* infos, int32_t capacity, int32_t* count);
/* The variant this thread ran last for op, any dtype, in static storage. "" is a valid answer:
 * this thread has not called op yet. A NULL or unknown op name gives NULL and a last error. */
CNNKIT_C_API const char* cnnkit_last_variant(const char* op);

/* ---- thread plans ------------------------------------------------------------------------------ */
/* How the variant dispatch would pick for op at a thread count cuts the problem across threads, and
 * how evenly the work lands (the C++ cnnkit::thread_plan, cnnkit/thread_plan.hpp): nothing runs,
 * any thread count can be asked on any machine. */

/* One op call's shapes and parameters, without data; fill the fields the op reads:
 *   pad                      x, pad
 *   conv2d_fwd               x, w, conv, bias        (x = the input)
 *   conv2d_bwd_data          x, w, conv              (x = dx's shape)
 *   conv2d_bwd_weights/_bias x, w, conv              (x = the forward input; bias: w gives c_out)
 *   pool2d_* (all four)      x, pool                 (x = the forward input)
 *   relu_fwd / relu_bwd      count
 *   dense_*                  batch, in_features, out_features, bias
 *   softmax_xent             batch, in_features      (in_features = classes)
 *   adam                     count
 * Start from cnnkit_plan_problem_default() (conv and pool parameters at their defaults, the rest 0).
 * Every field is 8 bytes wide or a struct of them (pool is cnnkit_pool2d_params as the ops take it),
 * so the struct has no padding of its own. */
typedef struct cnnkit_plan_problem {
  cnnkit_nhwc x;
  cnnkit_hwio w;
  cnnkit_conv2d_params conv;
  cnnkit_pool2d_params pool;
  cnnkit_padding pad;
  int64_t bias; /* 0 or 1 */
  int64_t batch, in_features, out_features;
  int64_t count;
} cnnkit_plan_problem;

CNNKIT_C_API cnnkit_plan_problem cnnkit_plan_problem_default(void);

/* Sizes of the text buffers of cnnkit_thread_plan_info (each NUL-terminated; longer text is cut). */
enum { CNNKIT_PLAN_VARIANT_CHARS = 64, CNNKIT_PLAN_UNIT_CHARS = 128, CNNKIT_PLAN_NOTE_CHARS = 256 };

typedef struct cnnkit_thread_plan_info {
  char variant[CNNKIT_PLAN_VARIANT_CHARS]; /* what dispatch picks at this thread count (or the forced one) */
  int32_t threading;       /* CNNKIT_THREADING_SERIAL, _OPENMP or _TBB */
  int32_t threads;         /* threads asked for */
  int32_t team;            /* threads the variant starts: min(threads, chunks); 1 if serial */
  int32_t reserved;        /* 0; keeps the 8-byte fields aligned without a hole */
  int64_t tiles;           /* the split's items */
  int64_t grain;           /* the fewest tiles per chunk */
  int64_t chunks;          /* what the dynamic schedule hands out */
  double tile_work_min, tile_work_max; /* relative cost of the cheapest and dearest tile */
  double load_balance;     /* mean / max of the threads' expected work (1 = perfect; idle threads count) */
  char unit[CNNKIT_PLAN_UNIT_CHARS]; /* what one tile is ("image x band of 4 output rows x group") */
  char note[CNNKIT_PLAN_NOTE_CHARS]; /* serial plans: why the threaded entries declined; else "" */
} cnnkit_thread_plan_info;

/* The plan for op (by name, as cnnkit_force_variant) and dtype (CNNKIT_F32 / CNNKIT_F64) on
 * *problem at threads (>= 1) threads under ctx's settings (NULL: the global context; its thread
 * count is replaced by threads). thread_work (may be NULL when thread_work_len is 0) receives the
 * expected work of the first min(thread_work_len, threads) threads, in the unit of the tile work.
 * Errors name the cnnkit_plan_problem field that is wrong ("problem.w"), as the op call would. */
CNNKIT_C_API cnnkit_status cnnkit_thread_plan(const cnnkit_context* ctx, const char* op, int32_t dtype,
                                              const cnnkit_plan_problem* problem, int32_t threads,
                                              cnnkit_thread_plan_info* plan, double* thread_work,
                                              int64_t thread_work_len);

/* ---- the ops: argument order and sizes ----------------------------------------------------------
 * Every op takes ctx, then its forward inputs in forward order (x, w, bias), then gradients (dy),
 * then outputs (y / dx, dw, db), then parameter structs and options. Every buffer is followed by
 * its size: cnnkit_nhwc for activations, cnnkit_hwio for conv weights, cnnkit_matrix for
 * matrices, an element count (int64_t) for vectors. A size that disagrees with the others is
 * CNNKIT_STATUS_INVALID_ARGUMENT naming it ('bias_size', 'y'), and nothing is written. An
 * optional buffer passed as NULL has size 0 (a zero shape for a skipped matrix is not required:
 * its shape is ignored). */

/* ---- padding and flatten ------------------------------------------------------------------------- */
/* y = x surrounded by pad cells of value; y_shape = cnnkit_pad_output_shape(x_shape, pad). */
CNNKIT_C_API cnnkit_status cnnkit_pad_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape, float* y,
                                          cnnkit_nhwc y_shape, cnnkit_padding pad, float value);
CNNKIT_C_API cnnkit_status cnnkit_pad_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape, double* y,
                                          cnnkit_nhwc y_shape, cnnkit_padding pad, double value);
/* Flatten is a reshape in NHWC row-major order: (n, h, w, c) -> (n, h*w*c); no data moves. h, w
 * and c must be >= 1 with h*w*c representable in int64. The typed forms give the matrix view of
 * the same data: *y = x and *y_shape the shape (feed them to the dense functions). */
CNNKIT_C_API cnnkit_status cnnkit_flatten_shape(cnnkit_nhwc x, cnnkit_matrix* y);
CNNKIT_C_API cnnkit_status cnnkit_flatten_f32(const float* x, cnnkit_nhwc x_shape, const float** y,
                                              cnnkit_matrix* y_shape);
CNNKIT_C_API cnnkit_status cnnkit_flatten_f64(const double* x, cnnkit_nhwc x_shape, const double** y,
                                              cnnkit_matrix* y_shape);

/* ---- convolution (cross-correlation); params may be NULL (defaults) ------------------------------ */
/* bias: c_out values (bias_size = w_shape.c_out), or NULL with bias_size 0.
 * y_shape = cnnkit_conv2d_output_shape(x_shape, w_shape, params). */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                     const float* w, cnnkit_hwio w_shape, const float* bias,
                                                     int64_t bias_size, float* y, cnnkit_nhwc y_shape,
                                                     const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                     const double* w, cnnkit_hwio w_shape, const double* bias,
                                                     int64_t bias_size, double* y, cnnkit_nhwc y_shape,
                                                     const cnnkit_conv2d_params* params);
/* Prepacked weights (cnnkit/prepack.hpp): a copy of w packed once for the forward kernels of the
   tier ctx (or the global context, ctx NULL) would run; use it for many forward calls. The
   handle belongs to one element type: an f32 handle passed to an f64 call is an error. */
typedef struct cnnkit_conv2d_packed_weights cnnkit_conv2d_packed_weights;
CNNKIT_C_API cnnkit_status cnnkit_conv2d_pack_weights_f32(const cnnkit_context* ctx, const float* w,
                                                          cnnkit_hwio w_shape, cnnkit_conv2d_packed_weights** packed,
                                                          int64_t groups);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_pack_weights_f64(const cnnkit_context* ctx, const double* w,
                                                          cnnkit_hwio w_shape, cnnkit_conv2d_packed_weights** packed,
                                                          int64_t groups);
/* NULL is a no-op. */
CNNKIT_C_API void cnnkit_conv2d_packed_weights_destroy(cnnkit_conv2d_packed_weights* packed);
/* conv2d_forward with prepacked weights (the handle carries their shape); params->groups must be
 * the groups they were packed for. */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_packed_f32(const cnnkit_context* ctx, const float* x,
                                                            cnnkit_nhwc x_shape,
                                                            const cnnkit_conv2d_packed_weights* w, const float* bias,
                                                            int64_t bias_size, float* y, cnnkit_nhwc y_shape,
                                                            const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_packed_f64(const cnnkit_context* ctx, const double* x,
                                                            cnnkit_nhwc x_shape,
                                                            const cnnkit_conv2d_packed_weights* w, const double* bias,
                                                            int64_t bias_size, double* y, cnnkit_nhwc y_shape,
                                                            const cnnkit_conv2d_params* params);
/* Fused epilogues (opt-in): the epilogue argument of the _epilogue forward calls, an int so a
   bad value is an error. RELU: y = max(y, 0) as each output is stored, in the same pass over y:
   bitwise the forward call followed by cnnkit_relu_forward (NaN kept, -0 -> +0). */
enum { CNNKIT_EPILOGUE_NONE = 0, CNNKIT_EPILOGUE_RELU = 1 };
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_epilogue_f32(const cnnkit_context* ctx, const float* x,
                                                              cnnkit_nhwc x_shape, const float* w, cnnkit_hwio w_shape,
                                                              const float* bias, int64_t bias_size, float* y,
                                                              cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params,
                                                              int32_t epilogue);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_epilogue_f64(const cnnkit_context* ctx, const double* x,
                                                              cnnkit_nhwc x_shape, const double* w,
                                                              cnnkit_hwio w_shape, const double* bias,
                                                              int64_t bias_size, double* y, cnnkit_nhwc y_shape,
                                                              const cnnkit_conv2d_params* params, int32_t epilogue);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f32(const cnnkit_context* ctx, const float* x,
                                                                     cnnkit_nhwc x_shape,
                                                                     const cnnkit_conv2d_packed_weights* w,
                                                                     const float* bias, int64_t bias_size, float* y,
                                                                     cnnkit_nhwc y_shape,
                                                                     const cnnkit_conv2d_params* params,
                                                                     int32_t epilogue);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f64(const cnnkit_context* ctx, const double* x,
                                                                     cnnkit_nhwc x_shape,
                                                                     const cnnkit_conv2d_packed_weights* w,
                                                                     const double* bias, int64_t bias_size, double* y,
                                                                     cnnkit_nhwc y_shape,
                                                                     const cnnkit_conv2d_params* params,
                                                                     int32_t epilogue);
/* dx = dL/dx given w and dy = dL/dy; dx_shape is the forward input's shape (it fixes the geometry). */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_data_f32(const cnnkit_context* ctx, const float* w,
                                                           cnnkit_hwio w_shape, const float* dy, cnnkit_nhwc dy_shape,
                                                           float* dx, cnnkit_nhwc dx_shape,
                                                           const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_data_f64(const cnnkit_context* ctx, const double* w,
                                                           cnnkit_hwio w_shape, const double* dy, cnnkit_nhwc dy_shape,
                                                           double* dx, cnnkit_nhwc dx_shape,
                                                           const cnnkit_conv2d_params* params);
/* Prepacked weights for backward data (cnnkit/prepack.hpp, Conv2dBackwardDataPackedWeights): as
   cnnkit_conv2d_packed_weights, packed for the backward-data kernels of the tier ctx would run. */
typedef struct cnnkit_conv2d_bwd_data_packed_weights cnnkit_conv2d_bwd_data_packed_weights;
CNNKIT_C_API cnnkit_status cnnkit_conv2d_pack_bwd_data_weights_f32(const cnnkit_context* ctx, const float* w,
                                                                   cnnkit_hwio w_shape,
                                                                   cnnkit_conv2d_bwd_data_packed_weights** packed,
                                                                   int64_t groups);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_pack_bwd_data_weights_f64(const cnnkit_context* ctx, const double* w,
                                                                   cnnkit_hwio w_shape,
                                                                   cnnkit_conv2d_bwd_data_packed_weights** packed,
                                                                   int64_t groups);
/* NULL is a no-op. */
CNNKIT_C_API void cnnkit_conv2d_bwd_data_packed_weights_destroy(cnnkit_conv2d_bwd_data_packed_weights* packed);
/* conv2d_backward_data with prepacked weights; params->groups must be the groups they were packed for. */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_data_packed_f32(const cnnkit_context* ctx,
                                                                  const cnnkit_conv2d_bwd_data_packed_weights* w,
                                                                  const float* dy, cnnkit_nhwc dy_shape, float* dx,
                                                                  cnnkit_nhwc dx_shape,
                                                                  const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_data_packed_f64(const cnnkit_context* ctx,
                                                                  const cnnkit_conv2d_bwd_data_packed_weights* w,
                                                                  const double* dy, cnnkit_nhwc dy_shape, double* dx,
                                                                  cnnkit_nhwc dx_shape,
                                                                  const cnnkit_conv2d_params* params);
/* dw = dL/dw given the forward input x and dy. */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_weights_f32(const cnnkit_context* ctx, const float* x,
                                                              cnnkit_nhwc x_shape, const float* dy,
                                                              cnnkit_nhwc dy_shape, float* dw, cnnkit_hwio dw_shape,
                                                              const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_weights_f64(const cnnkit_context* ctx, const double* x,
                                                              cnnkit_nhwc x_shape, const double* dy,
                                                              cnnkit_nhwc dy_shape, double* dw, cnnkit_hwio dw_shape,
                                                              const cnnkit_conv2d_params* params);
/* db[o] = sum over n, h, w of dy[n, h, w, o]; db_size must be dy_shape.c. */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_bias_f32(const cnnkit_context* ctx, const float* dy,
                                                           cnnkit_nhwc dy_shape, float* db, int64_t db_size);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_bias_f64(const cnnkit_context* ctx, const double* dy,
                                                           cnnkit_nhwc dy_shape, double* db, int64_t db_size);

/* dw and db from one call, in one pass over dy: bitwise cnnkit_conv2d_backward_weights and
   cnnkit_conv2d_backward_bias under the same context; db_size must be dy_shape.c. */
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_weights_bias_f32(const cnnkit_context* ctx, const float* x,
                                                                   cnnkit_nhwc x_shape, const float* dy,
                                                                   cnnkit_nhwc dy_shape, float* dw,
                                                                   cnnkit_hwio dw_shape, float* db, int64_t db_size,
                                                                   const cnnkit_conv2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_conv2d_backward_weights_bias_f64(const cnnkit_context* ctx, const double* x,
                                                                   cnnkit_nhwc x_shape, const double* dy,
                                                                   cnnkit_nhwc dy_shape, double* dw,
                                                                   cnnkit_hwio dw_shape, double* db, int64_t db_size,
                                                                   const cnnkit_conv2d_params* params);

/* ---- pooling; params required -------------------------------------------------------------------- */
/* y_shape = cnnkit_pool2d_output_shape(x_shape, params). */
CNNKIT_C_API cnnkit_status cnnkit_pool2d_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                     float* y, cnnkit_nhwc y_shape, const cnnkit_pool2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_pool2d_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                     double* y, cnnkit_nhwc y_shape,
                                                     const cnnkit_pool2d_params* params);
/* x is the forward input (x_shape = dx_shape); it may be NULL for average pooling (x_shape is then
 * ignored). */
CNNKIT_C_API cnnkit_status cnnkit_pool2d_backward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                      const float* dy, cnnkit_nhwc dy_shape, float* dx,
                                                      cnnkit_nhwc dx_shape, const cnnkit_pool2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_pool2d_backward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                      const double* dy, cnnkit_nhwc dy_shape, double* dx,
                                                      cnnkit_nhwc dx_shape, const cnnkit_pool2d_params* params);
/* Max pooling with saved indices (params->mode must be CNNKIT_POOL_MAX). indices (int32,
 * indices_shape = y_shape) receives per output cell and channel the winner's position
 * h * x_shape.w + w in its input plane (PyTorch's return_indices): the window's first NaN, else its
 * first maximum (row-major). y is bitwise cnnkit_pool2d_forward's. x_shape.h * x_shape.w must fit
 * in int32. */
CNNKIT_C_API cnnkit_status cnnkit_pool2d_forward_indices_f32(const cnnkit_context* ctx, const float* x,
                                                             cnnkit_nhwc x_shape, float* y, cnnkit_nhwc y_shape,
                                                             int32_t* indices, cnnkit_nhwc indices_shape,
                                                             const cnnkit_pool2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_pool2d_forward_indices_f64(const cnnkit_context* ctx, const double* x,
                                                             cnnkit_nhwc x_shape, double* y, cnnkit_nhwc y_shape,
                                                             int32_t* indices, cnnkit_nhwc indices_shape,
                                                             const cnnkit_pool2d_params* params);
/* Max-pool backward from those indices (indices_shape = dy_shape) instead of x: bitwise
 * cnnkit_pool2d_backward with CNNKIT_TIES_FIRST; CNNKIT_TIES_ALL is an error. An index that is not
 * a cell of its own window is CNNKIT_STATUS_INVALID_ARGUMENT naming 'indices', its position and
 * value (never a write outside dx; dx is then unspecified). */
CNNKIT_C_API cnnkit_status cnnkit_pool2d_backward_indices_f32(const cnnkit_context* ctx, const int32_t* indices,
                                                              cnnkit_nhwc indices_shape, const float* dy,
                                                              cnnkit_nhwc dy_shape, float* dx, cnnkit_nhwc dx_shape,
                                                              const cnnkit_pool2d_params* params);
CNNKIT_C_API cnnkit_status cnnkit_pool2d_backward_indices_f64(const cnnkit_context* ctx, const int32_t* indices,
                                                              cnnkit_nhwc indices_shape, const double* dy,
                                                              cnnkit_nhwc dy_shape, double* dx, cnnkit_nhwc dx_shape,
                                                              const cnnkit_pool2d_params* params);

/* ---- ReLU: every size equals x_size ---------------------------------------------------------------- */
/* y = max(x, 0), NaN propagated. In place allowed: y == x. */
CNNKIT_C_API cnnkit_status cnnkit_relu_forward_f32(const cnnkit_context* ctx, const float* x, int64_t x_size, float* y,
                                                   int64_t y_size);
CNNKIT_C_API cnnkit_status cnnkit_relu_forward_f64(const cnnkit_context* ctx, const double* x, int64_t x_size,
                                                   double* y, int64_t y_size);
/* dx = dy where x > 0 or x is NaN, 0 where x <= 0. In place allowed: dx == dy or dx == x. */
CNNKIT_C_API cnnkit_status cnnkit_relu_backward_f32(const cnnkit_context* ctx, const float* x, int64_t x_size,
                                                    const float* dy, int64_t dy_size, float* dx, int64_t dx_size);
CNNKIT_C_API cnnkit_status cnnkit_relu_backward_f64(const cnnkit_context* ctx, const double* x, int64_t x_size,
                                                    const double* dy, int64_t dy_size, double* dx, int64_t dx_size);

/* ---- dense: x (m, n_in), w (n_in, n_out), bias (n_out values) or NULL, y (m, n_out) ---------------- */
CNNKIT_C_API cnnkit_status cnnkit_dense_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape,
                                                    const float* w, cnnkit_matrix w_shape, const float* bias,
                                                    int64_t bias_size, float* y, cnnkit_matrix y_shape);
CNNKIT_C_API cnnkit_status cnnkit_dense_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_matrix x_shape,
                                                    const double* w, cnnkit_matrix w_shape, const double* bias,
                                                    int64_t bias_size, double* y, cnnkit_matrix y_shape);
/* dx (m, n_in) = dy (m, n_out) @ w^T */
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_data_f32(const cnnkit_context* ctx, const float* w,
                                                          cnnkit_matrix w_shape, const float* dy,
                                                          cnnkit_matrix dy_shape, float* dx, cnnkit_matrix dx_shape);
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_data_f64(const cnnkit_context* ctx, const double* w,
                                                          cnnkit_matrix w_shape, const double* dy,
                                                          cnnkit_matrix dy_shape, double* dx, cnnkit_matrix dx_shape);
/* dw (n_in, n_out) = x^T @ dy */
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_weights_f32(const cnnkit_context* ctx, const float* x,
                                                             cnnkit_matrix x_shape, const float* dy,
                                                             cnnkit_matrix dy_shape, float* dw,
                                                             cnnkit_matrix dw_shape);
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_weights_f64(const cnnkit_context* ctx, const double* x,
                                                             cnnkit_matrix x_shape, const double* dy,
                                                             cnnkit_matrix dy_shape, double* dw,
                                                             cnnkit_matrix dw_shape);
/* db (n_out values; db_size = dy_shape.cols) = column sums of dy (m, n_out) */
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_bias_f32(const cnnkit_context* ctx, const float* dy,
                                                          cnnkit_matrix dy_shape, float* db, int64_t db_size);
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_bias_f64(const cnnkit_context* ctx, const double* dy,
                                                          cnnkit_matrix dy_shape, double* db, int64_t db_size);
/* All three gradients; dx, dw and db may each be NULL (skipped), not all three. x is needed for
 * dw, w for dx and dw. Everything is validated before anything is written. */
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape,
                                                     const float* w, cnnkit_matrix w_shape, const float* dy,
                                                     cnnkit_matrix dy_shape, float* dx, cnnkit_matrix dx_shape,
                                                     float* dw, cnnkit_matrix dw_shape, float* db, int64_t db_size);
CNNKIT_C_API cnnkit_status cnnkit_dense_backward_f64(const cnnkit_context* ctx, const double* x,
                                                     cnnkit_matrix x_shape, const double* w, cnnkit_matrix w_shape,
                                                     const double* dy, cnnkit_matrix dy_shape, double* dx,
                                                     cnnkit_matrix dx_shape, double* dw, cnnkit_matrix dw_shape,
                                                     double* db, int64_t db_size);

/* ---- softmax cross-entropy: logits (m, classes); *loss = the mean over rows -------------------------- */
/* labels: (m, classes) probability rows (need not be one-hot). dlogits (m, classes) may be NULL. */
CNNKIT_C_API cnnkit_status cnnkit_softmax_cross_entropy_f32(const cnnkit_context* ctx, const float* logits,
                                                            cnnkit_matrix logits_shape, const float* labels,
                                                            cnnkit_matrix labels_shape, float* loss, float* dlogits,
                                                            cnnkit_matrix dlogits_shape);
CNNKIT_C_API cnnkit_status cnnkit_softmax_cross_entropy_f64(const cnnkit_context* ctx, const double* logits,
                                                            cnnkit_matrix logits_shape, const double* labels,
                                                            cnnkit_matrix labels_shape, double* loss, double* dlogits,
                                                            cnnkit_matrix dlogits_shape);
/* labels: m class indices in [0, classes) (labels_size = m). dlogits may be NULL. */
CNNKIT_C_API cnnkit_status cnnkit_softmax_cross_entropy_index_f32(const cnnkit_context* ctx, const float* logits,
                                                                  cnnkit_matrix logits_shape, const int64_t* labels,
                                                                  int64_t labels_size, float* loss, float* dlogits,
                                                                  cnnkit_matrix dlogits_shape);
CNNKIT_C_API cnnkit_status cnnkit_softmax_cross_entropy_index_f64(const cnnkit_context* ctx, const double* logits,
                                                                  cnnkit_matrix logits_shape, const int64_t* labels,
                                                                  int64_t labels_size, double* loss, double* dlogits,
                                                                  cnnkit_matrix dlogits_shape);

/* ---- Adam: one update in place on param, m and v; every size equals param_size; params required --- */
CNNKIT_C_API cnnkit_status cnnkit_adam_step_f32(const cnnkit_context* ctx, float* param, int64_t param_size,
                                                const float* grad, int64_t grad_size, float* m, int64_t m_size,
                                                float* v, int64_t v_size, const cnnkit_adam_params* params);
CNNKIT_C_API cnnkit_status cnnkit_adam_step_f64(const cnnkit_context* ctx, double* param, int64_t param_size,
                                                const double* grad, int64_t grad_size, double* m, int64_t m_size,
                                                double* v, int64_t v_size, const cnnkit_adam_params* params);

/* ---- the seeds' helpers ----------------------------------------------------------------------------- */
/* *z = sum(a_slice * weights) + bias; a_slice and weights are (f_h, f_w, channels), row-major
 * (a_slice_size = weights_size = f_h * f_w * channels). */
CNNKIT_C_API cnnkit_status cnnkit_conv_single_step_f32(const cnnkit_context* ctx, const float* a_slice,
                                                       int64_t a_slice_size, const float* weights,
                                                       int64_t weights_size, float bias, float* z, int64_t f_h,
                                                       int64_t f_w, int64_t channels);
CNNKIT_C_API cnnkit_status cnnkit_conv_single_step_f64(const cnnkit_context* ctx, const double* a_slice,
                                                       int64_t a_slice_size, const double* weights,
                                                       int64_t weights_size, double bias, double* z, int64_t f_h,
                                                       int64_t f_w, int64_t channels);
/* mask (mask_shape = x_shape) = 1 at the maximum of x, 0 elsewhere; ties: CNNKIT_TIES_FIRST marks
 * the first maximum (row-major), CNNKIT_TIES_ALL every one. */
CNNKIT_C_API cnnkit_status cnnkit_create_mask_from_window_f32(const cnnkit_context* ctx, const float* x,
                                                              cnnkit_matrix x_shape, float* mask,
                                                              cnnkit_matrix mask_shape, int32_t ties);
CNNKIT_C_API cnnkit_status cnnkit_create_mask_from_window_f64(const cnnkit_context* ctx, const double* x,
                                                              cnnkit_matrix x_shape, double* mask,
                                                              cnnkit_matrix mask_shape, int32_t ties);
/* out = dz / (rows * cols) everywhere. */
CNNKIT_C_API cnnkit_status cnnkit_distribute_value_f32(const cnnkit_context* ctx, float dz, float* out,
                                                       cnnkit_matrix out_shape);
CNNKIT_C_API cnnkit_status cnnkit_distribute_value_f64(const cnnkit_context* ctx, double dz, double* out,
                                                       cnnkit_matrix out_shape);

#ifdef __cplusplus
}
#endif

#endif /* CNNKIT_CNNKIT_H */
