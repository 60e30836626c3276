# --detect on the layouts servers ship by default, and on lines that carry more than CLF's
# three words before the time: each gets its own format, or detection says it cannot.
d=$TMPDIR
T='[01/Dec/2026:10:00:00 +0000]'
printf '%s\n' "$T 192.0.2.7 TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 \"GET /index.html HTTP/1.1\" 5120" \
  "$T 192.0.2.8 TLSv1.3 TLS_AES_128_GCM_SHA256 \"POST /login HTTP/1.1\" -" > "$d/ssl_request_log"
printf '%s\n' "2026-12-01 10:00:01 192.0.2.10 GET /default.htm - 80 - 198.51.100.7 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15" \
  "2026-12-01 10:00:02 192.0.2.10 GET /api/items - 443 alice 198.51.100.8 curl/8.4 - 207 0 0 31" > "$d/u_ex261201.log"
printf '%s\n' "203.0.113.1 - - $T \"GET /api HTTP/1.1\" 200 512 \"-\" \"curl/8.4\" 78 0.004 [default-echo-80] [] 10.244.0.5:8080 512 0.004 200 3f2b1c0d9e8a7b6c" > "$d/ingress.log"
printf '%s\n' "www.example.com 192.0.2.7 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"" > "$d/vhost.log"
printf '%s\n' "203.0.113.9, 10.0.0.2 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"" > "$d/xff.log"
printf '%s\n' "203.0.113.9, 10.0.0.2 - - $T \"GET / HTTP/1.1\" 200 5" > "$d/xff-common.log"
cd "$d"
statuslint --detect ssl_request_log u_ex261201.log ingress.log vhost.log xff.log xff-common.log
echo "exit $?"
# The IIS log's GET 207 is read as such: method, path and status reach the rules.
statuslint --no-progress -f jsonl --exit-zero u_ex261201.log 2>/dev/null | grep -o '"rule":"dav[^"]*","severity":"[a-z]*","status":207,"method":"GET","path":"/api/items"'
