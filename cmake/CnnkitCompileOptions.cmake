# Warnings and sanitizers for every target of the project (not for consumers of the package).
add_library(cnnkit_compile_options INTERFACE)
target_compile_options(cnnkit_compile_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       $<$<BOOL:${CNNKIT_WERROR}>:-Werror>)
if(CNNKIT_SANITIZE)
  list(JOIN CNNKIT_SANITIZE "," _cnnkit_sanitizers)
  target_compile_options(cnnkit_compile_options INTERFACE -fsanitize=${_cnnkit_sanitizers}
                         -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(cnnkit_compile_options INTERFACE -fsanitize=${_cnnkit_sanitizers})
endif()
# The fuzz preset: coverage instrumentation for libFuzzer on every target (clang only).
if(CNNKIT_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(cnnkit_compile_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
