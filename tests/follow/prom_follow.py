#!/usr/bin/env python3
"""prom_follow.py: `statuslint follow --listen` scraped by a real Prometheus while a writer
appends lines fast and rotates its logs every few seconds in every style logrotate has
(rename and create, copytruncate, delaycompress, delete and recreate) and drops new files
into a followed directory. Prometheus's HTTP API must then report exactly the lines written
and the findings planted, route labels (more routes than the budget holds, the rest folded
into route="other" and counted), request-time histograms by route whose _count is the +Inf
bucket, and every labelled series within --max-series.

usage: prom_follow.py STATUSLINT WORKDIR [SECONDS]
Exits 77 (ctest skip) when prometheus is not installed."""
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from followlib import SKIP, free_port  # noqa: E402
RULE = "body.bodyless-status-with-content"  # a 204 with body bytes
MAX_SERIES = 200
ROUTES = 40  # /shopN/item/{int}: more routes than the budget gives histograms to
LOG_FORMAT = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
              '"$http_referer" "$http_user_agent" $request_time')


def line(n, planted):
    status, size = (204, 17) if planted else (200, 512 + n % 97)
    return (f'10.0.{n % 250}.{n % 7} - - [01/Dec/2026:10:{(n // 60) % 60:02d}:{n % 60:02d} +0000] '
            f'"GET /shop{n % ROUTES}/item/{n} HTTP/1.1" {status} {size} "-" "bench/1.0" '
            f'{(n % 13) * 0.037:.3f}\n').encode()


