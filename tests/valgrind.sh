#!/usr/bin/env bash
# valgrind.sh: the golden suite with every statuslint run under valgrind memcheck. Any
# memcheck error (invalid read/write, uninitialised value, definite leak) makes that
# statuslint exit 99 and print the report on stderr, which fails the golden test.
#   BUILD_DIR (default build: an already built tree), GOLDEN_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
bin=$build/src
[[ -x $bin/statuslint ]] || { echo "valgrind.sh: no $bin/statuslint: build first (tests/check.sh)" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "valgrind.sh: valgrind not found (bash tests/setup-debian.sh --test)" >&2; exit 2; }
prefix="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
prefix+=" --show-leak-kinds=definite --track-origins=yes --num-callers=30"
prefix+=" --suppressions=$PWD/tests/valgrind.supp"
log=$build/valgrind-golden.log
: > "$log"
find tests/golden -mindepth 2 -name '*.sh' | sort |
  xargs -P "${GOLDEN_JOBS:-2}" -n 8 bash tests/golden/run_golden.sh --bin "$bin" --exec-prefix "$prefix" \
  >> "$log" 2>&1 || true
pass=$(grep -c '^PASS ' "$log" || true) fail=$(grep -c '^FAIL ' "$log" || true)
total=$(find tests/golden -mindepth 2 -name '*.sh' | wc -l)
if ((fail || pass != total)); then
  grep -v '^PASS ' "$log" | grep -v ' passed, ' | head -200
  echo "valgrind.sh: $pass of $total golden tests passed under valgrind, $fail failed (log: $log)"
  exit 1
fi
echo "valgrind.sh: all $total golden tests passed under valgrind memcheck"
