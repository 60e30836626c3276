# -f json groups: one entry per (rule, host, method, route, status) with the right count,
# first/last, at most 3 samples, most severe first then by count. Planted repeats: 5
# errors on /items/{int}, 3 on /items/{uuid}, 7 warnings, 1 more error on another route.
cat > "$TMPDIR/r.yml" <<'YML'
rules:
  - id: local.five-hundred
    title: 500
    severity: error
    codes: [500]
    when: status == 500
    message: "{method} {path} failed"
  - id: local.four-o-four
    title: 404
    severity: warning
    codes: [404]
    when: status == 404
    message: "{method} {path} not found"
YML
l() { printf '203.0.113.7 - - [01/Jun/2026:10:00:%02d +0000] "%s %s HTTP/1.1" %s 9 "-" "curl/8"\n' "$1" "$2" "$3" "$4"; }
{
  for i in 1 2 3 4 5; do l $i GET /items/$i 500; done
  for u in 3fa85f64-5717-4562-b3fc-2c963f66afa6 00000000-0000-4000-8000-000000000001 9b2f6e1c-0000-4000-8000-00000000000a; do l 10 GET /items/$u 500; done
  for i in 1 2 3 4 5 6 7; do l 20 GET "/search?q=$i" 404; done
  l 30 POST /items/9 500
  l 31 GET /ok 200
} > "$TMPDIR/a.log"
statuslint --no-progress --no-default-rules --rules "$TMPDIR/r.yml" -f json "$TMPDIR/a.log" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["summary"]
print("findings", len(d["findings"]), "groups", s["groups"], "overflow", s["groups_overflow"])
assert sum(g["count"] for g in d["groups"]) == len(d["findings"])
for g in d["groups"]:
    w = lambda x: "%s:%d@%s" % (x["file"].rsplit("/", 1)[-1], x["line"], x["time"])
    print(g["severity"], g["rule"], g["method"], g["route"], g["status"], "x%d" % g["count"],
          "first", w(g["first"]), "last", w(g["last"]),
          "samples", [ (x["line"], x["path"]) for x in g["samples"]], g["fingerprint"] != "")
    fps = {f["fingerprint"] for f in d["findings"] if f["rule"] == g["rule"] and f.get("route") == g["route"] and f["method"] == g["method"]}
    assert fps == {g["fingerprint"]}, (fps, g)
'
