#!/usr/bin/env bash
# check.sh: configure, build and run the whole test suite (ctest prints the closing summary).
#   BUILD_DIR (default build), CMAKE_ARGS (extra configure flags), CTEST_ARGS (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
# SL_TEST_HOOKS: tests may pin the clock (STATUSLINT_NOW); a build without it skips them
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSL_TEST_HOOKS=ON ${CMAKE_ARGS:-}
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-}
