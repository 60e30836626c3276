#!/usr/bin/env python3
"""follow_hostile.py: hostile input to `statuslint follow`: a 3 MiB line arriving in pieces,
NUL bytes, CRLF, a line never ended, a followed file replaced by a directory, a FIFO in a
followed directory. Each line must be counted once (lines = records + rejected + skipped),
rejected lines named FILE:LINE with a reason, and the follower must keep going and exit 0
on SIGTERM.

usage: follow_hostile.py STATUSLINT WORKDIR"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def line(n, status=200):
    return (f'10.0.0.1 - - [01/Dec/2026:10:00:{n % 60:02d} +0000] "GET /h/{n} HTTP/1.1" '
            f'{status} 10 "-" "t/1"\n').encode()


def metrics(port):
    out = {}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        for ln in r.read().decode().splitlines():
            if ln and not ln.startswith("#"):
                k, v = ln.rsplit(" ", 1)
                out[k] = float(v)
    return out


def main():
    sl, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    d = os.path.join(work, "logs")
    os.makedirs(d)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    log, solo = os.path.join(d, "a.log"), os.path.join(work, "solo.log")
    open(log, "wb").close()
    open(solo, "wb").close()
    os.mkfifo(os.path.join(d, "pipe.log"))
    err = open(os.path.join(work, "stderr.txt"), "w+")
    p = subprocess.Popen([sl, "follow", "-q", "--listen", f"127.0.0.1:{port}", d, solo],
                         stdout=subprocess.DEVNULL, stderr=err)
    failures = []
    try:
        for _ in range(100):
            try:
                metrics(port)
                break
            except OSError:
                time.sleep(0.05)
        written = 0
        with open(log, "ab", buffering=0) as w:
            w.write(line(1))
            for _ in range(3):  # 3 MiB without a newline, in 1 MiB pieces
                w.write(b"x" * (1 << 20))
                time.sleep(0.15)
            w.write(b"yyy\n")  # ... ended here: one line, rejected
            w.write(b"\x00\x01\x02 binary \xff\xfe\n")
            w.write(line(2).replace(b"\n", b"\r\n"))
            w.write(line(3, 204).replace(b"10 \"-\"", b"5 \"-\""))
            written += 5
        with open(solo, "ab", buffering=0) as w:
            w.write(line(4))
            written += 1
        deadline = time.time() + 10
        while time.time() < deadline and metrics(port).get("statuslint_lines_total") != written:
            time.sleep(0.05)
        os.unlink(solo)
        os.mkdir(solo)  # the followed name is now a directory
        with open(log, "ab", buffering=0) as w:
            w.write(line(5) + b"never ended")
            written += 1
        time.sleep(0.5)
        m = metrics(port)
        if m.get("statuslint_lines_total") != written:
            failures.append(f"{m.get('statuslint_lines_total')} lines counted, {written} whole "
                            "lines written")
        parts = sum(m.get(f"statuslint_{k}_total", 0) for k in ("records", "rejected", "skipped"))
        if parts != m.get("statuslint_lines_total"):
            failures.append(f"records + rejected + skipped = {parts}, lines = "
                            f"{m.get('statuslint_lines_total')}")
        if m.get("statuslint_rejected_total") != 2:
            failures.append(f"{m.get('statuslint_rejected_total')} rejected, expected 2 "
                            "(the long line, the binary one)")
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=10)
        if rc != 0:
            failures.append(f"exit {rc} on SIGTERM")
        err.seek(0)
        text = err.read()
        for want in ("a.log:2: rejected: line longer than 512 KiB", "a.log:3: rejected:"):
            if want not in text:
                failures.append(f"stderr lacks {want!r}: {text[-800:]!r}")
        if "AddressSanitizer" in text or "runtime error" in text:
            failures.append("sanitizer report: " + text[-1500:])
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print("OK: follow under hostile input")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
