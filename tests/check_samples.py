#!/usr/bin/env python3
"""check_samples.py STATUSLINT SAMPLES_DIR: runs statuslint over every log of
tests/samples/expected.json (with its log format) and checks that each line fires exactly the
rules listed for it, no more and no fewer; clean.log must also exit 0 with the default
--fail-on, and a log with error-level findings must exit 1."""
import json
import os
import subprocess
import sys


def run(exe, path, fmt, extra=()):
    cmd = [exe, "-f", "jsonl", "--no-progress", "--log-format", fmt] + list(extra) + [path]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main(exe, sdir):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples", "expected.json")) as fh:
        expected = json.load(fh)
    bad = 0
    for name, spec in sorted(expected.items()):
        path = os.path.join(sdir, name)
        rc, out, err = run(exe, path, spec["log_format"], ["--fail-on", "none"])
        if rc != 0:
            print("FAIL %s: exit %d: %s" % (name, rc, err.strip()[:300]))
            bad += 1
            continue
        got = {}
        for ln in out.splitlines():
            f = json.loads(ln)
            got.setdefault(str(f["line"]), []).append(f["rule"])
        nlines = sum(1 for _ in open(path))
        if nlines != len(spec["lines"]):
            print("FAIL %s: %d lines, expected.json describes %d" % (name, nlines, len(spec["lines"])))
            bad += 1
        for line, want in sorted(spec["lines"].items(), key=lambda kv: int(kv[0])):
            have = sorted(got.pop(line, []))
            if have != want["rules"]:
                print("FAIL %s:%s (%s): fired %s, expected %s" % (name, line, want["intent"], have, want["rules"]))
                bad += 1
        for line, rules in got.items():
            print("FAIL %s:%s: unexpected findings %s" % (name, line, rules))
            bad += 1
    rc, _, _ = run(exe, os.path.join(sdir, "clean.log"), "combined")
    if rc != 0:
        print("FAIL clean.log: exit %d with the default --fail-on, expected 0" % rc)
        bad += 1
    rc, _, _ = run(exe, os.path.join(sdir, "combined.log"), "combined")
    if rc != 1:
        print("FAIL combined.log: exit %d with the default --fail-on, expected 1" % rc)
        bad += 1
    print("samples: %s" % ("%d failure(s)" % bad if bad else "every line fires exactly its expected rules"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
