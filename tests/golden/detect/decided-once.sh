# The format of an input is decided once, on its detection sample: an input whose start
# fits no format is reported once and every line is rejected, however many chunks follow.
# Here 1.5 MiB of unknown lines, then 1.3 MiB of combined lines: the later 2 MiB chunks
# begin with combined lines, which must not make the analysis start parsing halfway. The
# result is the same for any --threads.
/usr/bin/python3 - "$TMPDIR/mixed.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write("%08d some application trace line that is no access log at all ........\n" % i)
    for i in range(15000):
        f.write('192.0.2.7 - - [24/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8"\n')
PY
cd "$TMPDIR"
summary() {
  /usr/bin/python3 -c 'import json,sys; s = json.load(sys.stdin)["summary"]; print({k: s[k] for k in ("lines", "records", "rejected", "skipped")})'
}
statuslint -q -j1 -f json mixed.log | summary; echo "exit ${PIPESTATUS[0]}"
statuslint -q -j4 -f json mixed.log 2>/dev/null | summary; echo "exit ${PIPESTATUS[0]}"
