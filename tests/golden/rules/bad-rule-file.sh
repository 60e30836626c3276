# Rule-file errors: all reported at once with FILE:LINE:COL, source line and caret; exit 2.
cat > "$TMPDIR/bad.yml" <<'YML'
rules:
  - id: local.typo
    title: misspelled key
    severity: warning
    stauts: 200
    when: status == 200
    message: x
  - id: local.bad-regex
    title: bad regex
    severity: warning
    when: path =~ "(unclosed"
    message: x
YML
cd "$TMPDIR" && statuslint --no-default-rules --rules bad.yml samples.log
