#!/usr/bin/env python3
"""compare.py REF.jsonl REF_SKIP OTHER.jsonl OTHER_SKIP [--drop-rules-needing-bytes RULES.jsonl]:
compares findings by (line - header lines, rule, status, method, path); prints 'same' or
the differences."""
import json
import sys


def load(path, skip, drop):
    out = set()
    for ln in open(path):
        f = json.loads(ln)
        if f["rule"] in drop:
            continue
        out.add((f["line"] - skip, f["rule"], f["status"], f.get("method"), f.get("path")))
    return out


def main():
    a, askip, b, bskip = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    drop = set()
    if len(sys.argv) > 6 and sys.argv[5] == "--drop-rules":
        drop = set(open(sys.argv[6]).read().split())
    x, y = load(a, askip, drop), load(b, bskip, drop)
    if x == y and x:
        print("same (%d findings)" % len(x))
        return
    for d in sorted(x - y)[:10]:
        print("only in reference:", d)
    for d in sorted(y - x)[:10]:
        print("only in other:", d)
    sys.exit(1)


main()
