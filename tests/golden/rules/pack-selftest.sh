# Every built-in rule passes its own match/no_match tests.
statuslint rules test > "$TMPDIR/out"
rc=$?
tail -1 "$TMPDIR/out"
exit $rc
