# An empty input set is a warning and exit 2, never a silent success: an empty directory,
# everything excluded, or only error logs.
mkdir -p "$TMPDIR/empty" "$TMPDIR/errs"
printf '2026/11/24 10:00:00 [error] 811#811: *1 open() "/x" failed (2: No such file or directory)\n' > "$TMPDIR/errs/error.log"
printf '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "c"\n' > "$TMPDIR/empty/.hidden.log"
cd "$TMPDIR"
statuslint --no-progress -f jsonl empty/ 2>&1; echo "exit $?"
statuslint --no-progress -f jsonl --exclude "*" errs/ 2>&1; echo "exit $?"
statuslint --no-progress -f jsonl errs/ 2>&1; echo "exit $?"
