# -f markdown: totals, new against baselined, the --fail-on verdict, and findings by rule
# with counts and the first example of each, most severe first.
statuslint -q --no-progress -f markdown -o "$TMPDIR/r.md" samples/combined.log
echo "exit $?"
head -12 "$TMPDIR/r.md"
# with a baseline from the first half of the log: the second half's findings are new
head -36 samples/combined.log > "$TMPDIR/first.log"
statuslint -q --no-progress --write-baseline "$TMPDIR/b" -f jsonl -o /dev/null "$TMPDIR/first.log"
statuslint -q --no-progress --baseline "$TMPDIR/b" --fail-on none -f markdown -o "$TMPDIR/r.md" samples/combined.log
echo "exit $?"
head -11 "$TMPDIR/r.md"
# log bytes cannot format, link (URL or www.), mention or break the table
cd "$TMPDIR" || exit 1
printf '%s\n' '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /@admin|x*y*_[z](http://e.example)<b>&#1;/www.e.example HTTP/1.1" 600 0 "-" "c"' \
  > hostile.log
statuslint -q --no-progress -f markdown -o r.md hostile.log
grep '^| core' r.md
