/* A minimal check harness for the C ABI tests (GoogleTest is C++; these tests must be C).
 * A case is a void function; checks count failures and print where they happened, and the
 * runner reports per case. */
#ifndef CNNKIT_TESTS_C_ABI_CHECK_H
#define CNNKIT_TESTS_C_ABI_CHECK_H

#include "cnnkit/cnnkit.h"

void check_true(int ok, const char* what, const char* file, int line);
void check_near(double got, double want, double tol, const char* what, const char* file, int line);
void check_status(cnnkit_status got, cnnkit_status want, const char* what, const char* file, int line);
/* status == want, and cnnkit_last_error() contains every non-NULL part. */
void check_error(cnnkit_status got, cnnkit_status want, const char* part1, const char* part2, const char* what,
                 const char* file, int line);
void check_str(const char* got, const char* want, const char* what, const char* file, int line);
void check_contains(const char* haystack, const char* needle, const char* what, const char* file, int line);

#define CHECK(cond) check_true((cond) != 0, #cond, __FILE__, __LINE__)
/* |got - want| <= tol * max(1, |want|); NaN equals only NaN. */
#define CHECK_NEAR(got, want, tol) check_near((double)(got), (double)(want), (tol), #got, __FILE__, __LINE__)
#define CHECK_OK(call) check_status((call), CNNKIT_STATUS_OK, #call, __FILE__, __LINE__)
#define CHECK_ERROR(call, status, part1, part2) \
  check_error((call), (status), (part1), (part2), #call, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_CONTAINS(haystack, needle) check_contains((haystack), (needle), #haystack, __FILE__, __LINE__)

/* Runs one case and records whether any check in it failed. */
void run_case(const char* name, void (*fn)(void));
/* A case that cannot run here (e.g. no variant to exercise yet) says so and counts as skipped. */
void skip_case(const char* why);

/* Test groups (one per source file). */
void run_ops_tests_f32(void);
void run_ops_tests_f64(void);
void run_error_tests(void);
void run_dispatch_tests(void);
void run_overflow_tests(void);
void run_thread_plan_tests(void);
void run_every_function_tests(void);

#endif
