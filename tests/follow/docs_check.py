#!/usr/bin/env python3
"""docs_check.py: the operations files of docs/follow/ against the built statuslint:
  - alerts.yml passes `promtool check rules` and tests/follow/alerts_test.yml;
  - every query of grafana-dashboard.json is valid PromQL (checked as recording rules by
    promtool) and names only metrics a running `statuslint follow --listen` serves;
  - the systemd unit's ExecStart, with its paths moved under WORKDIR and a free port,
    starts, answers /healthz, and exits 0 on the unit's KillSignal.

usage: docs_check.py STATUSLINT SOURCE_DIR WORKDIR"""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

SKIP = 77


def main():
    sl, src, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    promtool = shutil.which("promtool")
    if not promtool:
        print("SKIPPED: promtool is not installed (apt-get install prometheus)")
        return SKIP
    docs = os.path.join(src, "docs", "follow")
    failures = []

    def run(args, what):
        r = subprocess.run(args, capture_output=True, text=True, cwd=src)
        if r.returncode:
            failures.append(f"{what}: {r.stdout}{r.stderr}")

    run([promtool, "check", "rules", os.path.join(docs, "alerts.yml")], "promtool check rules")
    run([promtool, "test", "rules", os.path.join(src, "tests", "follow", "alerts_test.yml")],
        "promtool test rules")

    # the systemd unit's command, with its paths under WORKDIR
    unit = open(os.path.join(docs, "statuslint-follow.service")).read()
    m = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", unit, re.M)
    argv = shlex.split(m.group(1).replace("\\\n", " "))
    logdir, outdir = os.path.join(work, "nginx"), os.path.join(work, "statuslint")
    os.makedirs(logdir)
    os.makedirs(outdir)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    argv = [sl] + [a.replace("/var/log/nginx", logdir).replace("/var/log/statuslint", outdir)
                   .replace("127.0.0.1:9464", f"127.0.0.1:{port}") for a in argv[1:]]
    with open(os.path.join(logdir, "access.log"), "w") as f:
        # nginx JSON with $request_time, so the request-time histograms are served too
        f.write('{"time_iso8601":"2026-12-01T10:00:00+00:00","remote_addr":"10.0.0.1",'
                '"request_method":"GET","request_uri":"/","status":204,"body_bytes_sent":9,'
                '"request_time":0.004}\n')
    p = subprocess.Popen(argv + ["--from-start"], stderr=subprocess.PIPE)
    metrics = ""
    deadline = time.time() + 10
    while time.time() < deadline and p.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics",
                                             timeout=1).read().decode()
            if "statuslint_lines_total 1" in metrics:
                break
        except OSError:
            pass
        time.sleep(0.1)
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)  # KillSignal=SIGTERM
    rc = p.wait(timeout=10)
    err = p.stderr.read().decode()
    if "without libmicrohttpd" in err:
        print("SKIPPED: statuslint was built without libmicrohttpd")
        return SKIP
    if rc != 0 or "statuslint_lines_total 1" not in metrics:
        failures.append(f"the unit's ExecStart: exit {rc}, stderr {err!r}")
    if "KillSignal=SIGTERM" not in unit or "ExecReload=/bin/kill -HUP $MAINPID" not in unit:
        failures.append("the unit no longer stops with SIGTERM and reloads with SIGHUP")
    served = set(re.findall(r"^(statuslint_\w+)", metrics, re.M))
    if "statuslint_request_duration_seconds_count" not in metrics:
        failures.append("no request-time histogram served for a log with request times")
    served |= {n.rsplit("_", 1)[0] for n in served if n.endswith(("_total", "_info"))}

    dash = json.load(open(os.path.join(docs, "grafana-dashboard.json")))
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    rules = {"groups": [{"name": "dashboard", "rules": []}]}
    for i, e in enumerate(exprs):
        for name in re.findall(r"\b(statuslint_\w+)", e):
            if name not in served:
                failures.append(f"dashboard query names {name}, which /metrics does not serve")
        e = e.replace("$__rate_interval", "5m").replace("$job", "statuslint")
        e = e.replace("$instance", ".*")
        rules["groups"][0]["rules"].append({"record": f"dashboard:q{i}", "expr": e})
    for name in re.findall(r"\b(statuslint_\w+)", open(os.path.join(docs, "alerts.yml")).read()):
        if name not in served:
            failures.append(f"alerts.yml names {name}, which /metrics does not serve")
    path = os.path.join(work, "dashboard-rules.json")  # YAML is a superset of JSON
    with open(path, "w") as f:
        json.dump(rules, f)
    run([promtool, "check", "rules", path], "dashboard queries")
    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print(f"OK: alerts, {len(exprs)} dashboard queries and the systemd unit")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
