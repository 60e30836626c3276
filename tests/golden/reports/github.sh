# -f github: the summary first, at most 10 annotations per level (GitHub's limit), most
# severe and most frequent rules first, a count of what was left out, and with
# GITHUB_STEP_SUMMARY set, the Markdown report appended to it.
# 30 copies of a 600 line and 2 of a 599 line, then further findings from the sample log
cd "$TMPDIR" && src=$OLDPWD/samples/combined.log || exit 1
for i in $(seq 30); do sed -n 1p "$src"; done > many.log
sed -n 3p "$src" >> many.log
sed -n 3p "$src" >> many.log
grep -E '" (207|418|301|422|407) ' "$src" >> many.log
echo "# an earlier step's summary" > summary.md
GITHUB_STEP_SUMMARY=summary.md statuslint -q --no-progress -f github -o gh.txt many.log
echo "exit $?"
cut -c1-100 gh.txt
head -3 summary.md
echo "table rows: $(grep -c '^| ' summary.md)"
