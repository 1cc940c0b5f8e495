# cmake/taylordiagXtlShim.cmake -- work around Debian's xsimd 8.1 package (libxsimd-dev 8.1.0-7).
#
# Its exported target `xsimd` lists a plain `xtl` in INTERFACE_LINK_LIBRARIES but its config
# never looks for xtl, so every consumer is linked with a bogus `-lxtl` ("cannot find -lxtl").
# xtl is header-only and xsimd needs it only for XSIMD_ENABLE_XTL_COMPLEX, which we do not use.
# If xtl's own package is installed we use it; otherwise `xtl` becomes an empty interface
# target so that the link item resolves to nothing. Included after find_package(xsimd), both
# by our build and by the installed taylordiagConfig.cmake.
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_taylordiag_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if("xtl" IN_LIST _taylordiag_xsimd_links)
    find_package(xtl CONFIG QUIET)
    if(NOT TARGET xtl)
      add_library(xtl INTERFACE IMPORTED GLOBAL)
    endif()
  endif()
  unset(_taylordiag_xsimd_links)
endif()
