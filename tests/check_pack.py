#!/usr/bin/env python3
"""check_pack.py STATUSLINT SOURCE_DIR SHARED_DIR: checks the built-in pack as a product.
- at least 45 rules, each with references and at least one match and one no_match test;
- the rules issue 2 requires by id are there;
- every RFC 4918 / 5842 / 3253 / 4791 section the pack cites is a section of that RFC's text
  (in SHARED_DIR/rfc; reported as not checked when that folder is absent);
- `rules test` fails (exit 1) on a rule whose own test is wrong."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

REQUIRED = ["dav.207-non-webdav-method", "dav.207-empty-or-tiny-body", "dav.207-empty-or-tiny-body.tiny",
            "dav.207-non-xml-ctype", "dav.208-top-level", "body.bodyless-status-with-content",
            "body.head-with-content", "redir.method-changing-redirect",
            "redir.method-changing-redirect.non-post", "core.status-out-of-range",
            "core.status-out-of-range.no-response", "core.status-unregistered", "core.status-reserved",
            "core.status-reserved.402", "core.1xx-final", "method.501-for-get-head",
            "ok.201-safe-method", "ok.226-misuse"]
LOCAL_RFCS = ("4918", "5842", "3253", "4791")

BROKEN = """rules:
  - id: t.broken-test
    title: a rule whose match test cannot fire
    severity: info
    codes: [404]
    when: method == "GET"
    message: "x"
    tests:
      match: [{method: POST, path: /, status: 404}]
      no_match: [{method: PUT, path: /, status: 404}]
"""


def sections(rfc_text):
    """Section and appendix numbers that start a line of the RFC text ("9.8.3." / "3.6 ")."""
    out = set()
    for m in re.finditer(r"^(\d+(?:\.\d+)*)\.?\s+\S", rfc_text, re.M):
        out.add(m.group(1))
    for m in re.finditer(r"^(?:Appendix )?([A-Z](?:\.\d+)*)\.\s+\S", rfc_text, re.M):
        out.add("App. " + m.group(1))
    return out


def main(exe, src, shared):
    bad = 0
    p = subprocess.run([exe, "rules", "list", "-f", "jsonl"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("FAIL rules list: exit %d: %s" % (p.returncode, p.stderr))
        return 1
    rules = [json.loads(l) for l in p.stdout.splitlines()]
    ids = {r["id"] for r in rules}
    if len(rules) < 45:
        print("FAIL: %d rules, expected at least 45" % len(rules))
        bad += 1
    for r in rules:
        if not r["references"] or r["tests"]["match"] < 1 or r["tests"]["no_match"] < 1:
            print("FAIL %s: references %s, tests %s" % (r["id"], r["references"], r["tests"]))
            bad += 1
    for rid in REQUIRED:
        if rid not in ids:
            print("FAIL: required rule %s is missing" % rid)
            bad += 1
    rfcdir = os.path.join(shared, "rfc")
    if os.path.isdir(rfcdir):
        known = {}
        for n in LOCAL_RFCS:
            with open(os.path.join(rfcdir, "rfc%s.txt" % n), encoding="utf-8", errors="replace") as fh:
                known[n] = sections(fh.read())
        cited = 0
        # Check both the references lists and the section numbers quoted in descriptions.
        for f in sorted(glob.glob(os.path.join(src, "rules", "*.yml"))):
            text = open(f, encoding="utf-8").read()
            for m in re.finditer(r"RFC (\d{4}) ((?:§[\d.]*\d)|(?:App\. [A-Z][\d.]*))", text):
                n, sec = m.group(1), m.group(2).replace("§", "")
                if n not in known:
                    continue
                cited += 1
                if sec not in known[n]:
                    print("FAIL %s: RFC %s %s is not a section of rfc%s.txt" % (os.path.basename(f), n, m.group(2), n))
                    bad += 1
        print("ok: %d citations of RFC %s checked against the texts" % (cited, "/".join(LOCAL_RFCS)))
    else:
        print("note: %s absent: RFC section citations not checked" % rfcdir)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "broken.yml")
        with open(path, "w") as fh:
            fh.write(BROKEN)
        p = subprocess.run([exe, "rules", "test", path], capture_output=True, text=True, timeout=60)
        if p.returncode != 1 or "FAIL t.broken-test" not in p.stdout:
            print("FAIL: rules test on a broken test exited %d:\n%s" % (p.returncode, p.stdout))
            bad += 1
    print("pack: %d rules, %s" % (len(rules), "%d failure(s)" % bad if bad else "all checks pass"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
