/* Compiled with -Werror (see CMakeLists.txt): the public C header must be warning-free C11 with
 * -Wall -Wextra -pedantic, on its own, before any other include. */
#include "cnnkit/cnnkit.h"

/* A translation unit must declare something under -pedantic. */
typedef cnnkit_status header_is_c11_status;
