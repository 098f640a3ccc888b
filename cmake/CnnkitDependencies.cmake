# Every dependency comes from the system (Debian 12 packages, installed by scripts/setup-debian.sh)
# through find_package; nothing is vendored or downloaded.
# Debian's xsimd 8.1 package config links the target "xtl" (header-only, package xtl-dev) without
# finding it; find it first so that name is a target and not a "-lxtl" that cannot be found.
find_package(xtl REQUIRED)
find_package(xsimd 8.1 REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(TBB REQUIRED)
find_package(Threads REQUIRED)
if(CNNKIT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CNNKIT_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
  # The bench tools' command lines (CLI11, libcli11-dev) and cnnkit-bench's JSON files
  # (nlohmann-json, nlohmann-json3-dev): both header-only.
  find_package(CLI11 REQUIRED)
  find_package(nlohmann_json 3.10 REQUIRED)
  # Optional: the competitor engines cnnkit-bench compares with (bench/engines). A missing one
  # only takes its rows out of the tables. Debian's oneDNN package config (libdnnl-dev) demands
  # OpenCL (its GPU runtime), so it is only asked for when OpenCL is there; without OpenCL it
  # would stop the configuration instead of reporting oneDNN missing.
  option(CNNKIT_BENCH_ENGINES "Compare with oneDNN and XNNPACK in cnnkit-bench when they are installed" ON)
  if(CNNKIT_BENCH_ENGINES)
    find_package(OpenCL QUIET)
    if(OpenCL_FOUND)
      find_package(dnnl 2.6...<3 CONFIG QUIET)
    endif()
    find_package(XNNPACK QUIET)  # cmake/FindXNNPACK.cmake (XNNPACK and pthreadpool)
  endif()
endif()

# cnnkit_openmp: the OpenMP runtime every target of the project links (never OpenMP::OpenMP_CXX
# directly). GCC's libgomp is invisible to ThreadSanitizer, so a TSan build runs the same
# GCC-compiled OpenMP code on LLVM's libomp (it implements libgomp's GOMP_* ABI), whose Archer tool
# (OMP_TOOL_LIBRARIES, set by the tsan test preset) tells TSan about OpenMP's synchronisation.
add_library(cnnkit_openmp INTERFACE)
if(CNNKIT_SANITIZE MATCHES "thread")
  find_library(CNNKIT_LLVM_OPENMP NAMES omp PATHS /usr/lib/llvm-14/lib NO_DEFAULT_PATH REQUIRED)
  find_file(CNNKIT_ARCHER libarcher.so PATHS /usr/lib/llvm-14/lib NO_DEFAULT_PATH REQUIRED)
  target_compile_options(cnnkit_openmp INTERFACE ${OpenMP_CXX_FLAGS})
  target_link_libraries(cnnkit_openmp INTERFACE ${CNNKIT_LLVM_OPENMP})
  set(CNNKIT_OPENMP_LINK $<BUILD_INTERFACE:cnnkit_openmp>)
else()
  target_link_libraries(cnnkit_openmp INTERFACE OpenMP::OpenMP_CXX)
  set(CNNKIT_OPENMP_LINK OpenMP::OpenMP_CXX)
endif()

# The Python module (python/) needs pybind11 (pybind11-dev) and the Python headers (python3-dev).
# The system interpreter comes first: `cmake --install` must put the module where /usr/bin/python3
# finds it, and a python3 earlier on PATH (pyenv, conda) may lack numpy; -DPython3_EXECUTABLE wins.
set(CNNKIT_PYTHON OFF)
if(NOT CNNKIT_BUILD_PYTHON STREQUAL "OFF")
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3)
  endif()
  if(CNNKIT_BUILD_PYTHON STREQUAL "ON")
    set(python_required REQUIRED)
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module ${python_required})
  if(Python3_FOUND)
    set(PYBIND11_FINDPYTHON ON)  # pybind11 uses the Python3 found above
    find_package(pybind11 2.10 CONFIG ${python_required})
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(CNNKIT_PYTHON ON)
  else()
    message(STATUS "cnnkit: Python module not built (needs python3-dev and pybind11-dev)")
  endif()
endif()
