#!/usr/bin/env python3
"""merge_property.py: the merge of any split of an archive equals one run over all of it.

    merge_property.py STATUSLINT WORKDIR [--splits N] [--seed S]

Builds a realistic archive (generated combined logs, some compressed, the bundled samples, a
common-format file that switches rules off, files with rejected lines, names that sort
differently from their order on disk), runs statuslint once over every file (in path
order), then for many random splits at file boundaries runs `-f partial` per part (files
shuffled within the part, random -j), merges the partials (given in random order, and
sometimes merged in two levels: merge -f partial, then merge again) and compares every
report format with the single run's: byte for byte once the wall-clock fields (start and
end times, durations) are masked, and jsonl also sorted. Exit status must agree too.
Also checks `map` (stdin) partials and the `merge --kv` reducer path, with the records
sorted as Hadoop Streaming's shuffle sorts them.

Aggregate rules keep their windows across the inputs of one run, in the order given, so a
window that spans two partials is not joined by a merge (docs/partial.md): the random splits
run with the aggregate rules disabled (a settings file), and the aggregate findings' own
fields (count, span, first, last) and statistics are checked through a merge of one partial
over every file.
"""
import json
import bz2
import gzip
import lzma
import os
import random
import re
import shutil
import subprocess
import sys

FORMATS = ["text", "jsonl", "json", "sarif", "codequality", "junit", "github", "prometheus",
           "openmetrics", "markdown"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Wall-clock fields differ between any two runs; everything else must not. The Dask driver's
# comparison masks them, and so does this test (one list, so the two cannot drift apart).
sys.path.insert(0, os.path.join(ROOT, "contrib", "dask"))
from statuslint_dask import mask  # noqa: E402  (dask itself is imported only when a cluster runs)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def build_archive(d, rng):
    gen = os.path.join(ROOT, "tests", "bench", "genlog.py")
    files = []

    def genlog(lines, seed):
        return run([sys.executable, gen, "--lines", str(lines), "--seed", str(seed)],
                   check=True).stdout

    def put(name, data, opener=open):
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with opener(p, "wb") as f:
            f.write(data)
        files.append(p)

    put("web1/access.log", genlog(2500, 1))
    put("web1/access.log.1.gz", genlog(2000, 2), gzip.open)
    put("web2/access.log.2.bz2", genlog(1500, 3), bz2.open)
    put("web2/access.log.xz", genlog(1200, 4), lzma.open)
    if shutil.which("zstd"):
        raw = genlog(1000, 5)
        p = os.path.join(d, "web3/archive.log.zst")
        os.makedirs(os.path.dirname(p), exist_ok=True)
        subprocess.run(["zstd", "-q", "-o", p], input=raw, check=True)
        files.append(p)
    for s in ("combined.log", "nginx-extended.log", "apache-extended.log", "clean.log"):
        with open(os.path.join(ROOT, "samples", s), "rb") as f:
            put("samples/" + s, f.read())
    # common format lacks referer and user agent: rules switch off, with a reason naming it
    common = b"".join(re.sub(rb' "[^"]*" "[^"]*"$', b"", ln) + b"\n"
                      for ln in genlog(800, 6).splitlines())
    put("web2/common.log", common)
    put("a-common.log", common[: len(common) // 2])
    # rejected lines in several files, more than the 20 samples a summary keeps
    for name, seed in (("web3/noisy.log", 7), ("b-noisy.log", 8)):
        lines = genlog(600, seed).splitlines()
        for i in range(0, 600, 25):
            lines[i] = b"garbage line %d \x01\t%s" % (i, name.encode())
        put(name, b"\n".join(lines) + b"\n")
    # findings whose fields hold control bytes, invalid UTF-8, C1, a bidi override, backslashes
    odd = [b'198.51.100.%d - - [24/Nov/2026:10:00:%02d +0000] "GET /x%s HTTP/1.1" 600 12 "-" "ua%s"'
           % (i, i, tail, ua) for i, (tail, ua) in enumerate([
               (b"\x1b[2J", b"\x7f"), (b"\xff\xfe", b"\xc2\x85"), (b"/\xc3\xa9t\xc3\xa9", b"\xe2\x80\xae"),
               (b"\\N", b"\\x41\\"), (b"\x01\x02", b"\t")])]
    put("web1/odd.log", b"\n".join(odd) + b"\n")
    # a same-named file in another directory, and an empty one
    put("web3/access.log", genlog(300, 9))
    put("web3/empty.log", b"")
    return sorted(files)


EXTRA = []  # --config FILE: the settings every run and merge takes


def no_aggregate_config(sl, path):
    """Writes a settings file that disables every aggregate and sequence rule (their windows
    run across the files of one run, which separate runs cannot join) and returns its path."""
    listing = run([sl, "rules", "list", "-f", "jsonl"]).stdout.decode().splitlines()
    ids = [json.loads(x)["id"] for x in listing
           if json.loads(x).get("kind") in ("aggregate", "sequence")]
    with open(path, "w") as fh:
        fh.write("disable: [%s]\n" % ", ".join(ids))
    return path


def reports(sl, args, outdir, extra=()):
    os.makedirs(outdir, exist_ok=True)
    cmd = [sl, "-q", "--no-progress"] if "merge" not in args[:1] else [sl, "merge"]
    cmd = list(cmd) + EXTRA + list(args[1:] if "merge" in args[:1] else args) + list(extra)
    for f in FORMATS:
        cmd += ["-f", f, "-o", os.path.join(outdir, "r." + f)]
    r = run(cmd)
    return r.returncode, r.stderr


def compare(single, merged, label):
    bad = []
    for f in FORMATS:
        with open(os.path.join(single, "r." + f), "rb") as a, \
             open(os.path.join(merged, "r." + f), "rb") as b:
            x, y = mask(a.read()), mask(b.read())
        if f == "jsonl" and sorted(x.splitlines()) != sorted(y.splitlines()):
            bad.append(f + " (sorted)")
        if x != y:
            bad.append(f)
            xs, ys = x.splitlines(), y.splitlines()
            for i, (p, q) in enumerate(zip(xs, ys)):
                if p != q:
                    print("  %s line %d:\n    single: %r\n    merged: %r" % (f, i + 1, p[:300], q[:300]))
                    break
            else:
                print("  %s: %d lines vs %d" % (f, len(xs), len(ys)))
    if bad:
        print("FAIL %s: %s differ" % (label, ", ".join(bad)))
    return not bad


def main():
    sl, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    splits = int(sys.argv[sys.argv.index("--splits") + 1]) if "--splits" in sys.argv else 12
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 20261201
    rng = random.Random(seed)
    shutil.rmtree(work, ignore_errors=True)
    arch = os.path.join(work, "archive")
    os.makedirs(arch)
    files = build_archive(arch, rng)
    os.chdir(arch)  # relative names, as a nightly job gives them
    files = [os.path.relpath(p, arch) for p in files]
    # aggregate rules first, with their windows across files: one partial over every file
    agg_single, agg_merged = os.path.join(work, "agg-single"), os.path.join(work, "agg-merged")
    reports(sl, files, agg_single, ["--aggregate"])
    whole = os.path.join(work, "whole.partial")
    r = run([sl, "-q", "--no-progress", "--aggregate", "-f", "partial", "-o", whole] + files)
    reports(sl, ["merge", whole], agg_merged, ["--aggregate"])
    ok = compare(agg_single, agg_merged, "aggregate rules: one partial over every file")
    with open(os.path.join(agg_single, "r.jsonl"), "rb") as fh:
        nagg = sum(1 for ln in fh if b'"count":' in ln and b'"rule":"agg.' in ln)
    if not nagg:
        print("FAIL the archive gave no aggregate finding to carry through a partial")
        ok = False
    cfg = no_aggregate_config(sl, os.path.join(work, "no-aggregate.yml"))
    EXTRA[:] = ["--config", cfg]
    single = os.path.join(work, "single")
    rc1, err1 = reports(sl, files, single)
    if rc1 not in (0, 1):
        print("the single run failed (exit %d): %s" % (rc1, err1.decode(errors="replace")))
        return 1
    for t in range(splits):
        k = rng.randint(1, min(len(files), 8))
        parts = [[] for _ in range(k)]
        for f in files:
            parts[rng.randrange(k)].append(f)
        parts = [p for p in parts if p]
        pdir = os.path.join(work, "split%d" % t)
        os.makedirs(pdir)
        partials = []
        for i, p in enumerate(parts):
            rng.shuffle(p)
            out = os.path.join(pdir, "p%d.partial" % i)
            r = run([sl, "-q", "--no-progress", "-j", str(rng.choice([1, 2, 3])),
                     "-f", "partial", "-o", out] + EXTRA + p)
            if r.returncode not in (0, 1):
                print("FAIL split %d: partial run exit %d: %s" % (t, r.returncode, r.stderr))
                ok = False
            partials.append(out)
        rng.shuffle(partials)
        if len(partials) > 2 and t % 3 == 0:  # two levels: a merge of merges
            half = len(partials) // 2
            mids = []
            for j, grp in enumerate((partials[:half], partials[half:])):
                mid = os.path.join(pdir, "mid%d.partial" % j)
                r = run([sl, "merge", "-f", "partial", "-o", mid] + EXTRA + grp)
                if r.returncode not in (0, 1):
                    print("FAIL split %d: merge -f partial exit %d: %s" % (t, r.returncode, r.stderr))
                    ok = False
                mids.append(mid)
            partials = mids
        merged = os.path.join(pdir, "merged")
        rc2, err2 = reports(sl, ["merge"] + partials, merged)
        label = "split %d (%d parts: %s)" % (t, len(parts), " | ".join(",".join(p) for p in parts))
        if rc2 != rc1:
            print("FAIL %s: exit %d, single run %d: %s" % (label, rc2, rc1, err2.decode(errors="replace")))
            ok = False
        ok &= compare(single, merged, label)
    # map: each file through stdin under its own name, then the --kv reducer over all
    kv = os.path.join(work, "kv")
    os.makedirs(kv)
    plain = [f for f in files if not f.endswith((".gz", ".bz2", ".xz", ".zst"))]
    single_plain = os.path.join(work, "single-plain")
    rc1p, _ = reports(sl, plain, single_plain)
    stream = b""
    for f in plain:
        with open(f, "rb") as fh:
            r = run([sl, "map", "--kv", "-q", "--stdin-filename", f] + EXTRA, stdin=fh)
        if r.returncode not in (0, 1) or not r.stdout.startswith(b"statuslint\t"):
            print("FAIL map --kv on %s: exit %d: %s" % (f, r.returncode, r.stderr))
            ok = False
        stream += r.stdout
    # Hadoop Streaming sorts the mappers' records by key (then, here, by value) before the
    # reducer sees them: the merge must not depend on their order
    stream = b"".join(sorted(stream.splitlines(keepends=True)))
    r = run([sl, "merge", "--kv", "-"] + EXTRA + sum((["-f", x, "-o", os.path.join(kv, "r." + x)]
                                              for x in FORMATS), []), input=stream)
    if r.returncode != rc1p:
        print("FAIL merge --kv: exit %d, single run %d: %s" % (r.returncode, rc1p, r.stderr))
        ok = False
    ok &= compare(single_plain, kv, "map --kv | merge --kv -")
    print("%s: %d files, %d random splits, %d formats each; %d aggregate findings through one partial" %
          ("ok" if ok else "FAILED", len(files), splits, len(FORMATS), nagg))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
