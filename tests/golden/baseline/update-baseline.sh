# --update-baseline for nightly runs: the first night starts from a missing file, each night
# reports only what the file lacks and writes back the merge; entries unseen for
# --baseline-max-age days drop out. A plain --baseline that is missing stays an error.
cd "$TMPDIR" && src=$OLDPWD/samples/combined.log || exit 1
day=86400 night0=1795000000   # run_golden pins STATUSLINT_NOW to night0
sed -n 1,20p "$src" > night1.log
sed -n 1,40p "$src" > night2.log
night() { # N LOG [options]: one nightly run, N days after night0
  local n=$1 log=$2; shift 2
  STATUSLINT_NOW=$((night0 + n * day)) statuslint -q --no-progress --update-baseline known \
    --fail-on none -f jsonl -o new.jsonl "$@" "$log"
  echo "day $n: exit $?, $(wc -l < new.jsonl) new, $(grep -vc '^#' known) entries"
}
night 0 night1.log
night 1 night1.log
night 2 night2.log
echo "--- known after day 2 (header and the 600 entries):"
head -1 known
grep ' 600 \| 000 ' known
echo "--- day 40, nothing seen since day 2: max-age 30 drops every entry"
night 40 /dev/null
echo "--- day 42 with --baseline-max-age 0: entries not seen by day 42's run drop"
night 41 night2.log
night 42 night1.log --baseline-max-age 0
echo "--- a missing --baseline is an error; a missing --update-baseline is not"
statuslint -q --no-progress --baseline missing.txt -f jsonl -o /dev/null night1.log 2>&1
echo "exit $?"
statuslint -q --no-progress --update-baseline known --baseline known night1.log 2>&1
echo "exit $?"
statuslint -q --no-progress --update-baseline known --baseline-max-age -1 night1.log 2>&1
echo "exit $?"
