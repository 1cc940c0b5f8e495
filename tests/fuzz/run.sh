#!/usr/bin/env bash
# tests/fuzz/run.sh -- build the parser fuzzer with clang (libFuzzer, ASan + UBSan) and run it
# for a bounded time (default 60 s; FUZZ_SECONDS=600 bash tests/fuzz/run.sh for longer).
# A crash, a sanitizer report or a hang over 10 s fails the run; the reproducer is left in
# build/fuzz/ as crash-*/timeout-* (replay: build/fuzz/tests/fuzz/parser_fuzz <file>).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tools/deps.sh
source "$root/tools/deps.sh"
taylordiag_deps "${TAYLORDIAG_DEPS_BUILD[@]}" clang libclang-rt-14-dev
seconds="${FUZZ_SECONDS:-60}"

cd "$root"
cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTAYLORDIAG_FUZZ=ON -DTAYLORDIAG_SANITIZE="address;undefined" -DTAYLORDIAG_BUILD_TESTS=ON \
  -DTAYLORDIAG_BUILD_BENCHMARKS=OFF -DTAYLORDIAG_BUILD_EXAMPLES=OFF -DTAYLORDIAG_BUILD_TOOLS=OFF \
  -DTAYLORDIAG_INSTALL=OFF
cmake --build build/fuzz --target parser_fuzz -j"$(nproc)"
mkdir -p build/fuzz/corpus
cd build/fuzz  # libFuzzer writes crash-* reproducers into the working directory
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ./tests/fuzz/parser_fuzz -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 -dict="$root/tests/fuzz/parser.dict" corpus "$root/tests/fuzz/corpus"

# The CLI's CSV and .npy readers under libFuzzer, each with a round trip through the tool's own
# writer (tests/fuzz/csv_fuzz.cpp, npy_fuzz.cpp): 30 s each by default (FUZZ_IO_SECONDS, else
# FUZZ_SECONDS). Corpora: tests/fuzz/<format>_corpus (seeds and past reproducers, kept) and
# build/fuzz/<format>_corpus (what the runs grow); dictionaries tests/fuzz/<format>.dict.
io_fuzz() {  # io_fuzz TARGET SECONDS
  local target="$1" secs="$2" format="${1%_fuzz}"
  cmake --build "$root/build/fuzz" --target "$target" -j"$(nproc)"
  mkdir -p "$root/build/fuzz/${format}_corpus"
  (cd "$root/build/fuzz" && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "./tests/fuzz/$target" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict="$root/tests/fuzz/$format.dict" "${format}_corpus" \
    "$root/tests/fuzz/${format}_corpus")
}
io_seconds="${FUZZ_IO_SECONDS:-${FUZZ_SECONDS:-30}}"
io_fuzz csv_fuzz "$io_seconds"
io_fuzz npy_fuzz "$io_seconds"
