#!/usr/bin/env bash
# merge.sh: what `statuslint merge` costs. The 1M-line benchmark log (genlog.py, seed 1) is
# cut into 1000 files of 1000 lines; each file gets its partial (-f partial, two runs at a
# time); then merge is timed over the first 100 and over all 1000 partials, for several
# output formats, with its peak memory (peakrss.py), next to one run over the same 1000
# files. The merged jsonl over 1000 partials must equal that run's, byte for byte.
# Writes merge-results.md beside this script.  BIN=build/src/statuslint  RUNS=3
set -euo pipefail
# shellcheck source=tests/bench/common.sh
. "$(dirname "$0")/common.sh" 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/logs" "$work/partials"
split -l 1000 -d -a 4 "$data/1m.log" "$work/logs/part."
cd "$work"
t0=$(date +%s.%N)
ls logs | xargs -P2 -I{} "$bin" -q --no-progress -j1 --exit-zero -f partial -o partials/{}.partial logs/{}
t1=$(date +%s.%N)
ls logs | sed 's|^|logs/|' > all.txt
head -100 all.txt > first100.txt
/usr/bin/python3 - "$bin" "$runs" "$t0" "$t1" "$here/peakrss.py" > "$here/merge-results.md" <<'PY'
import os, statistics as st, subprocess, sys, time
bin, runs, t0, t1, peakrss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
files = open("all.txt").read().split()
first = open("first100.txt").read().split()
parts = lambda fs: ["partials/%s.partial" % os.path.basename(f) for f in fs]
logbytes = sum(os.path.getsize(f) for f in files)
pbytes = sum(os.path.getsize(p) for p in parts(files))

def measure(cmd):
    """Median wall time of `runs` runs (timed here, to the millisecond) and the peak RSS of
    one more run in its own peakrss.py process (ru_maxrss of the children only grows)."""
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        walls.append(time.perf_counter() - t)
        if rc not in (0, 1):
            sys.exit("failed: %s (exit %d)" % (" ".join(cmd[:4]), rc))
    out = subprocess.run([sys.executable, peakrss] + cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout.decode()
    return st.median(walls), float(dict(x.split("=") for x in out.split())["peak_rss_mib"])

print("# merge benchmark (tests/bench/merge.sh)\n")
print("1,000,000 genlog.py lines (seed 1, %.0f MB) cut into 1000 files of 1000 lines; one `-f partial` "
      "run per file (two at a time: %.1f s for all 1000, so %.0f ms per run including process start "
      "and rule-pack load). The partials hold %.1f MB in all (%.1f%% of the logs' size, %.0f KB each)."
      % (logbytes / 1e6, t1 - t0, (t1 - t0) * 2 / len(files) * 1000, pbytes / 1e6, 100.0 * pbytes / logbytes,
         pbytes / len(files) / 1e3))
print("\nWall time: median of %d runs; peak RSS: one more run under peakrss.py.\n" % runs)
print("| command | partials | wall s | peak RSS MiB |")
print("|---|---|---|---|")
rows = []
for n, fs in ((100, first), (1000, files)):
    for fmt in ("jsonl", "json", "prometheus", "sarif", "partial"):
        w, r = measure([bin, "merge", "--fail-on", "none", "-f", fmt, "-o", "/dev/null"] + parts(fs))
        print("| merge -f %s | %d | %.3f | %.1f |" % (fmt, n, w, r))
        rows.append((n, fmt, w, r))
w, r = measure([bin, "-q", "--no-progress", "--exit-zero", "-j2", "-f", "jsonl", "-o", "/dev/null"] + files)
print("| one run -j2 over the 1000 files (-f jsonl) | - | %.3f | %.1f |" % (w, r))
w1, r1 = measure([bin, "-q", "--no-progress", "--exit-zero", "-j1", "-f", "jsonl", "-o", "/dev/null"] + files)
print("| one run -j1 over the 1000 files (-f jsonl) | - | %.3f | %.1f |" % (w1, r1))
subprocess.run([bin, "merge", "--fail-on", "none", "-f", "jsonl", "-o", "merged.jsonl"] + parts(files), check=True)
subprocess.run([bin, "-q", "--no-progress", "--exit-zero", "-f", "jsonl", "-o", "single.jsonl"] + files, check=True)
same = open("merged.jsonl", "rb").read() == open("single.jsonl", "rb").read()
nf = sum(1 for _ in open("single.jsonl", "rb"))
print("\nThe merged jsonl over 1000 partials %s the single run's (%d findings)." %
      ("equals" if same else "DIFFERS FROM", nf))
m1000 = [x for x in rows if x[0] == 1000 and x[1] == "jsonl"][0]
print("\nmerge -f jsonl reads %.0f MB/s of partials (%.0f k findings/s) over 1000 partials."
      % (pbytes / 1e6 / m1000[2], nf / m1000[2] / 1e3))
if not same:
    sys.exit(1)
PY
cat "$here/merge-results.md"
