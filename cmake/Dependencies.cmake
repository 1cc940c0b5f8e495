# cmake/Dependencies.cmake -- find xsimd, oneTBB, GoogleTest, Google Benchmark.
#
# Installed packages are found with find_package(... CONFIG) (Debian: libxsimd-dev, libtbb-dev,
# libgtest-dev, libbenchmark-dev). With -DTAYLORDIAG_FETCH_DEPS=ON a package that is not found
# is downloaded and built with FetchContent instead (needs network; OFF by default).

include(FetchContent)

# taylordiag_dependency(<package> <target> <git-url> <git-tag> [cache-var=value ...])
# Makes <target> available: from an installed CONFIG package, or fetched when allowed.
macro(taylordiag_dependency package target url tag)
  if(NOT TARGET ${target})
    find_package(${package} CONFIG QUIET)
  endif()
  if(TARGET ${target})
    message(STATUS "taylordiag: ${package} ${${package}_VERSION} found (${${package}_DIR})")
  elseif(TAYLORDIAG_FETCH_DEPS)
    message(STATUS "taylordiag: fetching ${package} ${tag} from ${url}")
    foreach(_kv ${ARGN})
      string(REPLACE "=" ";" _kv "${_kv}")
      list(GET _kv 0 _k)
      list(GET _kv 1 _v)
      set(${_k} ${_v} CACHE INTERNAL "")
    endforeach()
    FetchContent_Declare(${package} GIT_REPOSITORY ${url} GIT_TAG ${tag} GIT_SHALLOW TRUE SYSTEM)
    FetchContent_MakeAvailable(${package})
    set(TAYLORDIAG_FETCHED_DEPS ON)
  else()
    message(FATAL_ERROR
      "taylordiag: ${package} not found (no ${package}Config.cmake).\n"
      "  On Debian/Ubuntu:  apt-get install cmake g++ libxsimd-dev libtbb-dev "
      "googletest libgtest-dev libbenchmark-dev\n"
      "  or point CMAKE_PREFIX_PATH at an installation, "
      "or configure with -DTAYLORDIAG_FETCH_DEPS=ON (downloads it).")
  endif()
endmacro()

set(TAYLORDIAG_FETCHED_DEPS OFF)

taylordiag_dependency(xsimd xsimd https://github.com/xtensor-stack/xsimd.git 8.1.0)
include(${CMAKE_CURRENT_LIST_DIR}/taylordiagXtlShim.cmake)
taylordiag_dependency(TBB TBB::tbb https://github.com/oneapi-src/oneTBB.git v2021.8.0
  TBB_TEST=OFF TBB_STRICT=OFF)
# TSan cannot see the synchronisation of an uninstrumented libtbb and reports false races by
# the hundred; refuse the system one rather than drown real reports.
if("thread" IN_LIST TAYLORDIAG_SANITIZE AND TBB_DIR MATCHES "^/usr/")
  message(FATAL_ERROR
    "taylordiag: TAYLORDIAG_SANITIZE=thread needs oneTBB built with -fsanitize=thread, "
    "found the system one (${TBB_DIR}).\n"
    "  Use: bash tools/test --preset tsan   (builds it with tools/tbb-tsan), or pass "
    "-DCMAKE_PREFIX_PATH=$(bash tools/tbb-tsan), or -DTAYLORDIAG_FETCH_DEPS=ON "
    "-DCMAKE_DISABLE_FIND_PACKAGE_TBB=ON (downloads it).")
endif()

if(TAYLORDIAG_BUILD_TESTS)
  taylordiag_dependency(GTest GTest::gtest_main https://github.com/google/googletest.git
    release-1.12.1 INSTALL_GTEST=OFF gtest_force_shared_crt=ON)
  if(NOT TARGET GTest::gtest_main AND TARGET gtest_main)
    add_library(GTest::gtest_main ALIAS gtest_main)
  endif()
endif()

if(TAYLORDIAG_BUILD_BENCHMARKS)
  taylordiag_dependency(benchmark benchmark::benchmark https://github.com/google/benchmark.git
    v1.7.1 BENCHMARK_ENABLE_TESTING=OFF BENCHMARK_ENABLE_GTEST_TESTS=OFF
    BENCHMARK_ENABLE_INSTALL=OFF)
endif()
