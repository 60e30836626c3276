#!/usr/bin/env bash
# run.sh: the statuslint benchmark, side by side with grep, mawk, wc -l, gzip -dc and
# GoAccess, on logs from genlog.py (deterministic). Writes tests/bench/results.md.
#   BIN=build/src/statuslint  RUNS=5  BIG=1 (also the 1.9 GB memory run)
# Needs hyperfine (Debian package); GoAccess and mawk are used when installed.
set -euo pipefail
command -v hyperfine >/dev/null || { echo "SKIPPED: hyperfine is not installed"; exit 77; }
# shellcheck source=tests/bench/common.sh
. "$(dirname "$0")/common.sh" 5

gen() { # lines file
  [[ -s $2 ]] || /usr/bin/python3 "$here/genlog.py" --lines "$1" --seed 1 > "$2"
}
gen 500000 "$data/500k.log"
gen 2000000 "$data/2m.log"
[[ -s $data/1m.log.gz ]] || gzip -6 -c "$data/1m.log" > "$data/1m.log.gz"
cat "$data/1m.log" > /dev/null   # warm the page cache

size_mb=$(( $(stat -c %s "$data/1m.log") / 1000000 ))
sl="$bin --exit-zero --no-progress -f jsonl -o /dev/null"
cmds=(-n "statuslint -j2" "$sl -j2 $data/1m.log"
      -n "statuslint -j1" "$sl -j1 $data/1m.log"
      -n "grep -c ' 207 '" "grep -c ' 207 ' $data/1m.log"
      -n "wc -l" "wc -l $data/1m.log")
command -v mawk >/dev/null && cmds+=(-n "mawk '\$9==207'" "mawk '\$9==207' $data/1m.log")
# The machine's own ceiling for two threads: two independent -j1 runs at once (two files'
# work). On a VM whose two vCPUs share a core this is well under 2x.
cmds+=(-n "2 x statuslint -j1 in parallel" "$sl -j1 $data/1m.log & $sl -j1 $data/1m.log; wait")
cmds+=(-n "gzip -dc" "gzip -dc $data/1m.log.gz"
       -n "statuslint -j2 (gzip input)" "$sl -j2 $data/1m.log.gz")
goaccess_runs=()
if command -v goaccess >/dev/null; then
  goaccess_runs=(-n "goaccess" "goaccess $data/1m.log --log-format=COMBINED -o $data/ga.json")
fi
# --output=pipe: with stdout on /dev/null GNU grep stops at the first match.
hyperfine --output=pipe --warmup 1 --runs "$runs" --export-markdown "$data/speed.md" \
  --export-json "$data/speed.json" "${cmds[@]}" >&2
if ((${#goaccess_runs[@]})); then
  hyperfine --output=pipe --runs 1 --export-json "$data/ga.json.bench" "${goaccess_runs[@]}" >&2
fi
hyperfine --output=pipe --warmup 1 --runs "$runs" --export-json "$data/scale.json" \
  -n "500k" "$sl -j2 $data/500k.log" -n "1m" "$sl -j2 $data/1m.log" \
  -n "2m" "$sl -j2 $data/2m.log" >&2

mem() { /usr/bin/python3 "$here/peakrss.py" $sl -j2 "$1" | sed 's/.*peak_rss_mib=\([0-9.]*\).*/\1/'; }
mem_1m=$(mem "$data/1m.log")
mem_gz=$(mem "$data/1m.log.gz")
mem_big=-
if [[ ${BIG:-0} == 1 ]]; then
  [[ -s $data/10m.log ]] || for i in 1 2 3 4 5 6 7 8 9 10; do cat "$data/1m.log"; done > "$data/10m.log"
  mem_big=$(mem "$data/10m.log")
fi

/usr/bin/python3 - "$data" "$size_mb" "$mem_1m" "$mem_gz" "$mem_big" > "$here/results.md" <<'PY'
import json, os, sys
data, size_mb, m1, mgz, mbig = sys.argv[1:]
sp = {r["command"]: r for r in json.load(open(os.path.join(data, "speed.json")))["results"]}
ga = os.path.join(data, "ga.json.bench")
if os.path.exists(ga):
    for r in json.load(open(ga))["results"]:
        sp[r["command"]] = r
sc = {r["command"]: r for r in json.load(open(os.path.join(data, "scale.json")))["results"]}
mb = float(size_mb)
def row(name):
    r = sp[name]; m = r["mean"]
    return "| %s | %.3f ± %.3f | %.0f MB/s |" % (name, m, r["stddev"] or 0, mb / m)
print("# Benchmark results\n")
print("Input: %s MB, 1,000,000 combined lines from `genlog.py --lines 1000000 --seed 1`; "
      "machine: %d cores. Command: `bash tests/bench/run.sh`.\n" % (int(size_mb), os.cpu_count()))
print("| command | seconds (mean ± sd) | throughput |\n|---|---|---|")
for name in sp: print(row(name))
g = sp["grep -c ' 207 '"]["mean"]; s2 = sp["statuslint -j2"]["mean"]; s1 = sp["statuslint -j1"]["mean"]
gz = sp["gzip -dc"]["mean"]; sgz = sp["statuslint -j2 (gzip input)"]["mean"]
print("\n## Targets\n")
print("| target | measured | met |\n|---|---|---|")
print("| statuslint -j2 wall time <= grep -c ' 207 ' | %.2fx grep's time | %s |" % (s2 / g, "yes" if s2 <= g else "no"))
pair = sp["2 x statuslint -j1 in parallel"]["mean"]
ceiling = 2 * s1 / pair
print("| -j2 at least 1.7x as fast as -j1 | %.3fx (this machine's ceiling, two independent -j1 runs at once: %.3fx) | %s |"
      % (s1 / s2, ceiling, "yes" if s1 / s2 >= 1.7 else "no: %.0f%% of the machine's two-thread ceiling" % (100 * (s1 / s2) / ceiling)))
print("| gzip input no slower than gzip -dc | %.2fx gzip -dc's time | %s |" % (sgz / gz, "yes" if sgz <= gz * 1.0 else "no"))
print("| peak memory <= 32 MiB | 1m: %s MiB, 1m.gz: %s MiB, 10m (1.9 GB): %s MiB | %s |" % (m1, mgz, mbig,
      "yes" if all(v == "-" or float(v) <= 32 for v in (m1, mgz, mbig)) else "no"))
t = [sc[k]["mean"] for k in ("500k", "1m", "2m")]
print("| cost linear in size | 500k %.3fs, 1m %.3fs, 2m %.3fs (ratios %.2f, %.2f) | %s |" % (
      t[0], t[1], t[2], t[1] / t[0], t[2] / t[1],
      "yes" if 1.6 < t[1] / t[0] < 2.4 and 1.6 < t[2] / t[1] < 2.4 else "no"))
PY
cat "$here/results.md"
