/* The op cases for float. */
#define REAL float
#define SFX f32
#define TOL 1e-5
#include "c_abi_ops_cases.inc"
