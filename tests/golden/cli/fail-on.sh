# --fail-on moves the threshold; --exit-zero never fails.
for lvl in error warning info none; do
  statuslint --no-progress -f jsonl -o /dev/null --fail-on $lvl samples/clean.log 2>/dev/null
  echo "clean $lvl: $?"
done
statuslint --no-progress -f jsonl -o /dev/null --exit-zero samples/combined.log 2>/dev/null
echo "combined exit-zero: $?"
statuslint --no-progress -f jsonl -o /dev/null --fail-on error samples/combined.log 2>/dev/null
echo "combined error: $?"
