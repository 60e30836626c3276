# shellcheck shell=bash
# irefs.sh: sourced by the benchmark scripts for irefs.
# irefs CMD...: the instructions CMD runs (valgrind's cachegrind; empty without valgrind).
# Unlike times, the count barely moves between runs (0.01% here) whatever else runs, so a few
# percent between two runs of it are a fact, not noise. CMD should run single-threaded (-j1).
irefs() {
  command -v valgrind >/dev/null || return 0
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
