/* The op cases for double. */
#define REAL double
#define SFX f64
#define TOL 1e-12
#include "c_abi_ops_cases.inc"
