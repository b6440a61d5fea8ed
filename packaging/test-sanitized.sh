#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite again under AddressSanitizer and UndefinedBehaviorSanitizer, built with
# clang in ./build-sanitize, then every libFuzzer target (fuzz/run). Any sanitizer report fails the
# test it happens in. Called by packaging/test.sh after setup.sh has installed clang.
#   packaging/test-sanitized.sh [FUZZ_SECONDS_PER_TARGET]   (default 20)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-sanitize"
fuzz_seconds=${1:-20}
if [[ ! -f "$build/build.ninja" ]]; then
    # -O1 with line tables only: reports keep file:line, and the build takes half the time of -O2 -g.
    CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None \
        -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DSTACKATLAS_SANITIZE=ON \
        -DSTACKATLAS_BUILD_BENCHMARKS=OFF > /dev/null
fi
start=$SECONDS
cmake --build "$build" --parallel "$(nproc)"
echo "== sanitizer build: $((SECONDS - start)) s"

# Qt and fontconfig keep caches to the end of the process; their allocations are not ours to free,
# so leak checking is limited to what the suppressions do not name.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$root/packaging/sanitizer-suppressions.txt:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
echo "== the test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
start=$SECONDS
(cd "$build" && ctest --output-on-failure --timeout 600 -j "$(nproc)")
echo "== sanitized suite: $((SECONDS - start)) s"
echo "== fuzzing: each target's corpus replayed, then $fuzz_seconds s of fuzzing"
start=$SECONDS
bash "$root/fuzz/run" "$build" "$fuzz_seconds"
echo "== fuzzing: $((SECONDS - start)) s"
