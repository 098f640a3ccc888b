# Script mode (cmake -P): install, build the consumer against the install, run it.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

set(prefix ${CNNKIT_SCRATCH}/prefix)
file(REMOVE_RECURSE ${CNNKIT_SCRATCH})
run(${CMAKE_COMMAND} --install ${CNNKIT_BUILD_DIR} --prefix ${prefix})

# 1. CMake package: find_package(cnnkit) with the shared and the static library.
run(${CMAKE_COMMAND} -S ${CNNKIT_CONSUMER_SOURCE} -B ${CNNKIT_SCRATCH}/build -G ${CNNKIT_GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${CNNKIT_SCRATCH}/build)
run(${CNNKIT_SCRATCH}/build/consumer_shared)
run(${CNNKIT_SCRATCH}/build/consumer_static)

# 2. pkg-config: a C program against the C ABI.
if(CNNKIT_PKG_CONFIG)
  file(GLOB pc_file ${prefix}/lib*/pkgconfig/cnnkit.pc ${prefix}/lib/*/pkgconfig/cnnkit.pc)
  get_filename_component(pc_dir "${pc_file}" DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pc_dir})
  execute_process(COMMAND ${CNNKIT_PKG_CONFIG} --cflags --libs cnnkit OUTPUT_VARIABLE flags
                  RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config cannot find cnnkit in ${pc_dir}")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  string(REGEX MATCH "-L[^ ;]+" libdir_flag "${flags}")
  string(SUBSTRING "${libdir_flag}" 2 -1 libdir)
  run(${CNNKIT_C_COMPILER} -std=c11 -Wall -Wextra -pedantic -Werror ${CNNKIT_CONSUMER_SOURCE}/consumer.c ${flags}
      -Wl,-rpath,${libdir} -o ${CNNKIT_SCRATCH}/consumer_c)
  run(${CNNKIT_SCRATCH}/consumer_c)
else()
  message(STATUS "pkg-config not found: the C consumer is skipped")
endif()
