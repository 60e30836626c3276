# The README's settings file that leaves out the four agg.* rules reading most lines names rules
# that exist (an unknown id is exit 2): with --aggregate, eleven agg.* rules stay on.
grep -m1 '^disable: \[agg\.' README.md > "$TMPDIR/light.yml"
statuslint rules list --aggregate --config "$TMPDIR/light.yml" | grep '^agg\.' | grep -vc '(disabled)'
statuslint rules list --aggregate --config "$TMPDIR/light.yml" | grep '^agg\.' | grep '(disabled)' | cut -d' ' -f1
