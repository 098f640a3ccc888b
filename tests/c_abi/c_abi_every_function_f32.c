/* The typed C ABI functions for float (c_abi_every_function.inc). */
#define REAL float
#define SFX f32
#include "c_abi_every_function.inc"
