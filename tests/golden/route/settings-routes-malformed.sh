# A malformed route pattern is a settings error at file:line:col: nothing is analyzed, exit 2.
cd "$TMPDIR"
printf 'routes:\n  - /users/{id}\n  - /files/*/raw\n  - users/{id}\n  - /a/{b c}\n' > .statuslint.yml
printf '203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 9 "-" "curl/8"\n' > a.log
statuslint --no-progress a.log
