// Symbol visibility for the shared library: everything is hidden unless marked.
#pragma once

#if defined(_WIN32)
#define CNNKIT_API
#else
#define CNNKIT_API __attribute__((visibility("default")))
#endif
