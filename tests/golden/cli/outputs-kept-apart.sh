# Outputs never replace an input or one another: refused before anything is written (exit 2).
# -o before any -f takes the format its name says. Messages on stdout here, to keep the order.
src=$PWD
mkdir "$TMPDIR/w" && cd "$TMPDIR/w" && cp "$src/samples/clean.log" access.log
statuslint -f json -o access.log access.log 2>&1; echo "exit $?"
statuslint -f json -o r.json -f sarif -o ./r.json access.log 2>&1; echo "exit $?"
statuslint -f json -o /dev/stdout -f text access.log 2>&1 | cat; echo "exit ${PIPESTATUS[0]}"
statuslint access.log 2>&1 >> access.log; echo "exit $?"
test -e r.json || echo "no r.json written"
cmp -s access.log "$src/samples/clean.log" && echo "access.log intact"
statuslint -o x.json access.log; echo "exit $?"
head -c 29 x.json; echo
