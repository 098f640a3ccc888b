# Finds XNNPACK and the pthreadpool it runs on (Debian: libxnnpack-dev, libpthreadpool-dev),
# which install headers and libraries but no CMake package config.
#
# Result variables: XNNPACK_FOUND, XNNPACK_INCLUDE_DIR, XNNPACK_LIBRARY, PTHREADPOOL_INCLUDE_DIR,
# PTHREADPOOL_LIBRARY.
# Imported targets: XNNPACK::pthreadpool, and XNNPACK::XNNPACK (which links XNNPACK::pthreadpool,
# since xnnpack.h includes pthreadpool.h and takes pthreadpool_t arguments).
find_path(XNNPACK_INCLUDE_DIR NAMES xnnpack.h)
find_library(XNNPACK_LIBRARY NAMES XNNPACK xnnpack)
find_path(PTHREADPOOL_INCLUDE_DIR NAMES pthreadpool.h)
find_library(PTHREADPOOL_LIBRARY NAMES pthreadpool)
mark_as_advanced(XNNPACK_INCLUDE_DIR XNNPACK_LIBRARY PTHREADPOOL_INCLUDE_DIR PTHREADPOOL_LIBRARY)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(XNNPACK
  REQUIRED_VARS XNNPACK_LIBRARY XNNPACK_INCLUDE_DIR PTHREADPOOL_LIBRARY PTHREADPOOL_INCLUDE_DIR)

if(XNNPACK_FOUND)
  if(NOT TARGET XNNPACK::pthreadpool)
    add_library(XNNPACK::pthreadpool UNKNOWN IMPORTED)
    set_target_properties(XNNPACK::pthreadpool PROPERTIES
      IMPORTED_LOCATION "${PTHREADPOOL_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${PTHREADPOOL_INCLUDE_DIR}")
  endif()
  if(NOT TARGET XNNPACK::XNNPACK)
    add_library(XNNPACK::XNNPACK UNKNOWN IMPORTED)
    set_target_properties(XNNPACK::XNNPACK PROPERTIES
      IMPORTED_LOCATION "${XNNPACK_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${XNNPACK_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES XNNPACK::pthreadpool)
  endif()
endif()
