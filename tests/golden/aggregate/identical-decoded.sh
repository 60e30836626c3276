# Aggregate lines whose method, path or host the parser decoded (JSON escapes: the value is
# not the line's own bytes) are fed with the decoded text, and those whose bytes are the
# line's as they are in the input, the same for -j1, -j2 and -j3, across several chunks and
# with job buffers that fill (the main thread feeds them after the worker went on).
/usr/bin/python3 - > "$TMPDIR/log.jsonl" <<'PY'
import json
for i in range(40000):
    s = i // 20
    t = "2026-11-24T%02d:%02d:%02dZ" % (10 + s // 3600, s // 60 % 60, s % 60)
    esc = i % 3 == 0                      # a third of the lines with escaped values
    path = "/p/%d" % (i % 200)
    host = "h%d.example" % (i % 4)
    st = 404 if i % 11 == 0 else 503 if (i % 13 == 0 or 20000 <= i < 20400) else 200
    ip = "10.0.%d.%d" % (i // 256 % 256, i % 256)
    if i % 1000 < 6:                      # a blind retrier, its path escaped on every other line
        ip, path, st, esc = "198.51.100.1", "/retry/%d" % (i // 1000 % 3), 404, i % 2 == 0
    line = json.dumps({"time": t, "remote_addr": ip, "request_method": "GET",
                       "request_uri": path + ("" if ip == "198.51.100.1" else "?q=%d" % i),
                       "status": st, "host": host,
                       "http_user_agent": "ua%d" % (i % 3 if i % 1000 >= 6 else 0)})
    if esc:
        line = line.replace("/p/", "\\/p\\/").replace("/retry/", "\\u002fretry\\u002f").replace(
            ".example", "\\u002eexample")
    print(line)
PY
run() { statuslint --aggregate --no-progress -f jsonl "$@" "$TMPDIR/log.jsonl"; }
run -j1 > "$TMPDIR/j1.jsonl"
/usr/bin/python3 - "$TMPDIR/j1.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    f = json.loads(l)
    if f["rule"].startswith("agg."):
        print(f["rule"], f["line"], f["method"], f["path"], f["host"], f["route"], f["count"],
              f["message"])
PY
for j in 2 3; do
  run -j$j > "$TMPDIR/j$j.jsonl"
  cmp -s "$TMPDIR/j1.jsonl" "$TMPDIR/j$j.jsonl" && echo "j$j same as j1" || echo "j$j differs from j1"
done
