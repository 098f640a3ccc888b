// Every public op template is explicitly instantiated for these element types, in its api file.
#pragma once

#define CNNKIT_FOR_EACH_REAL(MACRO) MACRO(float) MACRO(double)
