# The README's rule-file example loads and passes its own tests.
awk '/^```yaml/{n++; if (n==1) {on=1; next}} /^```/{on=0} on' README.md > "$TMPDIR/readme-rules.yml"
statuslint rules test "$TMPDIR/readme-rules.yml"
