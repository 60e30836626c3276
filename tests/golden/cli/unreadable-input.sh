# An unreadable input is reported by name; what could be read is still reported; exit 2.
statuslint --no-progress -f jsonl --exit-zero samples/combined.log /nonexistent/access.log > "$TMPDIR/out"
echo "exit $?"
test -s "$TMPDIR/out" && echo "findings reported"
