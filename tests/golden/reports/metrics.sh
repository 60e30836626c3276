# -f prometheus: gauges of the last run (statuslint_last_run_*, no _total counters that
# reset every night), the newest record's log time, rules switched off, and baselined
# findings counted apart: by-rule counts exclude them in prometheus, json and text alike.
cd "$TMPDIR" && src=$OLDPWD/samples/combined.log || exit 1
head -36 "$src" > first.log
statuslint -q --no-progress --write-baseline b -f jsonl -o /dev/null first.log
statuslint -q --no-progress --baseline b --exit-zero -f prometheus -o m.prom -f json -o r.json \
  -f text -o r.txt "$src"
echo "exit $?"
echo "metric families by type:"; grep '^# TYPE' m.prom | awk '{print $4}' | sort | uniq -c
echo "_total samples: $(grep -c '_total' m.prom)"
grep -E '^statuslint_last_run_(newest|records|baselined|rules_off|success|files)' m.prom
grep -E '^statuslint_last_run_findings\{rule="(core.status-out-of-range|method.501-for-get-head)"' m.prom
/usr/bin/python3 - <<'PY'
import json, re
s = json.load(open("r.json"))["summary"]
prom = {}
for line in open("m.prom"):
    m = re.match(r'statuslint_last_run_findings\{rule="([^"]+)",severity="[a-z]+"\} (\d+)$', line)
    if m: prom[m.group(1)] = int(m.group(2))
new = sum(s["findings"].values())
print("json: %d new, %d baselined, by_rule sums to %d" % (new, s["baselined"], sum(s["by_rule"].values())))
print("prometheus by rule sums to %d, equal to json by_rule: %s" % (
    sum(prom.values()), all(prom.get(k, 0) == v for k, v in s["by_rule"].items())))
text = {m.group(1): int(m.group(2)) for m in re.finditer(r'^  (\S+)  \w+  (\d+)$', open("r.txt").read(), re.M)}
print("text by rule sums to %d" % sum(text.values()))
PY
# promtool check metrics runs on the same output in tests/validate (label validate)
