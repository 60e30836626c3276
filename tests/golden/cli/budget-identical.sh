# Output is byte-identical whatever --threads and --memory-budget are, also when every line
# is a finding and workers must wait for the main thread to write findings out (back-pressure).
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/combined.log', 'rb').read() * 1000)" > "$TMPDIR/big.log"
printf 'rules:\n  - id: t.every-line\n    title: t\n    severity: info\n    when: status >= 0\n    message: "{method} {path} answered {status}"\n' > "$TMPDIR/all.yml"
run() { statuslint --no-progress -q --exit-zero --no-default-rules --rules "$TMPDIR/all.yml" -f jsonl "$@" "$TMPDIR/big.log"; }
run -j1 > "$TMPDIR/ref.jsonl"
echo "findings: $(wc -l < "$TMPDIR/ref.jsonl")"
for b in 16M 24M 64M; do
  for j in 2 8; do
    run -j$j --memory-budget $b > "$TMPDIR/out.jsonl"
    cmp -s "$TMPDIR/ref.jsonl" "$TMPDIR/out.jsonl" && echo "budget $b -j$j same as -j1"
  done
done
