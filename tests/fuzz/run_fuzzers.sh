#!/usr/bin/env bash
# run_fuzzers.sh: builds the libFuzzer targets with clang under ASan+UBSan
# (-fno-sanitize-recover=all) in their own build directory, runs each for FUZZ_SECONDS
# (default 60) starting from its saved corpus, and prints per target the runs made and
# whether it crashed. Exits 1 if any target crashed, timed out or leaked; the input is
# saved in the artifacts directory, to be added to tests/fuzz/corpus/<target>/ as a
# regression input. It never writes into the saved corpora itself.
# -max_len stays 8192: inputs starting with "XPND" (tests/fuzz/fuzz_expand.h; seeds
# corpus/*/seed-xpnd-*) are recipes that the reader, format and rule_eval targets grow to
# within a few bytes of the 64 KiB, 512 KiB, 1 MiB, 2 MiB and 4 MiB boundaries.
#   FUZZ_SECONDS (60)   FUZZ_TARGETS (all of tests/fuzz/targets.txt; space-separated,
#   without "fuzz_")
#   FUZZ_BUILD_DIR (build-libfuzzer)   FUZZ_JOBS_BUILD (2)
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-libfuzzer}
table=tests/fuzz/targets.txt # the one list of targets: name source dictionary definition
all=$(awk '/^[a-z]/ { print $1 }' "$table")
targets=${FUZZ_TARGETS:-$all}
for t in $targets; do
  grep -q "^$t[[:space:]]" "$table" || { echo "run_fuzzers: no target $t in $table" >&2; exit 2; }
done

CC=${FUZZ_CC:-clang} cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSL_FUZZ=ON \
  -DSL_SANITIZE=address,undefined >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; echo "run_fuzzers: configure failed" >&2; exit 2; }
for t in $targets; do tgts+=(--target "fuzz_$t"); done
cmake --build "$build" -j"${FUZZ_JOBS_BUILD:-2}" "${tgts[@]}" >"$build/fuzz-build.log" 2>&1 ||
  { tail -40 "$build/fuzz-build.log"; echo "run_fuzzers: build failed" >&2; exit 2; }

dict_for() { awk -v t="$1" '$1 == t && $3 != "-" { print $3 }' "$table"; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
art="$build/fuzz-artifacts"
mkdir -p "$art"
failed=0
printf '%-16s %10s %8s  %s\n' target runs seconds result
for t in $targets; do
  bin="$build/tests/fuzz_$t"
  work="$build/fuzz-work/$t"
  mkdir -p "$work"
  d=$(dict_for "$t")
  dict=()
  [[ -n $d ]] && dict=(-dict="tests/fuzz/dict/$d.dict")
  log="$build/fuzz-$t.log"
  start=$(date +%s)
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$art/$t-" "${dict[@]}" \
    "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if ((rc == 0)); then
    result=clean
  else
    failed=1
    found=$(ls -t "$art/$t-"* 2>/dev/null | head -1)
    result="CRASH (exit $rc) input: ${found:-none saved}"
    grep -E 'ERROR|runtime error|invariant|SUMMARY|#[0-9]+ 0x' "$log" | head -20 >&2
  fi
  printf '%-16s %10s %8s  %s\n' "$t" "${runs:-?}" "$took" "$result"
done
if ((failed)); then
  echo "run_fuzzers: crash found; copy the saved input into tests/fuzz/corpus/<target>/" >&2
  exit 1
fi
echo "run_fuzzers: every target ran clean for ${secs}s"