class Log:
    """One log being written with O_APPEND, as a server does, and rotated in turn."""

    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.gen = 0

    def write(self, data):
        os.write(self.fd, data)

    def reopen(self):
        os.close(self.fd)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def rotate(self, style, tail):
        """tail: bytes the server still writes to the old file before it reopens."""
        p = self.path
        self.gen += 1
        if style == "rename":
            os.rename(p, f"{p}.1")
            self.write(tail)  # not reopened yet: still the old inode
            self.reopen()
        elif style == "copytruncate":
            shutil.copyfile(p, f"{p}.1")
            os.truncate(p, 0)
            self.write(tail)  # O_APPEND: lands at the start of the emptied file
        elif style == "delaycompress":
            if os.path.exists(f"{p}.1"):  # last rotation's file compressed now, not then
                with open(f"{p}.1", "rb") as src, gzip.open(f"{p}.2.gz", "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.unlink(f"{p}.1")
            os.rename(p, f"{p}.1")
            self.write(tail)
            self.reopen()
        elif style == "delete":
            os.unlink(p)
            self.write(tail)  # into a deleted file: readable only through an open descriptor
            self.reopen()


def query(port, q):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    with urllib.request.urlopen(url, timeout=5) as r:
        res = json.load(r)["data"]["result"]
    return float(res[0]["value"][1]) if res else None


def query_all(port, q):
    """Every sample of q: a list of (labels, value)."""
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    with urllib.request.urlopen(url, timeout=5) as r:
        res = json.load(r)["data"]["result"]
    return [(x["metric"], float(x["value"][1])) for x in res]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sl, work = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    prom = shutil.which("prometheus")
    if not prom:
        print("SKIPPED: prometheus is not installed (apt-get install prometheus)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    solo, logdir = os.path.join(work, "solo"), os.path.join(work, "dir")
    os.makedirs(solo)
    os.makedirs(logdir)
    sl_port, prom_port = free_port(), free_port()
    cfg = os.path.join(work, "prometheus.yml")
    with open(cfg, "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
  scrape_timeout: 900ms
scrape_configs:
  - job_name: statuslint
    static_configs:
      - targets: ['127.0.0.1:{sl_port}']
""")
    procs = []
    try:
        follow = subprocess.Popen(
            [sl, "follow", "-q", "--log-format", LOG_FORMAT, "--listen", f"127.0.0.1:{sl_port}",
             "--max-series",
             str(MAX_SERIES), "-f", "jsonl", "-o", os.path.join(work, "findings.jsonl"),
             os.path.join(solo, "access.log"), logdir],
            stderr=open(os.path.join(work, "follow.stderr"), "w"))
        procs.append(follow)
        promp = subprocess.Popen(
            [prom, f"--config.file={cfg}", f"--storage.tsdb.path={work}/tsdb",
             f"--web.listen-address=127.0.0.1:{prom_port}"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
        procs.append(promp)
        # statuslint and Prometheus up before the first line
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{sl_port}/healthz", timeout=1).read()
                urllib.request.urlopen(f"http://127.0.0.1:{prom_port}/-/ready", timeout=1).read()
                break
            except OSError:
                if follow.poll() is not None and "without libmicrohttpd" in open(
                        os.path.join(work, "follow.stderr")).read():
                    print("SKIPPED: statuslint was built without libmicrohttpd")
                    return SKIP
                if time.time() > deadline or follow.poll() is not None or promp.poll() is not None:
                    print("FAIL: statuslint or prometheus did not start (see", work, ")")
                    return 1
                time.sleep(0.2)

        logs = [Log(os.path.join(solo, "access.log")), Log(os.path.join(logdir, "main.log"))]
        styles = ["rename", "copytruncate", "delaycompress", "delete"]
        written = planted = n = 0
        extra = []
        start = time.time()
        next_rot, next_new, rot = start + 2.5, start + 4, 0
        while time.time() - start < seconds:
            for lg in logs + extra:
                batch = b"".join(line(n + i, (n + i) % 97 == 0) for i in range(8))
                planted += sum((n + i) % 97 == 0 for i in range(8))
                n += 8
                written += 8
                if n % 400 == 0:  # a line in two writes: the reader sees half of it first
                    lg.write(batch[:-20])
                    time.sleep(0.002)
                    lg.write(batch[-20:])
                else:
                    lg.write(batch)
            now = time.time()
            if now >= next_rot:
                style = styles[rot % len(styles)]
                for lg in logs:
                    tail = b"".join(line(n + i, (n + i) % 97 == 0) for i in range(5))
                    planted += sum((n + i) % 97 == 0 for i in range(5))
                    n += 5
                    written += 5
                    lg.rotate(style, tail)
                rot += 1
                next_rot = now + 2.5
            if now >= next_new:  # a new file in the followed directory
                extra.append(Log(os.path.join(logdir, f"extra-{len(extra)}.log")))
                next_new = now + 5
            time.sleep(0.01)
        elapsed = time.time() - start
        print(f"wrote {written} lines ({written / elapsed:.0f}/s), {planted} planted, "
              f"{rot} rotations, {len(extra)} new files")

        # Prometheus must catch up: the last scrape after the follower has read everything
        deadline = time.time() + 20
        got = None
        while time.time() < deadline:
            got = query(prom_port, "sum(statuslint_lines_total)")
            if got == written:
                time.sleep(1.5)  # one more scrape, so later reads would show
                got = query(prom_port, "sum(statuslint_lines_total)")
                break
            time.sleep(0.5)
        failures = []
        if got != written:
            failures.append(f"statuslint_lines_total: Prometheus has {got}, written {written}")
        checks = {
            "sum(statuslint_records_total)": written,
            "sum(statuslint_rejected_total)": 0,
            f'sum(statuslint_findings_total{{rule="{RULE}"}})': planted,
            "sum(statuslint_findings_total)": planted,
            'sum(statuslint_responses_total{code="204"})': planted,
            'sum(statuslint_responses_total{code="200"})': written - planted,
        }
        for q, want in checks.items():
            v = query(prom_port, q)
            if v != want:
                failures.append(f"{q}: Prometheus has {v}, expected {want}")
        # every labelled series (job and instance aside) counts against the budget
        labelled = query_all(prom_port, 'count by (__name__) ({job="statuslint",'
                                        '__name__=~"statuslint_.+"})')
        fixed = {"statuslint_build_info"}
        series = 0
        for labels, _ in labelled:
            name = labels["__name__"]
            if name in fixed:
                continue
            sample = query_all(prom_port, f'{name}{{job="statuslint"}}')
            if any(set(m) - {"__name__", "job", "instance"} for m, _ in sample):
                series += len(sample)
        if series > MAX_SERIES:
            failures.append(f"{series} labelled series, over the budget of {MAX_SERIES}")
        # routes: labelled by template, the rest folded and counted
        routes = query_all(prom_port, "sum by (route) (statuslint_route_responses_total)")
        by_route = {m.get("route"): v for m, v in routes}
        if sum(by_route.values()) != written:
            failures.append(f"route_responses_total sums to {sum(by_route.values())}, "
                            f"written {written}")
        own = [r for r in by_route if r != "other"]
        if not own or any(not (r.startswith("/shop") and r.endswith("/item/{int}")) for r in own):
            failures.append(f"route labels {sorted(by_route)[:10]}: not /shopN/item/{{int}}")
        if "other" not in by_route or len(own) >= ROUTES:
            failures.append(f"{len(own)} routes of {ROUTES} with a series: none folded")
        folded = query(prom_port, "sum(statuslint_routes_folded_total)")
        if folded != by_route.get("other"):
            failures.append(f"statuslint_routes_folded_total {folded}, "
                            f"route=\"other\" has {by_route.get('other')}")
        # request-time histograms by route: _count is the +Inf bucket; every record timed
        h = "statuslint_request_duration_seconds"
        counts = {m["route"]: v for m, v in query_all(prom_port, f"{h}_count")}
        infs = {m["route"]: v for m, v in query_all(prom_port, f'{h}_bucket{{le="+Inf"}}')}
        if not counts or counts != infs:
            failures.append(f"histogram _count {counts} differs from the +Inf buckets {infs}")
        if sum(counts.values()) != written:
            failures.append(f"histogram _count sums to {sum(counts.values())}, written {written}")
        if len(counts) < 2:
            failures.append(f"histograms for {sorted(counts)}: expected routes and other")
        if query(prom_port, 'up{job="statuslint"}') != 1:
            failures.append("the scrape target is not up")

        follow.send_signal(signal.SIGTERM)
        rc = follow.wait(timeout=10)
        if rc != 0:
            failures.append(f"follow exited {rc} on SIGTERM, expected 0")
        with open(os.path.join(work, "findings.jsonl")) as f:
            streamed = [json.loads(x) for x in f]
        if len(streamed) != planted or any(x["rule"] != RULE for x in streamed):
            failures.append(f"findings.jsonl has {len(streamed)} findings, planted {planted}")
        for msg in failures:
            print("FAIL:", msg)
        if failures:
            print("stderr of follow:", open(os.path.join(work, "follow.stderr")).read()[-2000:])
            return 1
        print(f"OK: Prometheus reports {written} lines and {planted} findings; {len(own)} "
              f"routes labelled, {folded:.0f} records folded; {series:.0f} labelled series "
              f"<= {MAX_SERIES}")
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


if __name__ == "__main__":
    sys.exit(main())
