/* The C ABI test program: runs every group and exits non-zero when any check failed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c_abi_check.h"

static int cases_run, cases_failed, cases_skipped, checks_run;
static int case_failures; /* failures in the running case */
static int case_skipped;
static const char* case_name = "(none)";

static void report_failure(const char* file, int line) {
  ++case_failures;
  fprintf(stderr, "FAILED %s at %s:%d: ", case_name, file, line);
}

void check_true(int ok, const char* what, const char* file, int line) {
  ++checks_run;
  if (ok) return;
  report_failure(file, line);
  fprintf(stderr, "%s\n", what);
}

void check_near(double got, double want, double tol, const char* what, const char* file, int line) {
  double scale = fabs(want) > 1.0 ? fabs(want) : 1.0;
  int ok = isnan(want) ? isnan(got) : (!isnan(got) && fabs(got - want) <= tol * scale);
  ++checks_run;
  if (ok) return;
  report_failure(file, line);
  fprintf(stderr, "%s = %.17g, expected %.17g (tolerance %g)\n", what, got, want, tol);
}

void check_status(cnnkit_status got, cnnkit_status want, const char* what, const char* file, int line) {
  ++checks_run;
  if (got == want) return;
  report_failure(file, line);
  fprintf(stderr, "%s returned %s, expected %s; last error: %s\n", what, cnnkit_status_string(got),
          cnnkit_status_string(want), cnnkit_last_error());
}

void check_error(cnnkit_status got, cnnkit_status want, const char* part1, const char* part2, const char* what,
                 const char* file, int line) {
  const char* message = cnnkit_last_error();
  check_status(got, want, what, file, line);
  if (part1) check_contains(message, part1, "cnnkit_last_error()", file, line);
  if (part2) check_contains(message, part2, "cnnkit_last_error()", file, line);
}

void check_str(const char* got, const char* want, const char* what, const char* file, int line) {
  ++checks_run;
  if (got && want && strcmp(got, want) == 0) return;
  if (!got && !want) return;
  report_failure(file, line);
  fprintf(stderr, "%s = \"%s\", expected \"%s\"\n", what, got ? got : "(null)", want ? want : "(null)");
}

void check_contains(const char* haystack, const char* needle, const char* what, const char* file, int line) {
  ++checks_run;
  if (haystack && strstr(haystack, needle)) return;
  report_failure(file, line);
  fprintf(stderr, "%s = \"%s\" does not contain \"%s\"\n", what, haystack ? haystack : "(null)", needle);
}

void skip_case(const char* why) {
  case_skipped = 1;
  printf("  skipped %s: %s\n", case_name, why);
}

void run_case(const char* name, void (*fn)(void)) {
  case_name = name;
  case_failures = 0;
  case_skipped = 0;
  fn();
  ++cases_run;
  if (case_failures) ++cases_failed;
  if (case_skipped && !case_failures) ++cases_skipped;
}

int main(void) {
  run_ops_tests_f32();
  run_ops_tests_f64();
  run_error_tests();
  run_dispatch_tests();
  run_overflow_tests();
  run_thread_plan_tests();
  run_every_function_tests();
  printf("c_abi_test: %d cases (%d failed, %d skipped), %d checks\n", cases_run, cases_failed, cases_skipped,
         checks_run);
  return cases_failed == 0 ? 0 : 1;
}
