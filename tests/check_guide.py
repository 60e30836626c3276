#!/usr/bin/env python3
"""check_guide.py STATUSLINT GUIDE SAMPLES_DIR: runs the examples of docs/writing-rules.md.
Every ```yaml block is a rule file: `statuslint rules test` must pass on it. The first one is
saved as my-rules.yml, which the ```yaml settings block loads; that settings file must be
accepted and must change the run as it says (disable, severity)."""
import json
import os
import re
import subprocess
import sys
import tempfile


def blocks(text):
    return re.findall(r"^```(yaml(?: settings)?)\n(.*?)^```", text, re.S | re.M)


def main(exe, guide, sdir):
    exe = os.path.abspath(exe)
    with open(guide, encoding="utf-8") as fh:
        found = blocks(fh.read())
    rules = [b for kind, b in found if kind == "yaml"]
    settings = [b for kind, b in found if kind == "yaml settings"]
    bad = 0
    if len(rules) < 4 or len(settings) != 1:
        print("FAIL: expected at least 4 rule blocks and 1 settings block, found %d and %d"
              % (len(rules), len(settings)))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(rules):
            path = os.path.join(tmp, "my-rules.yml" if i == 0 else "guide-%d.yml" % i)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            p = subprocess.run([exe, "rules", "test", path], capture_output=True, text=True, timeout=60)
            npass = p.stdout.count("PASS ")
            if p.returncode != 0 or npass == 0 or "FAIL" in p.stdout:
                print("FAIL guide block %d: exit %d\n%s%s" % (i + 1, p.returncode, p.stdout, p.stderr))
                bad += 1
            else:
                print("ok guide block %d: %d rule(s) pass" % (i + 1, npass))
        cfg = os.path.join(tmp, ".statuslint.yml")
        with open(cfg, "w", encoding="utf-8") as fh:
            fh.write(settings[0])
        log = os.path.abspath(os.path.join(sdir, "combined.log"))
        p = subprocess.run([exe, "--config", cfg, "-f", "jsonl", "--fail-on", "none", "--no-progress",
                            "--log-format", "combined", log],
                           capture_output=True, text=True, timeout=60, cwd=tmp)
        if p.returncode != 0:
            print("FAIL settings block: exit %d\n%s" % (p.returncode, p.stderr))
            return 1
        found = [json.loads(l) for l in p.stdout.splitlines()]
        if any(f["rule"] == "body.200-empty" for f in found):
            print("FAIL settings block: disabled rule body.200-empty still fires")
            bad += 1
        levels = {f["severity"] for f in found if f["rule"] == "core.status-reserved"}
        if levels != {"info"}:
            print("FAIL settings block: core.status-reserved severities %s, expected info" % levels)
            bad += 1
        print("ok settings block: accepted, disable and severity applied")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
