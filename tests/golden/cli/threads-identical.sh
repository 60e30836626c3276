# Output is byte-identical whatever --threads is (about 13 MB: several 4 MiB chunks).
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/combined.log', 'rb').read() * 1500)" > "$TMPDIR/big.log"
for j in 1 2 3; do
  statuslint --no-progress -j$j -f jsonl --exit-zero "$TMPDIR/big.log" > "$TMPDIR/j$j.jsonl" 2>/dev/null
  statuslint --no-progress -j$j -f json --exit-zero "$TMPDIR/big.log" 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d["summary"].pop("seconds",None); d["summary"].pop("started",None); d["summary"].pop("finished",None); print(json.dumps(d,sort_keys=True))' > "$TMPDIR/j$j.json"
done
for j in 2 3; do
  cmp "$TMPDIR/j1.jsonl" "$TMPDIR/j$j.jsonl" && cmp "$TMPDIR/j1.json" "$TMPDIR/j$j.json" && echo "j$j same as j1"
done
