# A file whose every line is rejected gets a warning on stderr naming it and the first
# reason, so a CI job writing only SARIF still learns that its log format is wrong.
printf 'when,who,what\n1,2,3\n4,5,6\n' > "$TMPDIR/export.csv"
cd "$TMPDIR" && statuslint --log-format csv -f sarif -o out.sarif export.csv
