# Output is byte-identical whatever --threads is (about 13 MB: several 4 MiB chunks),
# finding groups included (json "groups", --group text).
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/combined.log', 'rb').read() * 1500)" > "$TMPDIR/big.log"
for j in 1 2 3; do
  statuslint --no-progress -j$j -f jsonl --exit-zero "$TMPDIR/big.log" > "$TMPDIR/j$j.jsonl" 2>/dev/null
  statuslint --no-progress -j$j -f json --exit-zero "$TMPDIR/big.log" 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d["summary"].pop("seconds",None); d["summary"].pop("started",None); d["summary"].pop("finished",None); print(json.dumps(d,sort_keys=True))' > "$TMPDIR/j$j.json"
  statuslint --no-progress -j$j --group --exit-zero "$TMPDIR/big.log" 2>/dev/null | sed 's/ ([0-9.]* s)$//' > "$TMPDIR/j$j.group"
done
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("groups:", len(d["groups"]), "largest:", d["groups"][0]["count"], "sum:", sum(g["count"] for g in d["groups"]) == len(d["findings"]))' "$TMPDIR/j1.json"
for j in 2 3; do
  cmp "$TMPDIR/j1.jsonl" "$TMPDIR/j$j.jsonl" && cmp "$TMPDIR/j1.json" "$TMPDIR/j$j.json" && echo "j$j same as j1"
  cmp "$TMPDIR/j1.group" "$TMPDIR/j$j.group" && echo "j$j --group same as j1"
done
