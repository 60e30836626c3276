# stdin gives the same findings and line numbers as the file (and --stdin-filename names it).
statuslint --no-progress -f jsonl --exit-zero samples/combined.log > "$TMPDIR/file.jsonl" 2>/dev/null
statuslint --no-progress -f jsonl --exit-zero --stdin-filename samples/combined.log - \
  < samples/combined.log > "$TMPDIR/stdin.jsonl" 2>/dev/null
cmp "$TMPDIR/file.jsonl" "$TMPDIR/stdin.jsonl" && echo same
wc -l < "$TMPDIR/file.jsonl" | awk '$1 > 20 {print "many findings"}'
