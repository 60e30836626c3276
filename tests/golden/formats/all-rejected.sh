# An input none of whose lines could be parsed is an input error: stderr names it with the
# first reason and the run exits 2, so a CI job writing only SARIF cannot pass an analysis
# that analyzed nothing (a wrong --log-format, a CSV without a status column).
printf 'when,who,what\n1,2,3\n4,5,6\n' > "$TMPDIR/export.csv"
cd "$TMPDIR" && statuslint --log-format csv -f sarif -o out.sarif export.csv
