# Errors in aggregate and sequence blocks: unknown keys (with a did-you-mean), bad durations,
# `having` naming an unknown counter, `by` naming an unknown field, a `top` of no counter, a
# sequence without `then`, a test case that is not a list of lines. All at once, at
# FILE:LINE:COL with a caret; exit 2 and nothing analyzed.
cat > "$TMPDIR/bad.yml" <<'YML'
rules:
  - id: local.agg-keys
    title: misspelled keys and durations
    severity: info
    when: status >= 500
    aggregate:
      by: [client, hots]
      windw: 60s
      cooldown: 5 minutes
      having: count >= 5
    message: x
  - id: local.agg-names
    title: unknown counter in having
    severity: info
    when: status >= 400
    aggregate:
      by: client
      window: 90x
      count: {errors: status >= 500, count: status == 404}
      top: {field: client, of: erors}
      having: erors >= 5 and share(hits) > 10
    message: "{errorz}"
  - id: local.seq
    title: sequence without then
    severity: info
    when: status >= 200
    sequence:
      by: [client]
      within: 31d
      first: status == 410
      next: maybe
    message: x
    tests:
      match: ['192.0.2.1 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 410 0 "-" "x"']
YML
cd "$TMPDIR" && statuslint --no-default-rules --rules bad.yml samples.log
