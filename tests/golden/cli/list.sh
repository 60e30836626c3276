# --list (for shell completions): the getopt table as "--long<TAB>-s|-<TAB>0|1<TAB>what --help
# says of it" (every option --help describes has its text), the output
# formats -f accepts, the presets --log-format accepts, the subcommands, the rule functions
# ("name(argument)<TAB>help"); an unknown kind exits 2.
statuslint --list options | awk -F'\t' 'NF != 4 || $1 !~ /^--[a-z]/ || $3 !~ /^[01]$/ || $4 == "" { print "bad line: " $0 }'
statuslint --list options | grep -P '^(--output\t-o\t1|--quiet\t-q\t0|--csv-map\t-\t1|--help\t-h\t0|--version\t-\t0)\t'
statuslint --list options | grep -P '^--detect\t' | cut -f4
statuslint --list options | grep -cP -- '^--list\t' # hidden from itself
for f in $(statuslint --list formats); do
  statuslint -q -f "$f" -o "$TMPDIR/out.$f" --no-progress samples/clean.log || echo "-f $f refused"
done
for p in $(statuslint --list log-formats); do
  statuslint --log-format "$p" --no-progress -q -f jsonl -o /dev/null /dev/null 2>&1 | grep 'unknown log format'
done
statuslint --list commands | head -1
statuslint --list functions | awk -F'\t' 'NF != 2 || $1 !~ /^[a-z_]+\([a-z]+\)$/ || $2 == "" { print "bad line: " $0 }'
statuslint --list functions | cut -d'(' -f1 | tr '\n' ' '; echo
statuslint --list nonsense; echo "exit $?"
