# cmake/Warnings.cmake -- the warning set for taylordiag's own targets (never for consumers).
#
# The set is chosen for template-heavy numeric code: -Wall -Wextra -Wpedantic plus the
# friends that catch real bugs (shadowing, lost virtual destructors, format strings, casts
# that drop alignment). -Wconversion / -Wsign-conversion are opt-in (TAYLORDIAG_WCONVERSION):
# every index-to-double or size_t-to-int in generic code would need a cast, which hides the
# conversions that matter. Compile options are PRIVATE, so nothing leaks to consumers.

function(taylordiag_set_warnings target)
  set(_gcc_clang
    -Wall -Wextra -Wpedantic
    -Wshadow
    -Wnon-virtual-dtor
    -Woverloaded-virtual
    -Wcast-align
    -Wcast-qual
    -Wformat=2
    -Wimplicit-fallthrough
    -Wmissing-declarations
    -Wundef)
  set(_gcc_only -Wduplicated-cond -Wlogical-op)
  if(TAYLORDIAG_WCONVERSION)
    list(APPEND _gcc_clang -Wconversion -Wsign-conversion)
  endif()
  if(TAYLORDIAG_WERROR)
    list(APPEND _gcc_clang -Werror)
  endif()
  target_compile_options(${target} PRIVATE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:${_gcc_clang}>
    $<$<CXX_COMPILER_ID:GNU>:${_gcc_only}>
    $<$<CXX_COMPILER_ID:MSVC>:/W4 /permissive- $<$<BOOL:${TAYLORDIAG_WERROR}>:/WX>>)
endfunction()
