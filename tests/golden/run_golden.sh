#!/usr/bin/env bash
# run_golden.sh: golden CLI tests (the zstd cli-tests model).
# Each test is tests/golden/<group>/<name>.sh, run with bash from the source root, with
# statuslint first on PATH and $TMPDIR set to a fresh scratch directory. Beside it:
#   <name>.stdout.exact | <name>.stdout.glob   expected stdout (glob: a line "..." matches any lines)
#   <name>.stderr.exact | <name>.stderr.glob   expected stderr (absent: not checked)
#   <name>.exit                                 expected exit status (absent: 0)
# usage: run_golden.sh --bin DIR [--update] [--exec-prefix 'valgrind -q'] TEST.sh...
# --exec-prefix runs every statuslint the tests start under that command (tests/valgrind.sh).
# --update rewrites the .exact/.exit files from the current behaviour (review the diff!).
# Tests run with STATUSLINT_NOW pinned; with SL_TEST_HOOKS=0 in the environment (a build
# without the hook) a test that names STATUSLINT_NOW is skipped (exit 77 if all were).
set -u
bin= update=0 prefix=
while [[ $# -gt 0 ]]; do
  case $1 in
    --bin) bin=$2; shift 2;;
    --update) update=1; shift;;
    --exec-prefix) prefix=$2; shift 2;;
    *) break;;
  esac
done
[[ -n $bin ]] || { echo "run_golden.sh: --bin DIR is required" >&2; exit 2; }
bin=$(cd "$bin" && pwd)
path=$bin
if [[ -n $prefix ]]; then # every statuslint the tests run goes through the prefix
  wrap=$(mktemp -d)
  trap 'rm -rf "$wrap"' EXIT
  printf '#!/bin/sh\nexec %s "%s/statuslint" "$@"\n' "$prefix" "$bin" > "$wrap/statuslint"
  chmod +x "$wrap/statuslint"
  path=$wrap:$bin
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pass=0 fail=0

# glob_match EXPECTED ACTUAL: each expected line is a bash glob; "..." matches any lines.
glob_match() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, fnmatch
exp = open(sys.argv[1], encoding='utf-8', errors='surrogateescape').read().splitlines()
act = open(sys.argv[2], encoding='utf-8', errors='surrogateescape').read().splitlines()
def m(i, j):
    if i == len(exp): return j == len(act)
    if exp[i] == '...':
        return any(m(i + 1, k) for k in range(j, len(act) + 1))
    return j < len(act) and fnmatch.fnmatchcase(act[j], exp[i]) and m(i + 1, j + 1)
sys.exit(0 if m(0, 0) else 1)
PY
}

check_stream() { # name kind actualfile
  local base=$1 kind=$2 act=$3
  if [[ -f $base.$kind.exact ]]; then
    if [[ $update == 1 ]]; then cp "$act" "$base.$kind.exact"; return 0; fi
    diff -u "$base.$kind.exact" "$act" > "$act.diff" || { echo "  $kind differs:"; head -40 "$act.diff"; return 1; }
  elif [[ -f $base.$kind.glob ]]; then
    glob_match "$base.$kind.glob" "$act" || { echo "  $kind does not match $base.$kind.glob; got:"; head -40 "$act"; return 1; }
  elif [[ $update == 1 && $kind == stdout ]]; then
    cp "$act" "$base.$kind.exact"
  fi
  return 0
}

skipped=0
for t in "$@"; do
  base=${t%.sh}
  name=${base#"$here"/}
  # a test that moves the clock needs a build with the test hook (cmake -DSL_TEST_HOOKS=ON)
  if [[ ${SL_TEST_HOOKS:-1} != 1 ]] && grep -q STATUSLINT_NOW "$t"; then
    echo "SKIPPED: $name needs a build with -DSL_TEST_HOOKS=ON (STATUSLINT_NOW)"
    skipped=$((skipped+1)); continue
  fi
  scratch=$(mktemp -d)
  (cd "$root" && PATH="$path:$PATH" TMPDIR="$scratch" SL_EXEC_PREFIX="$prefix" CI= NO_COLOR= \
     STATUSLINT_NOW=1795000000 bash "$t" > "$scratch/.stdout" 2> "$scratch/.stderr")
  rc=$?
  ok=1
  want=0; [[ -f $base.exit ]] && want=$(cat "$base.exit")
  if [[ $update == 1 ]]; then
    if [[ $rc != 0 || -f $base.exit ]]; then echo "$rc" > "$base.exit"; fi
  elif [[ $rc != "$want" ]]; then
    echo "  exit status $rc, expected $want"; ok=0
    echo "  stderr:"; head -20 "$scratch/.stderr"
  fi
  check_stream "$base" stdout "$scratch/.stdout" || ok=0
  check_stream "$base" stderr "$scratch/.stderr" || ok=0
  if [[ $ok == 1 ]]; then pass=$((pass+1)); echo "PASS $name"; else fail=$((fail+1)); echo "FAIL $name"; fi
  rm -rf "$scratch"
done
echo "$pass passed, $fail failed"
if [[ $fail == 0 && $pass == 0 && $skipped -gt 0 ]]; then exit 77; fi
[[ $fail == 0 ]]
