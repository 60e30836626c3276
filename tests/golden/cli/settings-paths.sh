# A settings file elsewhere (--config sub/.statuslint.yml) resolves its rules: paths
# relative to its own directory, once (the directory used to be doubled: sub/sub/...).
mkdir -p "$TMPDIR/proj/ci"
cat > "$TMPDIR/proj/ci/extra.yml" <<'YML'
rules:
  - id: local.teapot
    title: 418 in production
    severity: warning
    codes: [418]
    when: status == 418
    message: "{method} {path} answered 418"
    references: ["RFC 9110 §15.5.19"]
    tests:
      match: ['203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 418 0 "-" "c"']
      no_match: ['203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "c"']
YML
printf 'rules: [ci/extra.yml]\n' > "$TMPDIR/proj/.statuslint.yml"
cd "$TMPDIR"
statuslint --config proj/.statuslint.yml rules list | grep -c 'local.teapot'
statuslint --config ./proj/.statuslint.yml rules explain local.teapot | head -1
(cd proj && statuslint rules list | grep -c 'local.teapot')
printf 'rules: [ci/]\n' > proj/dir.yml
statuslint --config proj/dir.yml rules list | grep -c 'local.teapot'
printf 'rules: [ci/missing.yml]\n' > proj/bad.yml
statuslint --config proj/bad.yml rules list 2>&1 | head -1
