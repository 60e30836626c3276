# Compressed inputs are recognized by their bytes, not their names, and give the same findings.
statuslint --no-progress -f jsonl --exit-zero samples/combined.log 2>/dev/null | sed 's/"file":"[^"]*"//g' > "$TMPDIR/plain"
for c in "gzip -c" "zstd -q -c" "bzip2 -c" "xz -c"; do
  $c samples/combined.log > "$TMPDIR/archive.1"
  statuslint --no-progress -f jsonl --exit-zero "$TMPDIR/archive.1" 2>/dev/null | sed 's/"file":"[^"]*"//g' > "$TMPDIR/out"
  cmp -s "$TMPDIR/plain" "$TMPDIR/out" && echo "${c%% *}: same"
done
# logrotate-style concatenated gzip members read as one stream
gzip -c samples/clean.log > "$TMPDIR/a"; gzip -c samples/combined.log >> "$TMPDIR/a"
cat samples/clean.log samples/combined.log > "$TMPDIR/b"
statuslint --no-progress -f jsonl --exit-zero "$TMPDIR/a" 2>/dev/null | sed 's/"file":"[^"]*"//g' > "$TMPDIR/oa"
statuslint --no-progress -f jsonl --exit-zero "$TMPDIR/b" 2>/dev/null | sed 's/"file":"[^"]*"//g' > "$TMPDIR/ob"
cmp -s "$TMPDIR/oa" "$TMPDIR/ob" && echo "concatenated gzip: same"
