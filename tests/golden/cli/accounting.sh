# lines == records + rejected + skipped, for every sample and for a directory run.
for f in samples/*.log samples; do
  statuslint --no-progress -f json --exit-zero "$f" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
ok = s["lines"] == s["records"] + s["rejected"] + s["skipped"] and s["lines"] > 0
print(sys.argv[1], "accounting holds" if ok else "BROKEN %r" % s)' "$f"
done
