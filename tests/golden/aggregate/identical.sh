# Aggregate findings, their counts and the tables' evictions are the same for -j1, -j2 and -j3,
# also when the tables are far too small for the keys (--aggregate-memory 256K) and findings
# fill the job buffers (back-pressure): the main thread feeds the state in input order.
awk 'BEGIN {
  srand(7);
  for (i = 0; i < 120000; i++) {
    s = int(i / 40); m = int(s / 60) % 60; h = 10 + int(s / 3600);
    c = (i % 7 == 0) ? "203.0.113." (i % 50) : "10." int(i / 65536) % 256 "." int(i / 256) % 256 "." i % 256;
    st = (i % 11 == 0) ? 404 : (i % 13 == 0 || (i >= 60000 && i < 62000)) ? 503 : (i % 17 == 0) ? 410 : 200;
    p = "/p/" (i % 300);
    if (i % 1000 < 6) { c = "198.51.100.1"; p = "/retry"; st = 404 }   # a blind retrier
    printf "%s - - [24/Nov/2026:%02d:%02d:%02d +0000] \"GET %s HTTP/1.1\" %d 10 \"-\" \"ua%d\"\n",
      c, h, m, s % 60, p, st, (i % 1000 < 6) ? 0 : i % 3;
  }
}' > "$TMPDIR/big.log"
run() { statuslint --aggregate --no-progress --aggregate-memory 256K --memory-budget 16M -f json "$@" "$TMPDIR/big.log"; }
run -j1 > "$TMPDIR/j1.json"
/usr/bin/python3 - "$TMPDIR/j1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
agg = d["summary"]["aggregate"]
n = {}
for f in d["findings"]:
    if f["rule"].startswith("agg."):
        assert "count" in f and "first" in f and "last" in f, f
        n[f["rule"]] = n.get(f["rule"], 0) + 1
for r in sorted(agg):
    print(r, "findings", n.get(r, 0), "==", agg[r]["findings"], "evicted>0:", agg[r]["evicted"] > 0,
          "lines", agg[r]["lines"])
PY
for j in 2 3; do
  run -j$j > "$TMPDIR/j$j.json"
  /usr/bin/python3 - "$TMPDIR/j1.json" "$TMPDIR/j$j.json" $j <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for k in ("seconds", "started", "finished"):
        d["summary"].pop(k)
print("j%s %s j1" % (sys.argv[3], "same as" if a == b else "differs from"))
PY
done
