# The group table is bounded: 70000 distinct routes make 65536 groups; the findings beyond
# are counted ("... beyond the table"), in json and in --group text, never held.
cat > "$TMPDIR/r.yml" <<'YML'
rules:
  - id: local.four-o-four
    title: 404
    severity: warning
    codes: [404]
    when: status == 404
    message: "{route} not found"
YML
/usr/bin/python3 - "$TMPDIR/a.log" <<'PY'
import itertools, string, sys
with open(sys.argv[1], "w") as f:
    names = itertools.product(string.ascii_lowercase, repeat=4)
    for i in range(70000):
        w = "".join(next(names))
        f.write('203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /w/%s HTTP/1.1" 404 9 "-" "curl/8"\n' % w)
    f.write('203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /w/aaaa HTTP/1.1" 404 9 "-" "curl/8"\n')
PY
cd "$TMPDIR"
statuslint --no-progress --no-default-rules --rules r.yml -f json --exit-zero a.log 2>err.txt | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["summary"]
print("findings", len(d["findings"]), "groups", len(d["groups"]), s["groups"], "overflow", s["groups_overflow"])
print("first group", d["groups"][0]["route"], d["groups"][0]["count"])'
cat err.txt
statuslint --no-progress --no-default-rules --rules r.yml --group --exit-zero a.log | grep -c "not found"
statuslint --no-progress --no-default-rules --rules r.yml --group --exit-zero a.log | grep "beyond"
