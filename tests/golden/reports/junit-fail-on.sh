# JUnit follows --fail-on: findings below it pass (listed in system-out), rules switched off
# for the input are <skipped> with the reason, and the counts agree with the testcases.
for lvl in error warning none; do
  statuslint -q --no-progress --fail-on $lvl -f junit -o "$TMPDIR/r.xml" samples/combined.log
  echo "--fail-on $lvl: exit $?"
  /usr/bin/python3 - "$TMPDIR/r.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
cases = suite.findall("testcase")
kinds = {"failure": 0, "skipped": 0, "system-out": 0, "clean": 0}
for c in cases:
    child = [e.tag for e in c]
    kinds[child[0] if child else "clean"] += 1
assert int(suite.get("tests")) == len(cases)
assert int(suite.get("failures")) == kinds["failure"], (suite.get("failures"), kinds)
assert int(suite.get("skipped")) == kinds["skipped"]
print("  tests=%s failures=%s skipped=%s passed-with-findings=%d clean=%d" % (
    suite.get("tests"), suite.get("failures"), suite.get("skipped"), kinds["system-out"], kinds["clean"]))
for c in cases:
    if c.get("name") in ("auth.401-without-challenge", "auth.407-from-origin", "core.1xx-final"):
        e = c[0]
        print("  %s: %s %s" % (c.get("name"), e.tag, (e.get("message") or e.text.splitlines()[0])))
PY
done
