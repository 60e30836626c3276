# A first line far longer than any log line (a 300 KB request target, which servers log
# and statuslint reads; the old 64 KiB sample held only its start) does not make the file
# undetectable: detection steps over lines longer than SL_DETECT_LINE_MAX (64 KiB) and
# samples the lines after it; the analysis still parses the long line as a record.
/usr/bin/python3 - "$TMPDIR/long.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('192.0.2.7 - - [24/Nov/2026:10:00:00 +0000] "GET /search?q=%s HTTP/1.1" 414 226 "-" "curl/8"\n' % ("a" * 300000))
    for i in range(30):
        f.write('192.0.2.7 - - [24/Nov/2026:10:00:01 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8"\n')
PY
cd "$TMPDIR"
statuslint --detect long.log
statuslint -q -f json long.log | /usr/bin/python3 -c 'import json,sys; s = json.load(sys.stdin)["summary"]; print({k: s[k] for k in ("lines", "records", "rejected", "skipped")})'
