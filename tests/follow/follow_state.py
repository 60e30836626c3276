#!/usr/bin/env python3
"""follow_state.py: `statuslint follow --state FILE` resumes after a restart, one part per run:
  sigterm   SIGTERM, more lines, start again: every line in the store once, numbering goes on
  kill      kill -9 while lines are being written, start again: the store counts each line
            once; only lines of the last uncommitted batch are read (and reported) again
  rotate    rename and create while no follower runs: the rest of the old file is read from
            its copy, the new file from its start
  truncate  copytruncate while no follower runs (after kill -9): the same, from the copy
  dir       a followed directory gains a file while no follower runs: read from its start

usage: follow_state.py PART STATUSLINT WORKDIR"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from followlib import free_port, wait_listening  # noqa: E402
RULE = "body.bodyless-status-with-content"


def line(n):
    """Line n of the test; every 7th is a planted finding (a 204 with a body)."""
    status, size = (204, 9) if n % 7 == 0 else (200, 100 + n % 50)
    return (f'10.0.{n % 250}.1 - - [01/Dec/2026:10:{(n // 60) % 60:02d}:{n % 60:02d} +0000] '
            f'"GET /p/{n} HTTP/1.1" {status} {size} "-" "t/1"\n')


class Writer:
    """Lines numbered from 1 across every file of the test, so each is known by its number."""

    def __init__(self):
        self.n = 0
        self.planted = 0

    def write(self, path, count):
        with open(path, "a") as f:
            for _ in range(count):
                self.n += 1
                self.planted += self.n % 7 == 0
                f.write(line(self.n))


class Follow:
    def __init__(self, sl, work, args, tag):
        self.port = free_port()
        self.errpath = os.path.join(work, f"stderr-{tag}.txt")
        self.p = subprocess.Popen(
            [sl, "follow", "-q", "--state", os.path.join(work, "s.db"), "--listen",
             f"127.0.0.1:{self.port}", "-f", "jsonl", "-o", os.path.join(work, "f.jsonl")] + args,
            stdout=subprocess.DEVNULL, stderr=open(self.errpath, "w"))
        wait_listening(self.p, self.port, self.stderr)

    def lines(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as r:
            for ln in r.read().decode().splitlines():
                if ln.startswith("statuslint_lines_total "):
                    return int(float(ln.split()[1]))
        return None

    def wait_lines(self, n, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.lines() == n:
                return True
            time.sleep(0.05)
        return False

    def stop(self, sig=signal.SIGTERM):
        self.p.send_signal(sig)
        return self.p.wait(timeout=15)

    def stderr(self):
        return open(self.errpath).read()


def store(work):
    """What the store holds: lines, records and planted findings, and each input's lines."""
    db = sqlite3.connect(os.path.join(work, "s.db"))
    try:
        lines = db.execute("SELECT coalesce(sum(lines), 0) FROM reads").fetchone()[0]
        records = db.execute("SELECT coalesce(sum(n), 0) FROM day_status").fetchone()[0]
        found = db.execute("SELECT coalesce(sum(count), 0) FROM findings WHERE rule=?",
                           (RULE,)).fetchone()[0]
        inputs = dict(db.execute("SELECT path, lines FROM inputs WHERE lines > 0"))
    finally:
        db.close()
    return lines, records, found, inputs


def findings(work):
    with open(os.path.join(work, "f.jsonl")) as f:
        return [json.loads(x) for x in f]


def numbers(fs):
    """The test's line number of each finding (from its path /p/N)."""
    return [int(x["path"].rsplit("/", 1)[1]) for x in fs]


def check_store(work, w, failures, what):
    lines, records, found, _ = store(work)
    if lines != w.n or records != w.n:
        failures.append(f"{what}: the store has {lines} lines, {records} records; {w.n} written")
    if found != w.planted:
        failures.append(f"{what}: the store has {found} findings, {w.planted} planted")


def check_once(fs, w, failures, what):
    got = numbers(fs)
    want = [n for n in range(1, w.n + 1) if n % 7 == 0]
    if sorted(got) != want:
        failures.append(f"{what}: findings of lines {sorted(set(want) - set(got))[:5]} missing "
                        f"or reported twice ({len(got)} reported, {len(want)} planted)")


def check_numbering(fs, failures, what):
    """A finding's line is its line in its file, whatever run read it."""
    for x in fs:
        with open(x["file"]) as f:
            text = f.read().splitlines()
        if x["line"] > len(text) or f'/p/{x["path"].rsplit("/", 1)[1]} ' not in text[x["line"] - 1]:
            failures.append(f"{what}: {x['file']}:{x['line']} is not the line of {x['path']}")
            return


def part_sigterm(sl, work, failures):
    log, w = os.path.join(work, "a.log"), Writer()
    w.write(log, 100)
    f = Follow(sl, work, ["--from-start", log], "1")
    if not f.wait_lines(100):
        failures.append("run 1 did not read the 100 lines")
    rc = f.stop()
    w.write(log, 40)
    with open(log, "a") as g:
        g.write(line(w.n + 1)[:30])  # a partial last line: the next run reads it whole
    f = Follow(sl, work, [log], "2")  # no --from-start: the store says where
    with open(log, "a") as g:
        g.write(line(w.n + 1)[30:])
    w.n += 1
    w.planted += w.n % 7 == 0
    w.write(log, 9)
    if not f.wait_lines(50):
        failures.append(f"run 2 read {f.lines()} lines, not the 50 after run 1")
    rc2 = f.stop()
    if rc or rc2:
        failures.append(f"exit {rc} and {rc2} on SIGTERM")
    check_store(work, w, failures, "SIGTERM")
    fs = findings(work)
    check_once(fs, w, failures, "SIGTERM")
    check_numbering(fs, failures, "SIGTERM")
    if not all("new" in x for x in fs):
        failures.append('findings of a follow with --state carry no "new"')


