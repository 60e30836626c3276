# A rule test case cannot set `route` itself: it is computed from `path` (exit 2, at the key).
cd "$TMPDIR"
cat > r.yml <<'YML'
rules:
  - id: local.x
    title: x
    severity: info
    codes: [404]
    when: route == "/a/{int}"
    message: "{route}"
    tests:
      match: [{route: "/a/{int}", status: 404}]
      no_match: [{path: /a/b, status: 404}]
YML
statuslint rules test --no-default-rules r.yml
