# The same log read as the combined preset, as nginx's combined log_format and as Apache's
# combined LogFormat gives byte-identical findings.
sl() { statuslint --no-progress -f jsonl --exit-zero "$@" samples/combined.log 2>/dev/null; }
sl --log-format combined > "$TMPDIR/preset"
sl --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"' > "$TMPDIR/nginx"
sl --log-format '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"' > "$TMPDIR/apache"
sl > "$TMPDIR/auto"
wc -l < "$TMPDIR/preset" | awk '$1 >= 40 {print "preset: many findings"}'
for v in nginx apache auto; do cmp -s "$TMPDIR/preset" "$TMPDIR/$v" && echo "$v: same as preset"; done
