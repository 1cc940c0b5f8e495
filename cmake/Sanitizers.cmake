# cmake/Sanitizers.cmake -- TAYLORDIAG_SANITIZE=address;undefined | thread | memory | leak.
#
# Applied directory-wide (compile and link options) from the top-level CMakeLists.txt, so the
# library, the tests, the benchmarks and the examples are instrumented alike. Suppression files
# live next to this file in cmake/sanitizers/ and are handed to the tests through the
# environment (see tests/CMakeLists.txt, TAYLORDIAG_SANITIZER_ENV).

set(TAYLORDIAG_SANITIZER_ENV "")

function(taylordiag_apply_sanitizers sanitizers)
  if(NOT sanitizers)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "TAYLORDIAG_SANITIZE needs GCC or Clang (got ${CMAKE_CXX_COMPILER_ID})")
  endif()
  if("thread" IN_LIST sanitizers AND ("address" IN_LIST sanitizers OR "leak" IN_LIST sanitizers))
    message(FATAL_ERROR "TAYLORDIAG_SANITIZE: 'thread' cannot be combined with 'address'/'leak'")
  endif()
  foreach(_s IN LISTS sanitizers)
    if(NOT _s MATCHES "^(address|undefined|thread|memory|leak)$")
      message(FATAL_ERROR "TAYLORDIAG_SANITIZE: unknown sanitizer '${_s}'")
    endif()
  endforeach()

  list(JOIN sanitizers "," _joined)
  set(_flags -fsanitize=${_joined} -fno-omit-frame-pointer)
  if("undefined" IN_LIST sanitizers)
    # Make UBSan findings fail the test instead of printing and carrying on.
    list(APPEND _flags -fno-sanitize-recover=undefined)
  endif()
  add_compile_options(${_flags})
  add_link_options(-fsanitize=${_joined})
  message(STATUS "taylordiag: sanitizers enabled: ${_joined}")

  set(_dir "${PROJECT_SOURCE_DIR}/cmake/sanitizers")
  set(_env "")
  if("address" IN_LIST sanitizers)
    list(APPEND _env "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_init_order=1:detect_stack_use_after_return=1")
    list(APPEND _env "LSAN_OPTIONS=suppressions=${_dir}/lsan.supp")
  endif()
  if("undefined" IN_LIST sanitizers)
    list(APPEND _env "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=${_dir}/ubsan.supp")
  endif()
  if("thread" IN_LIST sanitizers)
    list(APPEND _env "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=${_dir}/tsan.supp")
  endif()
  set(TAYLORDIAG_SANITIZER_ENV "${_env}" PARENT_SCOPE)
endfunction()
