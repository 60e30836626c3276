#!/usr/bin/env python3
"""planted.py STATUSLINT [WORKDIR]: the agg.* pack finds what gen_traffic.py planted, and
nothing in clean traffic.

1. Clean traffic (background plus every false-positive case): no agg.* finding at all.
2. The same traffic with every pattern planted: each planted instance whose rule the pack
   loads is found exactly once, at the line that completes the pattern, with the planted
   count, first line and key; no other agg.* finding appears.
3. -j1 and -j2 give byte-identical jsonl over the planted traffic.
4. Every agg.* rule of the pack has at least one planted pattern (no rule goes untested).
Patterns whose rule the pack does not have (yet) are listed, not counted as passed.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_traffic.py")


def gen(out, plant):
    args = [sys.executable, GEN, "--seed", "7", "--out", out]
    if plant:
        args += ["--plant", "all"]
    subprocess.run(args, check=True, timeout=300)
    with open(os.path.join(out, "expected.json")) as f:
        return json.load(f)


def run(exe, d, threads):
    fmt = open(os.path.join(d, "format.txt")).read().strip()
    p = subprocess.run([exe, "--aggregate", "--log-format", fmt, "-f", "jsonl", "--exit-zero", "-q",
                        "--no-progress", "-j", str(threads), os.path.join(d, "traffic.log")],
                       capture_output=True, timeout=300)
    if p.returncode != 0:
        sys.exit("FAIL: statuslint exited %d: %s" % (p.returncode, p.stderr.decode()[:2000]))
    return p.stdout


def agg_findings(out):
    fs = [json.loads(l) for l in out.decode().splitlines() if l.strip()]
    return [f for f in fs if f["rule"].startswith("agg.")]


def loaded_agg_rules(exe):
    p = subprocess.run([exe, "rules", "list", "-f", "jsonl"], capture_output=True, text=True,
                       timeout=60, check=True)
    return {json.loads(l)["id"] for l in p.stdout.splitlines()
            if json.loads(l)["id"].startswith("agg.")}


def check_one(exp, found, fails):
    """exp: an expected.json entry; found: the agg findings of its rule, by line."""
    line = exp["lines"][-1]
    f = found.pop(line, None)
    what = "%s at line %d (%s)" % (exp["rule"], line, exp["note"])
    if f is None:
        fails.append("not found: %s" % what)
        return
    if exp["count"] is not None:  # None: count and window depend on the background
        if f.get("count") != exp["count"]:
            fails.append("%s: count %s, planted %d" % (what, f.get("count"), exp["count"]))
        first = (f.get("first") or {}).get("line")
        if first != exp["lines"][0]:
            fails.append("%s: first line %s, planted %d" % (what, first, exp["lines"][0]))
    for k, v in exp["key"].items():
        if k in f and f[k] != v:
            fails.append("%s: %s is %r, planted %r" % (what, k, f[k], v))


def main(exe, work):
    fails = []
    rules = loaded_agg_rules(exe)
    clean_dir, plant_dir = os.path.join(work, "clean"), os.path.join(work, "planted")
    clean = gen(clean_dir, False)
    noise = agg_findings(run(exe, clean_dir, 2))
    for f in noise:
        guards = [g["note"] for g in clean["guards"] if f["line"] in g["lines"]]
        fails.append("clean traffic: %s at line %d: %s%s" % (
            f["rule"], f["line"], f["message"],
            " (false-positive case: %s)" % guards[0] if guards else ""))
    print("clean: %d lines, %d false-positive cases, %d agg.* findings"
          % (clean["lines"], len(clean["guards"]), len(noise)))

    planted = gen(plant_dir, True)
    j1, j2 = run(exe, plant_dir, 1), run(exe, plant_dir, 2)
    if j1 != j2:
        fails.append("-j1 and -j2 outputs differ over the planted traffic")
    found = {}
    for f in agg_findings(j2):
        found.setdefault(f["rule"], {})[f["line"]] = f
    covered, missing_rule = set(), []
    for exp in planted["expected"]:
        if exp["rule"] not in rules:
            missing_rule.append(exp["rule"])
            continue
        covered.add(exp["rule"])
        check_one(exp, found.setdefault(exp["rule"], {}), fails)
    for rule, rest in sorted(found.items()):
        for line, f in sorted(rest.items()):
            fails.append("unplanted: %s at line %d: %s" % (rule, line, f["message"]))
    for rule in sorted(rules - covered):
        fails.append("%s has no planted pattern in gen_traffic.py" % rule)
    n = sum(1 for e in planted["expected"] if e["rule"] in rules)
    print("planted: %d lines, %d instances of %d rules checked; -j1 == -j2: %s"
          % (planted["lines"], n, len(covered), j1 == j2))
    if missing_rule:
        print("not in the pack, not checked: %s" % ", ".join(sorted(set(missing_rule))))
    for f in fails:
        print("FAIL " + f)
    if not covered:
        print("FAIL: the pack has no agg.* rule with a planted pattern")
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if len(sys.argv) > 2:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    with tempfile.TemporaryDirectory(prefix="sl-agg-") as tmp:
        sys.exit(main(sys.argv[1], tmp))
