# The text summary names each aggregate rule that evicted keys or could not use lines (no
# time, too far out of order), with its table's size; the prometheus output has the same
# counts per rule.
awk 'BEGIN {
  for (i = 0; i < 20000; i++)
    printf "10.0.%d.%d - - [24/Nov/2026:10:%02d:%02d +0000] \"GET /x/%d HTTP/1.1\" 404 0 \"-\" \"u\"\n",
      int(i / 256) % 256, i % 256, int(i / 600), int(i / 10) % 60, i;
  print "10.1.0.1 - - [24/Nov/2026:09:00:00 +0000] \"GET /late HTTP/1.1\" 404 0 \"-\" \"u\"";
}' > "$TMPDIR/keys.log"
cd "$TMPDIR" && statuslint --aggregate --no-progress --aggregate-memory 256K keys.log | sed -n '/^Aggregate rules/,/^[A-Z]/p'
statuslint --aggregate --no-progress --aggregate-memory 256K -f prometheus keys.log | grep '^statuslint_last_run_aggregate'
