# "new" with a baseline alone: jsonl and json findings say "new": true when the baseline lacks
# them (the baselined ones are not shown), the same as --update-baseline's first night and
# --state; without a baseline or store the key is absent.
cd "$TMPDIR" && src=$OLDPWD/samples/combined.log || exit 1
head -36 "$src" > first.log
count() { # FILE: findings, and how many carry "new": true / false / no key
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
try:
    fs = json.loads(text)["findings"]
except ValueError:
    fs = [json.loads(x) for x in text.splitlines()]
print("%d findings: %d new, %d not new, %d without the key" % (
    len(fs), sum(f.get("new") is True for f in fs), sum(f.get("new") is False for f in fs),
    sum("new" not in f for f in fs)))
PY
}
statuslint -q --no-progress --write-baseline b --exit-zero -f jsonl -o plain.jsonl first.log
echo "no baseline: $(count plain.jsonl)"
statuslint -q --no-progress --baseline b --exit-zero -f jsonl -o same.jsonl first.log
echo "baseline, same log: $(count same.jsonl)"
statuslint -q --no-progress --baseline b --exit-zero -f jsonl -o all.jsonl -f json -o all.json "$src"
echo "baseline, whole log, jsonl: $(count all.jsonl)"
echo "baseline, whole log, json: $(count all.json)"
statuslint -q --no-progress --exit-zero -f jsonl -o whole.jsonl "$src"
echo "whole log without baseline: $(count whole.jsonl)"
echo "new ones are exactly those the baseline lacks: $(/usr/bin/python3 - <<'PY'
import json
known = {l.split()[0] for l in open("b") if not l.startswith("#")}
whole = [json.loads(x) for x in open("whole.jsonl")]
shown = [json.loads(x) for x in open("all.jsonl")]
print([f["fingerprint"] for f in whole if f["fingerprint"] not in known] ==
      [f["fingerprint"] for f in shown])
PY
)"
statuslint -q --no-progress --update-baseline u --exit-zero -f jsonl -o u1.jsonl first.log
echo "update-baseline, first night: $(count u1.jsonl)"
statuslint -q --no-progress --update-baseline u --exit-zero -f jsonl -o u2.jsonl "$src"
echo "update-baseline, second night: $(count u2.jsonl)"
statuslint -q --no-progress --state s.db --baseline b --exit-zero -f jsonl -o s1.jsonl "$src"
echo "state and baseline, first run: $(count s1.jsonl)"
statuslint -q --no-progress --state s2.db --exit-zero -f jsonl -o /dev/null first.log
statuslint -q --no-progress --state s2.db --exit-zero -f jsonl -o s2.jsonl "$src"
echo "state alone, second run over a grown log: $(count s2.jsonl)"
