#!/usr/bin/env python3
"""backfill.py: `-f openmetrics --timestamps` loads into Prometheus's TSDB with
`promtool tsdb create-blocks-from openmetrics`, and `promtool tsdb dump` then shows the
records, responses and planted findings of the logs, by minute of log time. Two files, the
second older than the first (their minutes interleave), spanning five hours (several blocks).

usage: backfill.py STATUSLINT WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
T0 = 1796112000  # 2026-12-01T08:00:00Z


def clf(t, n, status, size):
    import time as _t
    ts = _t.strftime("%d/%b/%Y:%H:%M:%S +0000", _t.gmtime(t))
    return f'10.0.0.{n % 250} - - [{ts}] "GET /b/{n} HTTP/1.1" {status} {size} "-" "t/1"\n'


def main():
    sl, work = sys.argv[1:3]
    promtool = shutil.which("promtool")
    if not promtool:
        print("SKIPPED: promtool is not installed (apt-get install prometheus)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    per_minute, planted, n = {}, 0, 0
    files = []
    for k, start in enumerate([T0 + 150 * 60, T0]):  # the second file is the older one
        path = os.path.join(work, f"access-{k}.log")
        with open(path, "w") as f:
            for m in range(150):
                for i in range(1 + (m * 7 + k) % 5):
                    t = start + m * 60 + i * 7
                    bad = n % 13 == 0
                    f.write(clf(t, n, 204 if bad else 200, 9 if bad else 300))
                    planted += bad
                    per_minute[t // 60] = per_minute.get(t // 60, 0) + 1
                    n += 1
        files.append(path)
    om = os.path.join(work, "archive.om")
    r = subprocess.run([sl, "-q", "--exit-zero", "-f", "openmetrics", "--timestamps", "-o", om]
                       + files, capture_output=True, text=True)
    failures = []
    if r.returncode:
        failures.append(f"statuslint exit {r.returncode}: {r.stderr}")
    tsdb = os.path.join(work, "tsdb")
    r = subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", om, tsdb],
                       capture_output=True, text=True)
    if r.returncode:
        failures.append(f"promtool tsdb create-blocks-from openmetrics: {r.stdout}{r.stderr}")
    else:
        blocks = [d for d in os.listdir(tsdb) if re.fullmatch(r"[0-9A-Z]{26}", d)]
        os.makedirs(os.path.join(tsdb, "wal"), exist_ok=True)  # dump wants one, even empty
        dump = subprocess.run([promtool, "tsdb", "dump", tsdb], capture_output=True,
                              text=True).stdout
        series = {}
        for ln in dump.splitlines():
            m = re.match(r"^(\{.*\}) (\S+) (\d+)$", ln)
            if m:
                series.setdefault(m.group(1), []).append((int(m.group(3)), float(m.group(2))))
        for s in series.values():
            s.sort()

        def find(*parts):
            keys = [k for k in series if all(p in k for p in parts)]
            return series[keys[0]] if len(keys) == 1 else None

        rec = find('__name__="statuslint_records_total"')
        want = sorted((m * 60 * 1000, sum(v for mm, v in per_minute.items() if mm <= m))
                      for m in per_minute)
        if rec != [(t, float(v)) for t, v in want]:
            failures.append(f"records_total: {len(rec or [])} samples, expected {len(want)} "
                            f"(first {(rec or [])[:3]} vs {want[:3]})")
        fnd = find('__name__="statuslint_findings_total"', 'rule="body.bodyless-status-with-content"')
        if not fnd or fnd[-1][1] != planted:
            failures.append(f"findings_total ends at {fnd and fnd[-1]}, planted {planted}")
        ok = find('__name__="statuslint_responses_total"', 'code="200"')
        if not ok or ok[-1][1] != n - planted:
            failures.append(f"responses_total{{code=200}} ends at {ok and ok[-1]}, "
                            f"expected {n - planted}")
        if len(blocks) < 2:
            failures.append(f"{len(blocks)} block(s) for five hours of logs")
    r = subprocess.run([sl, "--timestamps", "-f", "json", files[0]], capture_output=True,
                       text=True)
    if r.returncode != 2 or "--timestamps" not in r.stderr:
        failures.append(f"--timestamps without -f openmetrics: exit {r.returncode}, {r.stderr!r}")
    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print(f"OK: {n} records over {len(per_minute)} minutes and {planted} findings backfilled")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
