# `route` in a rule's condition and in its message; jsonl findings carry it. The query is
# dropped, variable segments are classified, a literal segment ("me") is kept.
cat > "$TMPDIR/r.yml" <<'YML'
rules:
  - id: local.user-404
    title: 404 on a user page
    severity: warning
    codes: [404]
    when: route == "/users/{int}"
    message: "{method} {path} ({route}) answered 404"
    tests:
      match: ['203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /users/7?tab=1 HTTP/1.1" 404 9 "-" "curl/8"']
      no_match: [{method: GET, path: /users/me, status: 404}]
YML
l() { printf '203.0.113.7 - - [01/Jun/2026:10:00:0%s +0000] "GET %s HTTP/1.1" %s 9 "-" "curl/8"\n' "$1" "$2" "$3"; }
{ l 0 '/users/12?x=1' 404; l 1 /users/13 404; l 2 /users/me 404; l 3 /users/14 200
  l 4 /users/15/orders 404; } > "$TMPDIR/a.log"
statuslint rules test --no-default-rules "$TMPDIR/r.yml" | sed "s|$TMPDIR|TMP|"
statuslint --no-progress --no-default-rules --rules "$TMPDIR/r.yml" -f jsonl "$TMPDIR/a.log" | sed "s|$TMPDIR|TMP|"
echo "exit ${PIPESTATUS[0]}"
