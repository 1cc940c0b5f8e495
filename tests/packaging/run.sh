#!/usr/bin/env bash
# tests/packaging/run.sh -- packaging test: the library as other projects consume it.
#   1. configure, build and `cmake --install` taylordiag (library and the taylordiag tool) into a
#      temp prefix, and run the installed tool;
#   2. find_package(taylordiag CONFIG REQUIRED) against that prefix, build, run;
#   3. find_package against the build tree (build-tree export), build, run;
#   4. add_subdirectory() of the source tree, build, run;
#   5. pkg-config --cflags --libs taylordiag against the prefix, compile, run (if pkg-config),
#      from C++ and from C (the C API header, linked by hand with -lstdc++).
# Usage: tests/packaging/run.sh [--keep]   (TAYLORDIAG_PACKAGING_DIR=<dir> to choose the dir)
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$src/tests/packaging"
work="${TAYLORDIAG_PACKAGING_DIR:-$(mktemp -d -t taylordiag-packaging.XXXXXX)}"
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
cleanup() { if [[ $keep == 0 && -z "${TAYLORDIAG_PACKAGING_DIR:-}" ]]; then rm -rf "$work"; fi; }
trap cleanup EXIT
jobs="$(nproc 2>/dev/null || echo 2)"
step() { printf '\n== packaging: %s\n' "$*"; }

step "build and install taylordiag into $work/prefix"
cmake -S "$src" -B "$work/lib" -DCMAKE_BUILD_TYPE=Release \
  -DTAYLORDIAG_BUILD_TESTS=OFF -DTAYLORDIAG_BUILD_BENCHMARKS=OFF \
  -DTAYLORDIAG_BUILD_EXAMPLES=OFF -DTAYLORDIAG_BUILD_TOOLS=ON \
  -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
cmake --build "$work/lib" -j "$jobs"
cmake --install "$work/lib" >/dev/null
find "$work/prefix" -type f | sed "s|$work/prefix/|  |" | sort

step "the installed command-line tool"
"$work/prefix/bin/taylordiag" --version
# log|x|^2 at (1, 2, 0): Laplacian 2/|x|^2 = 0.4 in 3-D.
printf '1,2,0\n' >"$work/point.csv"
out="$("$work/prefix/bin/taylordiag" --expr 'log(sum(x^2))' --laplacian "$work/point.csv")"
echo "$out"
echo "$out" | tail -n1 | awk -F, '{ d = $2 - 0.4; exit !(d < 1e-12 && d > -1e-12) }' ||
  { echo "packaging: the installed tool gave a wrong Laplacian" >&2; exit 1; }

step "find_package against the installed prefix"
cmake -S "$here/find_package" -B "$work/fp" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix"
cmake --build "$work/fp" -j "$jobs"
"$work/fp/consumer"

step "find_package against the build tree"
cmake -S "$here/find_package" -B "$work/fp-build-tree" -DCMAKE_BUILD_TYPE=Release \
  -Dtaylordiag_DIR="$work/lib" >/dev/null
cmake --build "$work/fp-build-tree" -j "$jobs"
"$work/fp-build-tree/consumer"

step "add_subdirectory of the source tree"
cmake -S "$here/add_subdirectory" -B "$work/sub" -DCMAKE_BUILD_TYPE=Release \
  -DTAYLORDIAG_SOURCE_DIR="$src"
cmake --build "$work/sub" -j "$jobs"
"$work/sub/consumer"

if command -v pkg-config >/dev/null; then
  step "pkg-config"
  pcdir="$(dirname "$(find "$work/prefix" -name taylordiag.pc | head -n1)")"
  flags="$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs taylordiag)"
  echo "pkg-config --cflags --libs taylordiag: $flags"
  # shellcheck disable=SC2086  # word splitting of the flags is intended
  ${CXX:-c++} -std=c++20 "$here/consumer.cpp" -o "$work/pc-consumer" $flags
  "$work/pc-consumer"
  # The C API from C: compile as C99, link with the C++ runtime the static library needs.
  # shellcheck disable=SC2086
  ${CC:-cc} -std=c99 -Wall -Wextra -Wpedantic -c "$here/consumer.c" -o "$work/pc-consumer-c.o" \
    $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags taylordiag)
  # shellcheck disable=SC2086
  ${CC:-cc} "$work/pc-consumer-c.o" -o "$work/pc-consumer-c" $flags -lstdc++ -lm
  "$work/pc-consumer-c"
else
  step "pkg-config not installed: skipping the .pc check"
fi

step "OK"
