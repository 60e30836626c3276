# The README's .statuslint.yml example works as written: its rule directory is loaded, the
# disabled rule stays quiet, the severity override applies, the suppression holds.
root=$PWD
/usr/bin/python3 - "$TMPDIR" <<'PY'
import os, re, sys
text = open("README.md").read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
settings = [b for b in blocks if b.startswith("rules: [")][0]
rules = [b for b in blocks if re.search(r"^rules:\n  - id:", b, re.M)][0]
d = sys.argv[1]
open(os.path.join(d, ".statuslint.yml"), "w").write(settings)
m = re.search(r"rules: \[([^\]]+)\]", settings)
rd = os.path.join(d, m.group(1).strip())
os.makedirs(rd, exist_ok=True)
open(os.path.join(rd, "local.yml"), "w").write(rules)
PY
cd "$TMPDIR"
nginx=$(sed -n 's/^nginx: //p' "$root/tests/samples/log-formats.txt")
statuslint --no-progress -f jsonl --exit-zero "$root/samples/combined.log" > out.jsonl 2>err.txt
echo "exit $?"
statuslint --no-progress -f jsonl --exit-zero --log-format "$nginx" "$root/samples/nginx-extended.log" >> out.jsonl 2>>err.txt
grep -c '"rule":"body.200-empty"' out.jsonl
grep -q '"rule":"auth.401-without-challenge","severity":"warning"' out.jsonl && echo "401 rule lowered to warning"
grep -q '"rule":"shop.207-outside-dav"' out.jsonl && echo "project rule loaded"
printf '%s\n' '203.0.113.9 - - [01/Jun/2026:10:00:00 +0000] "POST /api/bulk/items HTTP/1.1" 207 90 "-" "curl/8"' \
              '203.0.113.9 - - [01/Jun/2026:10:00:01 +0000] "POST /api/other HTTP/1.1" 207 90 "-" "curl/8"' > bulk.log
statuslint --no-progress -f json --exit-zero bulk.log 2>/dev/null | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
paths = [f["path"] for f in d["findings"] if f["rule"] == "dav.207-non-webdav-method"]
print("suppressed:", d["summary"]["suppressed"], "reported:", paths)'

