# A first line longer than the old 64 KiB sample (a 100 KB request target, which servers
# log and statuslint reads) does not make the file undetectable: the detection sample is
# SL_DETECT_SAMPLE bytes of whole lines, so the lines after it are sampled too.
/usr/bin/python3 - "$TMPDIR/long.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('192.0.2.7 - - [24/Nov/2026:10:00:00 +0000] "GET /search?q=%s HTTP/1.1" 414 226 "-" "curl/8"\n' % ("a" * 100000))
    for i in range(30):
        f.write('192.0.2.7 - - [24/Nov/2026:10:00:01 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8"\n')
PY
cd "$TMPDIR"
statuslint --detect long.log
statuslint -q -f json long.log | /usr/bin/python3 -c 'import json,sys; s = json.load(sys.stdin)["summary"]; print({k: s[k] for k in ("lines", "records", "rejected", "skipped")})'
