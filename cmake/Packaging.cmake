# cmake/Packaging.cmake -- install(), the CMake package (taylordiag::taylordiag) and taylordiag.pc.
#
#   <prefix>/include/taylordiag/...                      headers
#   <prefix>/<libdir>/libtaylordiag.a                    the static library
#   <prefix>/<libdir>/cmake/taylordiag/                  taylordiagConfig.cmake, version, targets
#   <prefix>/<libdir>/pkgconfig/taylordiag.pc            pkg-config
#
# A build-tree export (<build>/taylordiagTargets.cmake + taylordiagConfig.cmake) lets another
# project use a build directory directly: -Dtaylordiag_DIR=<build>.

include(CMakePackageConfigHelpers)

set(TAYLORDIAG_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/taylordiag" CACHE STRING
  "Install directory (relative to the prefix) of taylordiagConfig.cmake")
mark_as_advanced(TAYLORDIAG_CMAKE_DIR)

write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/taylordiagConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)

# Build tree: the config file includes the targets file next to it.
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/taylordiagConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/taylordiagConfig.cmake"
  INSTALL_DESTINATION "${PROJECT_BINARY_DIR}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/taylordiagXtlShim.cmake"
  "${PROJECT_BINARY_DIR}/taylordiagXtlShim.cmake" COPYONLY)
if(NOT TAYLORDIAG_FETCHED_DEPS)
  # With fetched dependencies xsimd/TBB are not part of any build-tree export set.
  export(TARGETS taylordiag NAMESPACE taylordiag:: FILE "${PROJECT_BINARY_DIR}/taylordiagTargets.cmake")
endif()

if(NOT TAYLORDIAG_INSTALL)
  return()
endif()

install(TARGETS taylordiag
  EXPORT taylordiagTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT taylordiag_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT taylordiag_development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/taylordiag"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT taylordiag_development
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
install(EXPORT taylordiagTargets
  NAMESPACE taylordiag::
  FILE taylordiagTargets.cmake
  DESTINATION ${TAYLORDIAG_CMAKE_DIR}
  COMPONENT taylordiag_development)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/taylordiagConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/install/taylordiagConfig.cmake"
  INSTALL_DESTINATION ${TAYLORDIAG_CMAKE_DIR})
install(FILES
  "${PROJECT_BINARY_DIR}/install/taylordiagConfig.cmake"
  "${PROJECT_BINARY_DIR}/taylordiagConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/taylordiagXtlShim.cmake"
  DESTINATION ${TAYLORDIAG_CMAKE_DIR}
  COMPONENT taylordiag_development)

# pkg-config: paths relative to ${prefix} so that the installed tree is relocatable.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(TAYLORDIAG_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(TAYLORDIAG_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(TAYLORDIAG_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(TAYLORDIAG_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/taylordiag.pc.in"
  "${PROJECT_BINARY_DIR}/taylordiag.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/taylordiag.pc"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT taylordiag_development)

if(TARGET taylordiag_cli)
  install(TARGETS taylordiag_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT taylordiag_runtime)
endif()