def part_kill(sl, work, failures):
    log, w = os.path.join(work, "a.log"), Writer()
    w.write(log, 10)
    stop = threading.Event()

    def writing():
        while not stop.is_set():
            w.write(log, 20)
            time.sleep(0.01)

    f = Follow(sl, work, ["--from-start", log], "1")
    t = threading.Thread(target=writing)
    t.start()
    time.sleep(2.5)
    f.stop(signal.SIGKILL)  # mid-batch, lines still arriving
    time.sleep(0.5)
    stop.set()
    t.join()
    _, _, _, before = store(work)
    committed = before.get(log, 0)
    if not 0 < committed < w.n:
        failures.append(f"after kill -9: {committed} lines committed of {w.n} (expected some, "
                        "not all: the test did not kill mid-stream)")
    f = Follow(sl, work, [log], "2")
    w.write(log, 30)
    if not f.wait_lines(w.n - committed):
        failures.append(f"run 2 read {f.lines()} lines, expected {w.n - committed} "
                        f"({w.n} written, {committed} committed)")
    rc = f.stop()
    if rc:
        failures.append(f"exit {rc} on SIGTERM")
    check_store(work, w, failures, "kill -9")
    fs = findings(work)
    got = numbers(fs)
    want = [n for n in range(1, w.n + 1) if n % 7 == 0]
    if sorted(set(got)) != want:
        failures.append(f"kill -9: findings of lines {sorted(set(want) - set(got))[:5]} missing")
    again = sorted(n for n in set(got) if got.count(n) > 1)
    if again and min(again) <= committed:
        failures.append(f"kill -9: line {min(again)} reported twice, but it was committed "
                        f"(the first {committed} lines)")
    print(f"kill -9 after {committed} committed lines of {w.n}; {len(again)} findings of the "
          "uncommitted batch reported again")


def part_rotate(sl, work, failures):
    log, w = os.path.join(work, "a.log"), Writer()
    w.write(log, 50)
    f = Follow(sl, work, ["--from-start", log], "1")
    f.wait_lines(50)
    f.stop()
    first = len(findings(work))  # these name a.log, since renamed
    w.write(log, 25)  # written before the rotation, after the stop
    os.rename(log, log + ".1")
    w.write(log, 35)  # the new file
    f = Follow(sl, work, [log], "2")
    if not f.wait_lines(60):
        failures.append(f"run 2 read {f.lines()} lines, expected 25 from a.log.1 and 35 new")
    w.write(log, 5)
    if not f.wait_lines(65):
        failures.append("run 2 does not follow the new a.log")
    f.stop()
    check_store(work, w, failures, "rotate")
    fs = findings(work)
    check_once(fs, w, failures, "rotate")
    check_numbering(fs[first:], failures, "rotate")
    if not any(x["file"] == log + ".1" for x in fs[first:]):
        failures.append("rotate: no finding of a.log.1, where the lines before the rotation are")
    # a third start reads nothing again
    f = Follow(sl, work, [log], "3")
    time.sleep(0.5)
    if f.lines() != 0:
        failures.append(f"run 3 read {f.lines()} lines again")
    f.stop()
    check_store(work, w, failures, "rotate, third run")


def part_truncate(sl, work, failures):
    log, w = os.path.join(work, "a.log"), Writer()
    w.write(log, 60)
    f = Follow(sl, work, ["--from-start", log], "1")
    f.wait_lines(60)
    time.sleep(1.5)  # a commit
    w.write(log, 10)
    f.wait_lines(70)
    f.stop(signal.SIGKILL)
    w.write(log, 20)
    shutil.copyfile(log, log + ".1")  # copytruncate
    os.truncate(log, 0)
    w.write(log, 15)
    _, _, _, before = store(work)
    f = Follow(sl, work, [log], "2")
    if not f.wait_lines(w.n - before.get(log, 0)):
        failures.append(f"run 2 read {f.lines()} lines, expected {w.n - before.get(log, 0)}")
    f.stop()
    check_store(work, w, failures, "copytruncate")
    fs = findings(work)
    got = numbers(fs)
    if sorted(set(got)) != [n for n in range(1, w.n + 1) if n % 7 == 0]:
        failures.append("copytruncate: findings missing")


def part_dir(sl, work, failures):
    d, w = os.path.join(work, "logs"), Writer()
    os.makedirs(d)
    w.write(os.path.join(d, "a.log"), 30)
    f = Follow(sl, work, ["--from-start", d], "1")
    f.wait_lines(30)
    f.stop()
    w.write(os.path.join(d, "b.log"), 20)  # appeared while no follower ran
    w.write(os.path.join(d, "a.log"), 10)
    f = Follow(sl, work, [d], "2")
    if not f.wait_lines(30):
        failures.append(f"run 2 read {f.lines()} lines, expected 10 of a.log and 20 of b.log")
    f.stop()
    check_store(work, w, failures, "dir")
    check_once(findings(work), w, failures, "dir")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    part, sl, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = []
    globals()["part_" + part](sl, work, failures)
    for msg in failures:
        print("FAIL:", msg)
    if failures:
        for name in sorted(os.listdir(work)):
            if name.startswith("stderr-"):
                print(name, open(os.path.join(work, name)).read()[-1500:])
        return 1
    print("OK:", part)
    return 0


if __name__ == "__main__":
    sys.exit(main())
