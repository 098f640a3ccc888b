/* The typed C ABI functions for double (c_abi_every_function.inc). */
#define REAL double
#define SFX f64
#include "c_abi_every_function.inc"
