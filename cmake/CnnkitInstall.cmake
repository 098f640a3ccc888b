# Installation: headers, both libraries, a CMake package (find_package(cnnkit) gives
# cnnkit::cnnkit and cnnkit::cnnkit_static) and a relocatable pkg-config file.
include(CMakePackageConfigHelpers)

set(CNNKIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cnnkit)

install(TARGETS cnnkit cnnkit_static EXPORT cnnkitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cnnkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/cnnkit/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cnnkit)

install(EXPORT cnnkitTargets NAMESPACE cnnkit:: DESTINATION ${CNNKIT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cnnkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cnnkitConfig.cmake INSTALL_DESTINATION ${CNNKIT_CMAKE_DIR})
# Pre-1.0 a minor version may break the C ABI (0.2 did), so a request for 0.1 must not accept 0.2.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cnnkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cnnkitConfig.cmake ${PROJECT_BINARY_DIR}/cnnkitConfigVersion.cmake
  DESTINATION ${CNNKIT_CMAKE_DIR})

# pkg-config paths are relative to the .pc file, so an installed tree can be moved.
file(RELATIVE_PATH CNNKIT_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" CNNKIT_PC_TO_PREFIX "${CNNKIT_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/cnnkit.pc.in ${PROJECT_BINARY_DIR}/cnnkit.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cnnkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
