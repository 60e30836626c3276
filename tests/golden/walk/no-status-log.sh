# mod_ssl's ssl_request_log (%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b) sits beside the access
# log on stock Apache installs and records no status: in a directory it is detected and skipped
# with a note, not an input error; named on the command line it is an input error (exit 2).
mkdir -p "$TMPDIR/httpd"
cd "$TMPDIR"
printf '[24/Nov/2026:10:00:00 +0000] 203.0.113.9 TLSv1.3 TLS_AES_256_GCM_SHA384 "GET /index.html HTTP/1.1" 1234\n[24/Nov/2026:10:00:01 +0000] 203.0.113.9 TLSv1.3 TLS_AES_256_GCM_SHA384 "GET /a HTTP/1.1" 12\n' > httpd/ssl_request_log
printf '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "c"\n' > httpd/access_log
statuslint --no-progress -q -f jsonl httpd/ 2>&1; echo "exit $?"
statuslint --no-progress -f json httpd/ 2>/dev/null | /usr/bin/python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("files", s["files"], "lines", s["lines"], "rejected", s["rejected"])'
statuslint --no-progress -f jsonl httpd/ 2>&1 | grep -c 'ssl_request_log: skipped: its log format (apache_ssl) records no status code'
statuslint --no-progress -q -f jsonl httpd/ssl_request_log >/dev/null 2>&1; echo "exit $?"
