# An unbalanced quote in a CSV export costs its own line only: it is rejected with the reason,
# and the lines after it are read on their own. A quoted newline is one record.
cat > "$TMPDIR/export.csv" <<'CSV'
status,method,path,http_user_agent
207,GET,/a,"Mozilla/5.0 (unbalanced
207,GET,/b,curl/8
207,GET,/c,"two
lines"
404,GET,/d,"never closed
CSV
statuslint -q --no-progress --exit-zero -f json "$TMPDIR/export.csv" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["summary"]
print("lines", s["lines"], "records", s["records"], "rejected", s["rejected"], "skipped", s["skipped"])
for r in d["rejected_samples"]: print("rejected line", r["line"], r["reason"])
for f in d["findings"]: print("finding line", f["line"], f["path"].replace("\n", "\\n"))'
