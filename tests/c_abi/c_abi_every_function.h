/* The table of the C ABI's exported functions: each name with the case that calls it. */
#ifndef CNNKIT_TESTS_C_ABI_EVERY_FUNCTION_H
#define CNNKIT_TESTS_C_ABI_EVERY_FUNCTION_H

typedef struct c_abi_entry {
  const char* name; /* "cnnkit_relu_forward_f32" */
  void (*call)(void);
} c_abi_entry;

/* The typed functions of one element type (c_abi_every_function.inc). */
const c_abi_entry* every_function_entries_f32(int* count);
const c_abi_entry* every_function_entries_f64(int* count);

#endif
