#!/usr/bin/env bash
# tidy.sh: clang-tidy (the checks in .clang-tidy: bugprone-*, clang-analyzer-*) over every
# source file in src/, from a clang compile database; fails unless there are zero findings.
#   BUILD_DIR (default build-tidy), TIDY_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-tidy}
for tool in clang clang-tidy run-clang-tidy; do
  command -v "$tool" > /dev/null || { echo "tidy.sh: $tool not found (bash tests/setup-debian.sh --test)" >&2; exit 2; }
done
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DBUILD_TESTING=OFF > /dev/null
log=$build/tidy.log
# run-clang-tidy takes regexes over the database's file names: every .c under src/.
run-clang-tidy -quiet -j "${TIDY_JOBS:-2}" -p "$build" "^$PWD/src/.*\.c$" > "$log" 2>&1 || true
sed -i 's/\x1b\[[0-9;]*m//g' "$log"
findings=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" | sort -u || true)
checked=$(grep -c '"file": *"'"$PWD"'/src/' "$build/compile_commands.json" || true)
if [[ -n $findings ]]; then
  echo "$findings"
  echo "tidy.sh: $(grep -c . <<< "$findings") clang-tidy findings in src/ (details in $log)"
  exit 1
fi
if grep -qE 'error while processing|Error: no checks' "$log"; then
  cat "$log"; echo "tidy.sh: clang-tidy failed to run"; exit 1
fi
echo "tidy.sh: 0 clang-tidy findings in $checked files under src/"
