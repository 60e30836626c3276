#!/usr/bin/python3
"""follow_bench.py: sustained lines per second of `statuslint follow` and its memory over a
long run. A writer appends genlog.py lines to a log as fast as it can (64 KiB writes, the
file renamed and recreated every ROTATE seconds) for SECONDS; the follower's /metrics tells
how many lines it has read. Reports the lines/s the follower kept up with (lines written /
time until it had read them all), its RSS each 10 s, and its peak RSS (VmHWM).

usage: follow_bench.py [--bin BIN] [--seconds 60] [--rotate 5] [--out FILE.md]"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for ln in f:
            if ln.startswith(key + ":"):
                return int(ln.split()[1])
    return 0


def lines_read(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        for ln in r.read().decode().splitlines():
            if ln.startswith("statuslint_lines_total "):
                return int(float(ln.split()[1]))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "src", "statuslint"))
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rotate", type=float, default=5)
    ap.add_argument("--out")
    a = ap.parse_args()
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    src = os.path.join(data, "500k.log")
    if not os.path.exists(src):
        with open(src, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "genlog.py"), "--lines", "500000",
                            "--seed", "1"], stdout=f, check=True)
    blob = open(src, "rb").read()
    blocks, at = [], 0
    while at < len(blob):  # whole-line blocks of about 64 KiB
        end = blob.rfind(b"\n", at, at + 65536) + 1 or len(blob)
        blocks.append((blob[at:end], blob.count(b"\n", at, end)))
        at = end
    work = os.path.join(data, "follow")
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "access.log")
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    p = subprocess.Popen([a.bin, "follow", "-q", "--listen", f"127.0.0.1:{port}", "-f", "jsonl",
                          "-o", "/dev/null", log])
    while True:
        try:
            lines_read(port)
            break
        except OSError:
            time.sleep(0.05)
    written, i, gen = 0, 0, 0
    rss = []
    t0 = time.time()
    next_rot, next_rss = t0 + a.rotate, t0 + 10
    while time.time() - t0 < a.seconds:
        for _ in range(16):
            b, n = blocks[i % len(blocks)]
            os.write(fd, b)
            written += n
            i += 1
        now = time.time()
        if now >= next_rot:
            gen += 1
            os.rename(log, f"{log}.{gen}")
            os.close(fd)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            if gen > 2:
                os.unlink(f"{log}.{gen - 2}")
            next_rot = now + a.rotate
        if now >= next_rss:
            rss.append((round(now - t0), status_kb(p.pid, "VmRSS") / 1024))
            next_rss += 10
        # keep the writer from running more than a few seconds ahead of the reader
        while written - lines_read(port) > 2_000_000:
            time.sleep(0.05)
    os.close(fd)
    wrote_s = time.time() - t0
    while lines_read(port) < written:
        time.sleep(0.02)
    caught = time.time() - t0
    got = lines_read(port)
    hwm = status_kb(p.pid, "VmHWM") / 1024
    rss.append((round(caught), status_kb(p.pid, "VmRSS") / 1024))
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=30)
    rate = written / caught
    mb = sum(len(b) for b, _ in blocks) / sum(n for _, n in blocks) * rate / 1e6
    lines = [
        "# statuslint follow benchmark",
        "",
        f"Command: `/usr/bin/python3 tests/bench/follow_bench.py --seconds {a.seconds:g} "
        f"--rotate {a.rotate:g}`; input: genlog.py lines (500k-line cycle), written in 64 KiB "
        f"appends, the file renamed and recreated every {a.rotate:g} s; follower: the whole "
        "default pack, `-f jsonl -o /dev/null`, `--listen`; machine: 2 cores, shared.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| lines written | {written:,} in {wrote_s:.1f} s ({gen} rotations) |",
        f"| lines the follower counted | {got:,} (exit {rc} on SIGTERM) |",
        f"| sustained rate (written / time until all were read) | {rate:,.0f} lines/s ({mb:.0f} MB/s) |",
        f"| RSS over the run (s: MiB) | {', '.join(f'{t}: {m:.1f}' for t, m in rss)} |",
        f"| peak RSS (VmHWM) | {hwm:.1f} MiB |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    return 0 if got == written and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
