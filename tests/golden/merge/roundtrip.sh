# merge and map from the command line: exit status as an analysis has it, stdin streams of
# partials, map's partial of stdin lines, and the usage errors of both.
statuslint -q -f partial -o "$TMPDIR/c.partial" samples/clean.log
statuslint -q -f partial -o "$TMPDIR/a.partial" samples/combined.log
statuslint merge "$TMPDIR/c.partial" > /dev/null; echo "clean alone: exit $?"
statuslint merge "$TMPDIR/c.partial" "$TMPDIR/a.partial" > /dev/null; echo "with findings: exit $?"
statuslint merge --fail-on none "$TMPDIR/a.partial" > /dev/null; echo "--fail-on none: exit $?"
cat "$TMPDIR/a.partial" "$TMPDIR/c.partial" | statuslint merge -f json - > "$TMPDIR/m.json"
statuslint -q -f json samples/clean.log samples/combined.log > "$TMPDIR/s.json"
sed -E 's/"(started|finished|seconds)":[^,}]*//g' "$TMPDIR/m.json" > "$TMPDIR/m2"
sed -E 's/"(started|finished|seconds)":[^,}]*//g' "$TMPDIR/s.json" > "$TMPDIR/s2"
cmp "$TMPDIR/m2" "$TMPDIR/s2" && echo "a stream of partials on stdin: same json as one run"
statuslint map -q --stdin-filename x.log < samples/combined.log | statuslint merge -f jsonl - > "$TMPDIR/m.jsonl"
statuslint -q -f jsonl --stdin-filename x.log - < samples/combined.log > "$TMPDIR/s.jsonl"
cmp "$TMPDIR/m.jsonl" "$TMPDIR/s.jsonl" && echo "map | merge: same jsonl as one run over stdin"
head -1 "$TMPDIR/a.partial"
tail -1 "$TMPDIR/a.partial" | cut -f1
statuslint map samples/combined.log; echo "exit $?"
statuslint map -f json < samples/combined.log; echo "exit $?"
statuslint merge; echo "exit $?"
statuslint --kv samples/clean.log; echo "exit $?"
statuslint merge --baseline x.txt "$TMPDIR/a.partial"; echo "exit $?"
# the same files give the same partial whatever -j is, wall-clock records aside
statuslint -q -j1 -f partial -o "$TMPDIR/j1.partial" samples/combined.log samples/clean.log
statuslint -q -j3 -f partial -o "$TMPDIR/j3.partial" samples/combined.log samples/clean.log
cmp <(grep -Ev '^(time|end)'$'\t' "$TMPDIR/j1.partial") <(grep -Ev '^(time|end)'$'\t' "$TMPDIR/j3.partial") && echo "-j1 and -j3: the same partial"
