# -q silences notes (which rules are off for this log format) but never errors.
statuslint --no-progress -f jsonl -o /dev/null samples/clean.log 2>&1 | grep -c 'note:' | awk '$1 > 0 {print "notes without -q"}'
statuslint --no-progress -q -f jsonl -o /dev/null samples/clean.log 2>&1 | grep -c 'note:'
statuslint --no-progress -q -f jsonl -o /dev/null /nonexistent.log 2>&1 | grep -c 'cannot open'
