# An unknown -f names the nearest output format when it looks like a typo, and always the list
# of all of them (both from the sink table); -o before -f takes the format its file name ends in.
# An unknown --log-format likewise names the nearest preset (from the preset table).
statuslint -f jsn samples/clean.log; echo "exit $?"
statuslint -f markdwon samples/clean.log; echo "exit $?"
statuslint -f yaml samples/clean.log; echo "exit $?"
statuslint -q --no-progress -o "$TMPDIR/r.SARIF.json" samples/clean.log; echo "exit $?"
grep -c '"\$schema"' "$TMPDIR/r.SARIF.json"
statuslint -q --no-progress -o "$TMPDIR/r.ndjson" samples/combined.log; echo "exit $?"
head -c 8 "$TMPDIR/r.ndjson"; echo
statuslint --no-progress --log-format vhost_combind samples/clean.log; echo "exit $?"
