#!/usr/bin/python3
"""statuslint_dask.py: statuslint over a log archive on Dask distributed.

    statuslint_dask.py [--workers N] [--scheduler ADDR] [--statuslint BIN]
                       [-f FMT -o FILE]... [--compare] [--stats FILE] PATH... [-- OPTION...]

One task per input file: each runs `statuslint -f partial -o - FILE` on a worker, the
partials are gathered to the client and `statuslint merge` writes the reports (-f/-o pairs,
as statuslint takes them; default text to stdout). Options after `--` go to every
statuslint run (the partial runs and the merge alike: --rules, --config, --fail-on ...).

Without --scheduler it starts a LocalCluster of N worker processes (default 3) on
127.0.0.1 and stops it at the end. --compare also runs statuslint once locally over all
the files (in path order, as merge orders them) and checks that every report equals the
merged one, apart from the wall-clock fields; --stats writes a JSON line with the task
count, the worker processes that ran them and the timings.

Exit status: the merge's (0, 1 or 2, as statuslint's); 2 when a task failed; 3 when
--compare found a difference. Needs Debian's python3-distributed (/usr/bin/python3).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

MASKS = [
    (re.compile(rb'"(started|finished)":"[^"]*"'), rb'"\1":"T"'),
    (re.compile(rb'"seconds":[0-9.]+'), rb'"seconds":0'),
    (re.compile(rb'"(startTimeUtc|endTimeUtc)":"[^"]*"'), rb'"\1":"T"'),
    (re.compile(rb'\(\d+\.\d+ s\)'), rb'(S s)'),
    (re.compile(rb'(time|timestamp)="[^"]*"'), rb'\1="T"'),
    (re.compile(rb'(statuslint_last_run_(?:timestamp|duration)_seconds(?:\{[^}]*\})?) \S+'),
     rb'\1 T'),
    (re.compile(rb'in \d+\.\d+ s'), rb'in S s'),
]


def mask(b):
    for rx, rep in MASKS:
        b = rx.sub(rep, b)
    return b


def expand(paths):
    """Files as given; directories walked (hidden entries skipped), each file once."""
    out, seen = [], set()
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return [p for p in out if not (p in seen or seen.add(p))]


def partial_task(statuslint, path, opts, cwd):
    """Runs on a worker: the partial of one file, with the worker's process id."""
    r = subprocess.run([statuslint, "-q", "--no-progress", "-j", "1"] + opts +
                       ["-f", "partial", "-o", "-", path],
                       cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return {"path": path, "rc": r.returncode, "partial": r.stdout,
            "stderr": r.stderr.decode(errors="replace"), "pid": os.getpid()}


def parse_args(argv):
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--statuslint", default=shutil.which("statuslint") or "statuslint")
    ap.add_argument("-f", "--format", action="append", default=[])
    ap.add_argument("-o", "--output", action="append", default=[])
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--stats")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args(argv)
    if len(a.output) > len(a.format):
        ap.error("give -f FMT before each -o FILE")
    a.extra = extra
    return a


def run(a):
    from dask.distributed import Client, LocalCluster

    files = expand(a.paths)
    if not files:
        print("statuslint_dask: no input files", file=sys.stderr)
        return 2
    statuslint = os.path.abspath(a.statuslint) if os.sep in a.statuslint else a.statuslint
    t0 = time.time()
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        t1 = time.time()
        cwd = os.getcwd()
        futures = client.map(partial_task, [statuslint] * len(files), files,
                             [a.extra] * len(files), [cwd] * len(files), pure=False)
        results = client.gather(futures)
        t2 = time.time()
    finally:
        client.close()
        if cluster:
            cluster.close()
    failed = [r for r in results if r["rc"] not in (0, 1) and not r["partial"]]
    for r in results:
        if r["stderr"].strip():
            sys.stderr.write(r["stderr"] if r["stderr"].endswith("\n") else r["stderr"] + "\n")
    if failed:
        for r in failed:
            print("statuslint_dask: the task for %s failed (exit %d)" % (r["path"], r["rc"]),
                  file=sys.stderr)
        return 2
    fmts = a.format or ["text"]
    outs = a.output + [None] * (len(fmts) - len(a.output))
    cmd = [statuslint, "merge"] + a.extra
    for f, o in zip(fmts, outs):
        cmd += ["-f", f] + (["-o", o] if o else [])
    merged = subprocess.run(cmd + ["-"], input=b"".join(r["partial"] for r in results))
    t3 = time.time()
    rc = merged.returncode
    if a.stats:
        with open(a.stats, "w") as fh:
            json.dump({"tasks": len(results), "files": len(files),
                       "worker_pids": sorted({r["pid"] for r in results}),
                       "client_pid": os.getpid(), "cluster_start_s": round(t1 - t0, 3),
                       "tasks_s": round(t2 - t1, 3), "merge_s": round(t3 - t2, 3),
                       "merge_exit": rc}, fh)
            fh.write("\n")
    if a.compare:
        rc = compare(a, statuslint, files, fmts, outs, rc)
    return rc


def compare(a, statuslint, files, fmts, outs, rc):
    """One local run over every file in path order; its reports must equal the merged."""
    if None in outs:
        print("statuslint_dask: --compare needs an -o for every -f", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="statuslint-dask-")
    try:
        cmd = [statuslint, "-q", "--no-progress"] + a.extra
        mine = []
        for i, f in enumerate(fmts):
            mine.append(os.path.join(tmp, "single%d.%s" % (i, f)))
            cmd += ["-f", f, "-o", mine[-1]]
        single = subprocess.run(cmd + sorted(files))
        diff = []
        for f, o, s in zip(fmts, outs, mine):
            with open(o, "rb") as x, open(s, "rb") as y:
                if mask(x.read()) != mask(y.read()):
                    diff.append(f)
        if single.returncode != rc:
            diff.append("exit status %d (single run %d)" % (rc, single.returncode))
        if diff:
            print("statuslint_dask: --compare: the merged reports differ from one local run: "
                  + ", ".join(diff), file=sys.stderr)
            return 3
        print("statuslint_dask: --compare: %d report%s equal one local run over the %d files"
              % (len(fmts), "" if len(fmts) == 1 else "s", len(files)), file=sys.stderr)
        return rc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
