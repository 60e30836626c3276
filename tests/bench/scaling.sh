#!/usr/bin/env bash
# scaling.sh: -j2 against -j1 and against the machine's two-thread ceiling (two independent
# -j1 processes over the two halves of the same log), interleaved in one run.
#   BIN=build-rel/src/statuslint  RUNS=10  LINES=1000000  (more binaries: BINS="a b")
#   NICE=-20 (root): on a machine others are loading, the runs get most of the CPU.
# Writes the table to stdout (tests/bench/README.md records it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bins=${BINS:-${BIN:-$root/build-rel/src/statuslint}}
for b in $bins; do [[ -x $b ]] || { echo "scaling.sh: build statuslint first ($b)" >&2; exit 2; }; done
lines=${LINES:-1000000}
data=$here/data
mkdir -p "$data"
log=$data/scale-$lines.log
[[ -s $log ]] || /usr/bin/python3 "$here/genlog.py" --lines "$lines" --seed 1 > "$log"
half=$((lines / 2))
[[ -s $log.h1 ]] || head -n "$half" "$log" > "$log.h1"
[[ -s $log.h2 ]] || tail -n +"$((half + 1))" "$log" > "$log.h2"
cat "$log" "$log.h1" "$log.h2" > /dev/null # warm the page cache
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs" >&2
# shellcheck disable=SC2086
nice -n "${NICE:-0}" /usr/bin/python3 "$here/scaling.py" "${RUNS:-10}" "$log" "$log.h1" "$log.h2" $bins
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
