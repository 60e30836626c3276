#!/usr/bin/env bash
# agg.sh: the aggregate benchmark. On a 1M-line log with about 900k distinct clients and the
# fields the agg.* rules read (genlog.py --clients 900000 --extended), runs statuslint with the
# whole built-in pack, with the agg.* rules disabled (a settings file) and without the agg.*
# rules that read half the lines or more, alternating, RUNS times each, and records peak RSS
# (peakrss.py) and the throughput ratios in agg-results.md.
#   BIN=build/src/statuslint  RUNS=5  THREADS=2
# Targets: peak RSS < 32 MiB with aggregates; their throughput >= 80% of the per-line run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BIN:-$root/build/src/statuslint}
runs=${RUNS:-5}
threads=${THREADS:-2}
data=$here/data
mkdir -p "$data"
[[ -x $bin ]] || { echo "agg.sh: build statuslint first ($bin)"; exit 2; }
py=/usr/bin/python3
log=$data/1m-agg.log
[[ -s $log ]] || $py "$here/genlog.py" --lines 1000000 --clients 900000 --extended --seed 1 > "$log"
fmt=$($py "$here/genlog.py" --print-format)
ids=$("$bin" rules list -f jsonl | $py -c 'import json,sys; print(",".join(i for i in (json.loads(l)["id"] for l in sys.stdin) if i.startswith("agg.")))')
[[ -n $ids ]] || { echo "agg.sh: the pack has no agg.* rules"; exit 2; }
printf 'disable: [%s]\n' "$ids" > "$data/no-agg.yml"
printf '{}\n' > "$data/all.yml"
cat "$log" > /dev/null   # warm the page cache

one() { # settings -> "rss wall cpu"
  $py "$here/peakrss.py" "$bin" --aggregate --config "$1" --log-format "$fmt" --exit-zero --no-progress \
    -j "$threads" -f jsonl -o "$data/agg-out.jsonl" "$log" |
    sed 's/peak_rss_mib=\([0-9.]*\) wall_s=\([0-9.]*\) exit=[0-9]* cpu_s=\([0-9.]*\)/\1 \2 \3/'
}
: > "$data/agg-runs.txt"
"$bin" --aggregate --config "$data/all.yml" --log-format "$fmt" --exit-zero --no-progress -j "$threads" \
  -f json -o "$data/agg-summary.json" "$log"
# A third run for users who want aggregates cheaply: the pack without the agg.* rules that read
# half the lines or more (from the summary just written), which cost most.
heavy=$($py -c 'import json,sys; a=json.load(open(sys.argv[1]))["summary"]["aggregate"]; n=int(sys.argv[2])
print(",".join(sorted(k for k, v in a.items() if v["lines"] * 2 >= n)))' "$data/agg-summary.json" \
  "$(wc -l < "$log")")
printf 'disable: [%s]\n' "$heavy" > "$data/light.yml"
echo "$heavy" > "$data/agg-heavy.txt"
for ((i = 0; i < runs; i++)); do
  echo "all $(one "$data/all.yml")" >> "$data/agg-runs.txt"
  echo "per-line $(one "$data/no-agg.yml")" >> "$data/agg-runs.txt"
  echo "light $(one "$data/light.yml")" >> "$data/agg-runs.txt"
done
# instructions of both (cachegrind, -j1): within 0.01% from run to run, so the ratio is not noise
# shellcheck source=tests/bench/irefs.sh
. "$here/irefs.sh"
ir() { r=$(irefs "$bin" --aggregate --config "$1" --log-format "$fmt" --exit-zero --no-progress -q -j1 \
  -f jsonl -o /dev/null "$log"); echo "${r:--}"; }
ir "$data/all.yml" > "$data/agg-ir.all" & ir "$data/no-agg.yml" > "$data/agg-ir.per-line" & wait
clients=$(cut -d' ' -f1 "$log" | sort -u | wc -l)
size_mb=$(( $(stat -c %s "$log") / 1000000 ))

$py - "$data" "$size_mb" "$clients" "$threads" "$runs" > "$here/agg-results.md" <<'PY'
import json, os, statistics, sys
data, size_mb, clients, threads, runs = sys.argv[1:]
rows = {"all": [], "per-line": [], "light": []}
for l in open(os.path.join(data, "agg-runs.txt")):
    k, rss, wall, cpu = l.split()
    rows[k].append((float(rss), float(wall), float(cpu)))
s = json.load(open(os.path.join(data, "agg-summary.json")))
agg = {k: v for k, v in s["summary"]["by_rule"].items() if k.startswith("agg.")}
med = {k: statistics.median(r[1] for r in v) for k, v in rows.items()}
cpu = {k: statistics.median(r[2] for r in v) for k, v in rows.items()}
peak = {k: max(r[0] for r in v) for k, v in rows.items()}
ratio, cratio = med["per-line"] / med["all"], cpu["per-line"] / cpu["all"]
print("# Aggregate benchmark results\n")
print("Input: %s MB, 1,000,000 lines, %s distinct clients, from `genlog.py --lines 1000000 "
      "--clients 900000 --extended --seed 1`; -j%s; %s runs of each, alternating; machine: %d "
      "cores. Command: `bash tests/bench/agg.sh`.\n" % (size_mb, clients, threads, runs,
                                                        os.cpu_count()))
print("| run | wall s (median) | wall s (all runs) | CPU s (median) | throughput (wall) | peak RSS MiB (max) |")
print("|---|---|---|---|---|---|")
heavy = open(os.path.join(data, "agg-heavy.txt")).read().strip().replace(",", ", ")
for k, name in (("all", "whole pack with agg.*"), ("per-line", "agg.* disabled"),
                ("light", "agg.* without the rules that read half the lines or more")):
    print("| %s | %.3f | %s | %.2f | %.0f MB/s | %.1f |" % (name, med[k], " ".join(
        "%.2f" % r[1] for r in rows[k]), cpu[k], float(size_mb) / med[k], peak[k]))
print("\nThe rules the third run leaves out (each read at least half the lines): %s; the rest of "
      "agg.* runs at %.0f%% of the per-line run's throughput by wall time, %.0f%% by CPU time." % (
          heavy, 100 * med["per-line"] / med["light"], 100 * cpu["per-line"] / cpu["light"]))
ir = {k: open(os.path.join(data, "agg-ir." + k)).read().strip() for k in ("all", "per-line")}
if "-" not in ir.values():
    print("\nInstructions (cachegrind, -j1; within 0.01%% from run to run): whole pack %s, agg.* disabled %s: "
          "the per-line run's count is %.0f%% of the whole pack's." % (
              "{:,}".format(int(ir["all"])), "{:,}".format(int(ir["per-line"])),
              100 * int(ir["per-line"]) / int(ir["all"])))
else:
    print("\nInstructions: SKIPPED, valgrind is not installed.")
print("\n| target | measured | met |\n|---|---|---|")
print("| peak RSS < 32 MiB with aggregates | %.1f MiB | %s |" % (peak["all"], "yes" if peak["all"] < 32 else "no"))
print("| throughput >= 80%% of the per-line run | %.0f%% by wall time, %.0f%% by CPU time | %s |" % (
    100 * ratio, 100 * cratio, "yes" if min(ratio, cratio) >= 0.8 else "no"))
print("\nagg.* findings on this log: %s" % (", ".join("%s %d" % kv for kv in sorted(agg.items()) if kv[1]) or "none"))
ev = s["summary"].get("aggregate") or s["summary"].get("agg")
if ev:
    print("\nAggregate summary (`-f json` summary): `%s`" % json.dumps(ev, sort_keys=True))
PY
cat "$here/agg-results.md"
