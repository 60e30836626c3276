# --group: one text line per finding group (first occurrence, xN, last at file:line), most
# severe first then by count, then the usual summary.
cat > "$TMPDIR/r.yml" <<'YML'
rules:
  - id: local.five-hundred
    title: 500
    severity: error
    codes: [500]
    when: status == 500
    message: "{method} {route} failed"
  - id: local.four-o-four
    title: 404
    severity: warning
    codes: [404]
    when: status == 404
    message: "{method} {route} not found"
YML
l() { printf '203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET %s HTTP/1.1" %s 9 "-" "curl/8"\n' "$1" "$2"; }
{ for i in 1 2 3; do l /a/$i 404; done; l /b 500; for i in 1 2; do l /c/$i 500; done; l /d 404; } > "$TMPDIR/a.log"
cd "$TMPDIR"
statuslint --no-progress --no-default-rules --rules r.yml --group a.log | sed 's/ ([0-9.]* s)$//'
echo "exit ${PIPESTATUS[0]}"
