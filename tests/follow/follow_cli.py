#!/usr/bin/env python3
"""follow_cli.py: `statuslint follow` through its command line, one part per run:
  budget    --max-series folds later codes, rules and routes into "other" and counts them
  formats   /metrics parses as Prometheus text (promtool) and, on Accept, OpenMetrics
  stdin     `follow -` prints each finding when its line arrives, ends at end of input
  histogram request-time histograms by route when the format logs request time
  pipe      batch `statuslint -` on a pipe does too (`tail -F log | statuslint -`)
  signals   SIGHUP reopens the output file, SIGINT writes the end reports and exits 0
  rotation  each rotation style alone: every line counted once, partial lines kept whole
  agree     follow and a batch run over the same bytes give the same findings and counts
  usage     bad flags and addresses exit 2 with a message

usage: follow_cli.py PART STATUSLINT WORKDIR"""
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from followlib import free_port, wait_listening  # noqa: E402


def line(n, status=200, size=100):
    return (f'10.0.0.{n % 250} - - [01/Dec/2026:10:00:{n % 60:02d} +0000] "GET /p/{n} HTTP/1.1" '
            f'{status} {size} "-" "t/1"\n')


def planted(n):
    return line(n, 204, 9)  # body.bodyless-status-with-content


class Follow:
    def __init__(self, sl, args, work, stdin=None):
        self.port = free_port()
        self.err = open(os.path.join(work, "stderr.txt"), "w+")
        self.p = subprocess.Popen([sl, "follow", "-q", "--listen", f"127.0.0.1:{self.port}"] + args,
                                  stdin=stdin, stdout=subprocess.PIPE, stderr=self.err)
        wait_listening(self.p, self.port, self.stderr)

    def get(self, path, accept=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        if accept:
            req.add_header("Accept", accept)
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.headers.get("Content-Type"), r.read().decode()

    def metrics(self):
        out = {}
        for ln in self.get("/metrics")[1].splitlines():
            if ln and not ln.startswith("#"):
                name, val = ln.rsplit(" ", 1)
                out[name] = float(val)
        return out

    def wait_lines(self, n, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.metrics().get("statuslint_lines_total") == n:
                return True
            time.sleep(0.05)
        return False

    def stop(self, sig=signal.SIGTERM):
        self.p.send_signal(sig)
        out, _ = self.p.communicate(timeout=10)
        return self.p.returncode, out.decode()

    def stderr(self):
        self.err.seek(0)
        return self.err.read()


def check(cond, msg, failures):
    if not cond:
        failures.append(msg)


def part_budget(sl, work, failures):
    log = os.path.join(work, "a.log")
    open(log, "w").close()
    f = Follow(sl, ["--max-series", "32", log], work)
    with open(log, "a") as w:
        for i in range(300):  # 300 lines over 60 distinct codes, 2xx..5xx, and 50 routes
            w.write(line(i, 200 + (i % 4) * 100 + i % 15).replace("/p/", f"/p{i % 50}/"))
    check(f.wait_lines(300), "not every line was counted", failures)
    m = f.metrics()
    labelled = [k for k in m if "{" in k and not k.startswith("statuslint_build_info{")]
    check(len(labelled) <= 32, f"{len(labelled)} labelled series over --max-series 32", failures)
    resp = sum(v for k, v in m.items() if k.startswith("statuslint_responses_total{"))
    check(resp == 300, f"responses_total sums to {resp}, not 300", failures)
    routes = sum(v for k, v in m.items() if k.startswith("statuslint_route_responses_total{"))
    check(routes == 300, f"route_responses_total sums to {routes}, not 300", failures)
    other = sum(v for k, v in m.items()
                if k.startswith('statuslint_route_responses_total{route="other"'))
    check(other > 0 and m.get("statuslint_routes_folded_total") == other,
          f'routes_folded_total {m.get("statuslint_routes_folded_total")}, route="other" {other}',
          failures)
    check(m.get("statuslint_series_folded_total", 0) > 0, "nothing was folded", failures)
    check(any('code="other"' in k for k in labelled), 'no code="other" series', failures)
    rc, _ = f.stop()
    check(rc == 0, f"exit {rc} on SIGTERM", failures)


def part_formats(sl, work, failures):
    log = os.path.join(work, "a.log")
    with open(log, "w") as w:
        w.write(planted(1) + line(2) + line(3, 999))
    f = Follow(sl, ["--from-start", log], work)
    check(f.wait_lines(3), "the three lines were not counted", failures)
    ctype, text = f.get("/metrics")
    check(ctype.startswith("text/plain; version=0.0.4"), f"text Content-Type {ctype}", failures)
    prom = os.path.join(work, "metrics.prom")
    with open(prom, "w") as w:
        w.write(text)
    promtool = shutil.which("promtool")
    if promtool:
        r = subprocess.run([promtool, "check", "metrics"], stdin=open(prom), capture_output=True,
                           text=True)
        check(r.returncode == 0, f"promtool check metrics: {r.stdout}{r.stderr}", failures)
    ctype, om = f.get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
    check(ctype.startswith("application/openmetrics-text"), f"OpenMetrics Content-Type {ctype}",
          failures)
    try:
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        fams = {fam.name: fam for fam in text_string_to_metric_families(om)}
        lines = [s.value for s in fams["statuslint_lines"].samples if s.name.endswith("_total")]
        check(lines == [3], f"OpenMetrics statuslint_lines_total {lines}", failures)
        check(fams["statuslint_findings"].type == "counter", "findings is not a counter", failures)
    except ImportError:
        print("note: python3-prometheus-client missing: OpenMetrics text not parsed")
    check(f.get("/healthz")[1] == "ok\n", "/healthz is not ok", failures)
    try:
        f.get("/nothing")
        failures.append("/nothing answered 200")
    except urllib.error.HTTPError as e:
        check(e.code == 404, f"/nothing answered {e.code}", failures)
    f.stop()


def part_stdin(sl, work, failures):
    p = subprocess.Popen([sl, "follow", "-q", "-f", "jsonl", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write((line(1) + planted(2)).encode())
    p.stdin.flush()
    ready, _, _ = select.select([p.stdout], [], [], 5)
    if not ready:
        failures.append("no finding within 5 s of its line arriving on stdin")
    else:
        got = json.loads(p.stdout.readline())
        check(got["line"] == 2 and got["file"] == "-", f"finding {got}", failures)
    p.stdin.write(planted(3).encode())
    p.stdin.close()  # end of input: follow - ends by itself
    p.wait(timeout=10)
    out, err = p.stdout.read(), p.stderr.read()
    check(p.returncode == 0, f"exit {p.returncode} at end of stdin: {err.decode()}", failures)
    rest = [json.loads(x) for x in out.decode().splitlines()]
    check([x["line"] for x in rest] == [3], f"after the first: {rest}", failures)


def part_histogram(sl, work, failures):
    fmt = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
           '"$http_referer" "$http_user_agent" $request_time')
    log = os.path.join(work, "a.log")
    times = [("200", "0.001"), ("200", "0.003"), ("200", "0.2"), ("200", "7"), ("200", "30"),
             ("200", "-"), ("503", "0.04")]
    with open(log, "w") as w:
        for st, t in times:
            path = "/api/orders/17" if st == "503" else "/"
            w.write(f'1.2.3.4 - - [01/Dec/2026:09:00:00 +0000] "GET {path} HTTP/1.1" {st} 5 "-" "c" {t}\n')
    f = Follow(sl, ["--from-start", "--log-format", fmt, log], work)
    check(f.wait_lines(len(times)), "lines not counted", failures)
    m = f.metrics()
    h = "statuslint_request_duration_seconds"
    r1, r2 = 'route="/"', 'route="/api/orders/{int}"'
    want = {f'{h}_bucket{{{r1},le="0.005"}}': 2, f'{h}_bucket{{{r1},le="0.25"}}': 3,
            f'{h}_bucket{{{r1},le="10.0"}}': 4, f'{h}_bucket{{{r1},le="+Inf"}}': 5,
            f'{h}_count{{{r1}}}': 5, f'{h}_count{{{r2}}}': 1,
            f'{h}_bucket{{{r2},le="0.05"}}': 1, f'{h}_bucket{{{r2},le="0.025"}}': 0,
            f'statuslint_route_responses_total{{{r1},class="2xx"}}': 6,
            f'statuslint_route_responses_total{{{r2},class="5xx"}}': 1}
    for k, v in want.items():
        check(m.get(k) == v, f"{k} = {m.get(k)}, expected {v}", failures)
    check(abs(m.get(f'{h}_sum{{{r1}}}', 0) - 37.204) < 1e-9, "route / _sum", failures)
    for r in (r1, r2):
        check(m.get(f'{h}_count{{{r}}}') == m.get(f'{h}_bucket{{{r},le="+Inf"}}'),
              f"{r}: _count differs from the +Inf bucket", failures)
    promtool = shutil.which("promtool")
    if promtool:
        r = subprocess.run([promtool, "check", "metrics"], input=f.get("/metrics")[1],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"promtool check metrics: {r.stdout}{r.stderr}", failures)
    try:
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        om = f.get("/metrics", "application/openmetrics-text")[1]
        fams = {fam.name: fam for fam in text_string_to_metric_families(om)}
        check(fams[h].type == "histogram", "OpenMetrics: not a histogram", failures)
    except ImportError:
        pass
    except ValueError as e:
        failures.append(f"OpenMetrics parser: {e}")
    f.stop()
    # a format without request time: no histogram at all
    plain = os.path.join(work, "plain.log")
    with open(plain, "w") as w:
        w.write(line(1))
    g = Follow(sl, ["--from-start", plain], work)
    check(g.wait_lines(1), "plain: line not counted", failures)
    check(not any(k.startswith(h) for k in g.metrics()), "a histogram without request time",
          failures)
    g.stop()


def part_pipe(sl, work, failures):
    for threads in ("1", "2"):
        for fmt in ("jsonl", "text"):
            p = subprocess.Popen([sl, "-q", "-j", threads, "--color", "never", "-f", fmt, "-"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            p.stdin.write((line(1) + planted(2)).encode())
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 5)
            first = p.stdout.readline().decode() if ready else ""
            check(("line\":2" in first) if fmt == "jsonl" else first.startswith("-:2: error"),
                  f"-j{threads} -f {fmt}: no finding within 5 s of its line, got {first!r}",
                  failures)
            p.stdin.write(planted(3).encode())
            p.stdin.close()
            p.wait(timeout=10)
            rest = p.stdout.read().decode()
            check(p.returncode == 1, f"-j{threads} -f {fmt}: exit {p.returncode}", failures)
            check((rest.count("\"line\":3") if fmt == "jsonl" else rest.count("-:3: error")) == 1,
                  f"-j{threads} -f {fmt}: the later finding is missing: {rest[:300]!r}", failures)


def part_signals(sl, work, failures):
    log, out = os.path.join(work, "a.log"), os.path.join(work, "out.jsonl")
    summary = os.path.join(work, "summary.json")
    open(log, "w").close()
    f = Follow(sl, ["-f", "jsonl", "-o", out, "-f", "json", "-o", summary, log], work)
    with open(log, "a") as w:
        w.write(planted(1))
    check(f.wait_lines(1), "line 1 not counted", failures)
    os.rename(out, out + ".1")  # logrotate moves our output away, then sends SIGHUP
    f.p.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    with open(log, "a") as w:
        w.write(planted(2))
    check(f.wait_lines(2), "line 2 not counted", failures)
    rc, _ = f.stop(signal.SIGINT)
    check(rc == 0, f"exit {rc} on SIGINT", failures)
    old = [json.loads(x)["line"] for x in open(out + ".1")]
    new = [json.loads(x)["line"] for x in open(out)] if os.path.exists(out) else None
    check(old == [1] and new == [2], f"before SIGHUP {old}, after {new}", failures)
    try:
        doc = json.load(open(summary))
        n = len(doc.get("findings", []))
        check(n == 2, f"the -f json report written at SIGINT has {n} findings, not 2", failures)
    except (OSError, ValueError) as e:
        failures.append(f"-f json report at SIGINT: {e}")


def part_rotation(sl, work, failures):
    """Each style alone, with a line split across two writes around the rotation."""
    for style in ["rename", "copytruncate", "delete", "newfile"]:
        d = os.path.join(work, style)
        os.makedirs(d)
        log = os.path.join(d, "app.log")
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        f = Follow(sl, [d] if style == "newfile" else [log], work)
        n = 0
        for i in range(50):
            os.write(fd, line(n).encode())
            n += 1
        # the follower has read them (a file copied and truncated before a single read
        # leaves nothing to match the copy against), then holds a partial line
        check(f.wait_lines(50), f"{style}: the first 50 lines were not counted", failures)
        half = planted(n)
        os.write(fd, half[:15].encode())
        time.sleep(0.3)
        if style == "rename":
            os.rename(log, log + ".1")
        elif style == "copytruncate":
            os.write(fd, half[15:].encode())
            n += 1
            shutil.copyfile(log, log + ".1")
            os.truncate(log, 0)
        elif style == "delete":
            os.unlink(log)
        if style in ("rename", "delete", "newfile"):
            os.write(fd, half[15:].encode())  # the old descriptor finishes its line
            n += 1
            if style != "newfile":
                os.close(fd)
                fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        if style == "newfile":
            os.close(fd)
            fd = os.open(os.path.join(d, "other.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        for i in range(50):
            os.write(fd, (planted(n) if i == 7 else line(n)).encode())
            n += 1
        os.close(fd)
        ok = f.wait_lines(n)
        m = f.metrics()
        check(ok, f"{style}: {m.get('statuslint_lines_total')} lines counted, wrote {n}",
              failures)
        check(m.get("statuslint_rejected_total") == 0, f"{style}: lines rejected", failures)
        fnd = sum(v for k, v in m.items() if k.startswith("statuslint_findings_total{"))
        check(fnd == 2, f"{style}: {fnd} findings, planted 2", failures)
        f.stop()


def agree_inputs(work):
    """Inputs that take each path of the engine: presets, total-byte columns, a stateful
    format, CSV with an unbalanced quote, no known format, an error log, an overlong line,
    CRLF."""
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    out = [os.path.join(root, "samples", n)
           for n in ("combined.log", "nginx-extended.log", "apache-extended.log")]
    gen = {
        # bodyless responses with header-sized byte counts: the column counts total bytes
        "total.log": "".join(line(i, 304, 180) if i % 5 == 0 else line(i, 204, 190)
                             if i % 7 == 0 else line(i, 200, 5000 + i) for i in range(60)),
        "w3c.log": "#Software: IIS\n#Fields: date time cs-method cs-uri-stem sc-status sc-bytes\n"
                   "2026-12-01 10:00:00 GET /a 204 5\n2026-12-01 10:00:01 HEAD /b 200 9\n"
                   "#Fields: date time cs-method cs-uri-stem sc-status\n"
                   "2026-12-01 10:00:02 GET /c 204\n",
        "quote.csv": "time,method,path,status,bytes\n"
                     "2026-12-01T10:00:00Z,GET,/a,204,5\n2026-12-01T10:00:01Z,GET,\"/b,200,1\n"
                     "2026-12-01T10:00:02Z,GET,/c,204,7\n",
        "unknown.log": "no format here\n\nnor here\n",
        # an nginx error log beside the access logs: passed over, not rejected line by line
        "error.log": "".join(f'2026/12/01 10:00:0{i} [error] 7#0: *{i} open() "/x{i}" failed (2: '
                             f'No such file or directory), client: 10.0.0.1, server: a, request: '
                             f'"GET /x{i} HTTP/1.1", host: "a"\n' for i in range(5)),
        "hostile.log": planted(1) + "x" * (600 << 10) + "\n" + line(2).replace("\n", "\r\n")
                       + "\x00\x01 binary\n" + planted(3),
    }
    for name, text in gen.items():
        path = os.path.join(work, name)
        with open(path, "w", newline="") as w:
            w.write(text)
        out.append(path)
    return out


def part_agree(sl, work, failures):
    drop = ("started", "finished", "seconds", "success", "input_errors")

    def report(args, path):
        out = os.path.join(work, "report.json")
        if os.path.exists(out):
            os.unlink(out)
        with open(path, "rb") as f:
            r = subprocess.run([sl] + args + ["-q", "--stdin-filename", "in.log", "-f", "jsonl",
                                              "-f", "json", "-o", out, "-"],
                               stdin=f, capture_output=True, timeout=60)
        doc = json.load(open(out))
        doc["summary"] = {k: v for k, v in doc["summary"].items() if k not in drop}
        return r.stdout.decode().splitlines(), doc

    found = 0
    for path in agree_inputs(work):
        name = os.path.basename(path)
        bat, bdoc = report([], path)
        fol, fdoc = report(["follow"], path)
        found += len(bat)
        check(fol == bat, f"{name}: follow's findings differ from the batch run's:\n"
              f"  follow {fol[:3]}\n  batch  {bat[:3]}", failures)
        for k in set(bdoc) | set(fdoc):
            check(fdoc.get(k) == bdoc.get(k), f"{name}: json {k}: follow {fdoc.get(k)!r:.300}, "
                  f"batch {bdoc.get(k)!r:.300}", failures)
    check(found > 10, f"only {found} findings over the inputs: nothing compared", failures)


def part_usage(sl, work, failures):
    port = free_port()
    busy = socket.socket()
    busy.bind(("127.0.0.1", port))
    busy.listen(1)
    cases = [
        (["follow"], "give the log files"),
        (["--listen", "127.0.0.1:9", "a.log"], "--listen is an option of statuslint follow"),
        (["follow", "--listen", "nonsense", "a.log"], "expected HOST:PORT"),
        (["follow", "--listen", "127.0.0.1:99999", "a.log"], "not a number from 1 to 65535"),
        (["follow", "--listen", f"127.0.0.1:{port}", "a.log"], "cannot listen"),
        (["follow", "--max-series", "3", "a.log"], "--max-series: expected a whole number"),
        (["--max-series", "50", "a.log"], "--max-series is an option of statuslint follow"),
        (["--from-start", "a.log"], "--from-start is an option of statuslint follow"),
    ]
    for args, want in cases:
        r = subprocess.run([sl] + args, capture_output=True, text=True, timeout=10, cwd=work)
        check(r.returncode == 2 and want in r.stderr,
              f"{args}: exit {r.returncode}, stderr {r.stderr.strip()!r}", failures)
    busy.close()


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    part, sl, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = []
    globals()["part_" + part](sl, work, failures)
    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print("OK:", part)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
