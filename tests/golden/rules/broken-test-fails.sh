# A rule whose own test is wrong makes `rules test` fail (exit 1).
cat > "$TMPDIR/wrong.yml" <<'YML'
rules:
  - id: local.wrong-test
    title: a rule whose test expects the wrong thing
    severity: info
    codes: [200]
    when: method == "GET"
    message: "{method}"
    tests:
      match: [{method: POST, status: 200}]
      no_match: [{method: PUT, status: 200}]
YML
statuslint rules test "$TMPDIR/wrong.yml" > "$TMPDIR/out"
rc=$?
tail -1 "$TMPDIR/out"
exit $rc
