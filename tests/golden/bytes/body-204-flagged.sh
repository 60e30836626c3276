# Upstream Apache's combined logs %b ('-' for no body): a 204 that really carries 96 body
# bytes is still an error, because the other bodyless lines show the column is body bytes.
cat > "$TMPDIR/upstream.log" <<'LOG'
127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "GET / HTTP/1.1" 200 10701 "-" "curl/7.88.1"
127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "HEAD / HTTP/1.1" 200 - "-" "curl/7.88.1"
127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "GET /index.html HTTP/1.1" 304 - "-" "curl/7.88.1"
127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "DELETE /dav/a.bin HTTP/1.1" 204 - "-" "curl/7.88.1"
127.0.0.1 - - [01/Dec/2026:09:06:08 +0000] "POST /api/clear HTTP/1.1" 204 96 "-" "okhttp/4.12"
LOG
cd "$TMPDIR" && statuslint -q -f jsonl upstream.log | /usr/bin/python3 -c 'import json,sys; [print(d["line"], d["rule"], d["severity"]) for d in map(json.loads, sys.stdin)]'
echo "exit ${PIPESTATUS[0]}"
