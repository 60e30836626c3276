# An aggregate finding's cost (clients, retries) travels in the partial's fagg record: merge
# gives the jsonl of one run. A fagg record of 9 fields (written before the cost fields) still
# reads, as "not known"; a malformed cost is refused naming the line.
t() { printf '192.0.2.7 - - [24/Nov/2026:10:00:%s +0000] "GET /api/item/9 HTTP/1.1" 404 12 "-" "sync/2.1"\n' "$1"; }
cd "$TMPDIR" || exit 2
for s in 00 02 04 06 08; do t $s; done > a.log
statuslint -q --aggregate --no-progress -f jsonl -o one.jsonl a.log
statuslint -q --aggregate --no-progress -f partial -o a.partial a.log
statuslint merge --aggregate -f jsonl a.partial > merged.jsonl; echo "merge: exit $?"
cmp one.jsonl merged.jsonl && echo "merged jsonl: the same as one run"
grep -o '"count":[^{]*' merged.jsonl
grep '^fagg' a.partial | cut -f1,2,3,10,11
reseal() { # SRC DST REGEX REPLACEMENT: edits the fagg record and writes a new trailer
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
body = b[: b.rindex(b"\nend\t") + 1]
body = re.sub(rb"(?m)^(fagg\t.*)$", lambda m: re.sub(sys.argv[3].encode(), sys.argv[4].encode(), m.group(1)), body)
h = 0xcbf29ce484222325
for c in body:
    h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
open(sys.argv[2], "wb").write(body + b"end\t%d\t%016x\n" % (len(body), h))
PY
}
reseal a.partial old.partial '\t[0-9]+\t-?[0-9]+$' ''
grep '^fagg' old.partial | awk -F'\t' '{print "fields:", NF}'
statuslint merge --aggregate -f jsonl old.partial | grep -o '"count":[^{]*'; echo "exit ${PIPESTATUS[0]}"
reseal a.partial bad.partial '\t4$' '\t-5'
statuslint merge --aggregate -f jsonl bad.partial 2>&1; echo "exit $?"
