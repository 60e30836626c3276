#!/usr/bin/python3
"""state_ab.py: what --state costs, for two builds side by side.

  /usr/bin/python3 tests/bench/state_ab.py LOG RUNS NAME=BIN [NAME=BIN ...]

Each round runs every build without and with --state (a fresh copy of an empty store the
build made itself, with its -wal if it left one), so load from elsewhere on the machine hits all of them alike; the first
round only warms the page cache. Prints, per build, the CPU (user + sys) medians, the cost
of --state from the medians and the median of the rounds' state/plain ratios, the same for
wall time, then the user and sys medians apart."""
import os
import resource
import shutil
import statistics as st
import subprocess
import sys
import tempfile
import time


def one(binary, extra, log):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([binary, "-q", "--no-progress", "--exit-zero", "-j2", "-f", "jsonl", "-o",
                    "/dev/null", *extra, log], check=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime, wall


def main():
    log, runs = sys.argv[1], int(sys.argv[2])
    bins = dict(a.split("=", 1) for a in sys.argv[3:])
    work = tempfile.mkdtemp()
    try:
        for name, b in bins.items():  # an empty store of each build's own schema
            subprocess.run([b, "-q", "--exit-zero", "--state", os.path.join(work, name + ".db"),
                            "--log-format", "combined", "/dev/null"], capture_output=True)
        res = {}
        for i in range(runs + 1):
            for name, b in bins.items():
                db = os.path.join(work, "w.db")
                for end in ("", "-wal", "-shm"):  # the store is FILE and, between runs, FILE-wal
                    if os.path.exists(db + end):
                        os.remove(db + end)
                    if end != "-shm" and os.path.exists(os.path.join(work, name + ".db" + end)):
                        shutil.copy(os.path.join(work, name + ".db" + end), db + end)
                for kind, extra in (("plain", []), ("state", ["--state", db])):
                    m = one(b, extra, log)
                    if i:
                        res.setdefault((name, kind), []).append(m)
        for name in bins:
            for what, pick in (("cpu", lambda m: m[0] + m[1]), ("wall", lambda m: m[2])):
                p = [pick(m) for m in res[(name, "plain")]]
                s = [pick(m) for m in res[(name, "state")]]
                print(f"{name:8} {what:4} median plain {st.median(p) * 1000:6.1f} ms, state "
                      f"{st.median(s) * 1000:6.1f} ms (+{(st.median(s) / st.median(p) - 1) * 100:.1f}%); "
                      f"median of the {runs} rounds' ratios {st.median([b / a for a, b in zip(p, s)]):.3f}")
        for (name, kind), v in res.items():
            print(f"{name:8} {kind:5} user median {st.median([m[0] for m in v]) * 1000:6.1f} ms, "
                  f"sys median {st.median([m[1] for m in v]) * 1000:5.1f} ms")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
