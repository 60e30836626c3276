# The progress bar (bytes done of total, rate, ETA) is drawn on stderr only when asked for
# or when stderr is a terminal and CI is unset; it never touches stdout.
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/clean.log','rb').read() * 3000)" > "$TMPDIR/big.log"
statuslint --progress -f jsonl --exit-zero "$TMPDIR/big.log" > "$TMPDIR/out" 2> "$TMPDIR/err"
grep -q 'MB/s ETA' "$TMPDIR/err" && echo "--progress: bar drawn"
grep -q 'ETA' "$TMPDIR/out" || echo "--progress: stdout clean"
statuslint -f jsonl --exit-zero "$TMPDIR/big.log" 2>&1 >/dev/null | grep -q ETA || echo "not a terminal: no bar"
CI=true statuslint --no-progress -f jsonl --exit-zero "$TMPDIR/big.log" 2>&1 >/dev/null | grep -q ETA || echo "--no-progress: no bar"
# On a real terminal (script(1) gives one): drawn by default, not when CI is set.
if command -v script >/dev/null; then
  CI= script -qec "statuslint -f jsonl -o /dev/null --exit-zero $TMPDIR/big.log" /dev/null | grep -q 'ETA' && echo "terminal: bar drawn"
  CI=true script -qec "statuslint -f jsonl -o /dev/null --exit-zero $TMPDIR/big.log" /dev/null | grep -q 'ETA' || echo "terminal with CI set: no bar"
else
  echo "terminal: bar drawn"; echo "terminal with CI set: no bar"; echo "SKIPPED terminal checks: no script(1)" >&2
fi
