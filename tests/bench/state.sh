#!/usr/bin/env bash
# state.sh: what --state costs. (1) the 1M-line benchmark log with and without --state
# (a store that exists, as on any night after the first), runs alternating; (2) a year of
# nights: the same 1M lines cut into 365 nights re-stamped one day apart, one run per night
# over the growing directory (rotated nights gzipped), then the store's size, a rerun over
# the whole unchanged archive, and the size of the html report.
#   BIN=build/src/statuslint  RUNS=10
set -euo pipefail
# shellcheck source=tests/bench/common.sh
. "$(dirname "$0")/common.sh" 10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one() { "$bin" -q --no-progress --exit-zero -j2 "$@"; }
one --state "$work/empty.db" --log-format combined /dev/null >/dev/null 2>&1 || true

echo "== 1M lines, with and without --state (runs alternate, so load from elsewhere hits both)"
/usr/bin/python3 - "$bin" "$data/1m.log" "$work" "$runs" <<'EOF'
import os, resource, shutil, statistics as st, subprocess, sys, time
bin, log, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = [bin, "-q", "--no-progress", "--exit-zero", "-j2", "-f", "jsonl", "-o", "/dev/null"]
def one(extra):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(base + extra + [log], check=True)
    t = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
res = {"plain": [], "state": []}
def copy_store(src, dst):  # the store is FILE and, between runs, FILE-wal
    for end in ("", "-wal", "-shm"):
        if os.path.exists(dst + end):
            os.remove(dst + end)
    for end in ("", "-wal"):
        if os.path.exists(src + end):
            shutil.copy(src + end, dst + end)
for i in range(runs + 1):
    copy_store(os.path.join(work, "empty.db"), os.path.join(work, "b.db"))
    for name, extra in (("plain", []), ("state", ["--state", os.path.join(work, "b.db")])):
        m = one(extra)
        if i: res[name].append(m)   # the first pair warms the page cache
for k, v in res.items():
    w, c = [x[0] for x in v], [x[1] for x in v]
    print(f"{k:6} wall median {st.median(w)*1000:7.1f} ms  min {min(w)*1000:7.1f} ms  "
          f"cpu median {st.median(c)*1000:7.1f} ms")
p, s = res["plain"], res["state"]
print("state/plain (median of the pairs' ratios): wall %.3f, cpu %.3f" % (
    st.median([b[0] / a[0] for a, b in zip(p, s)]), st.median([b[1] / a[1] for a, b in zip(p, s)])))
EOF
size() { echo "$(stat -c %s "$1") bytes + -wal $(stat -c %s "$1-wal" 2>/dev/null || echo 0) bytes"; }
echo "store after the 1M lines: $(size "$work/b.db")"

echo "== 1M lines, instructions with and without --state (cachegrind, -j1: within 0.01% from run to run)"
if command -v valgrind >/dev/null; then
  rm -f "$work"/c.db*
  cp "$work/empty.db" "$work/c.db"
  [[ -f $work/empty.db-wal ]] && cp "$work/empty.db-wal" "$work/c.db-wal"
  ij() { irefs "$bin" -q --no-progress --exit-zero -j1 -f jsonl -o /dev/null "$@" "$data/1m.log"; }
  ij > "$work/ir.plain" & ij --state "$work/c.db" > "$work/ir.state" & wait
  read -r ip < "$work/ir.plain"; read -r is < "$work/ir.state"
  echo "instructions: plain $ip, state $is, state/plain $(echo "scale=4; $is / $ip" | bc)"
else
  echo "SKIPPED: valgrind is not installed (the instruction count needs cachegrind)"
fi

echo "== a year of nights"
mkdir -p "$work/logs"
/usr/bin/python3 - "$data/1m.log" "$work/nights" <<'EOF'
import os, sys, time
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
M = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
lines = open(src, encoding="latin-1").read().splitlines(True)
per = len(lines) // 365 + 1
for n in range(365):
    tm = time.gmtime(1735689600 + n * 86400)   # from 2025-01-01
    day = "%02d/%s/%d" % (tm.tm_mday, M[tm.tm_mon - 1], tm.tm_year)
    with open(os.path.join(out, "%03d" % n), "w", encoding="latin-1") as f:
        for ln in lines[n * per:(n + 1) * per]:
            a = ln.index("[") + 1
            f.write(ln[:a] + day + ln[a + 11:])
EOF
start=$(date +%s.%N) walmax=0
for n in $(seq -w 0 364); do
  [[ -f $work/logs/access.log ]] && mv "$work/logs/access.log" "$work/logs/access.log.$n" &&
    gzip "$work/logs/access.log.$n"
  cp "$work/nights/$n" "$work/logs/access.log"
  one --state "$work/year.db" -f jsonl -o /dev/null "$work/logs" >/dev/null
  w=$(stat -c %s "$work/year.db-wal" 2>/dev/null || echo 0)
  ((w > walmax)) && walmax=$w
done
end=$(date +%s.%N)
echo "365 nightly runs: $(echo "$end - $start" | bc) s; store $(size "$work/year.db")"
s=$(one --state "$work/year.db" -f json -o - "$work/logs" | /usr/bin/python3 -c \
  'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["lines"], s["files"])')
echo "largest -wal after a night: $walmax bytes"
echo "rerun over the unchanged archive: lines read, inputs: $s"
"$bin" report --state "$work/year.db" -f html -o "$work/year.html"
echo "html report of the year: $(stat -c %s "$work/year.html") bytes"
