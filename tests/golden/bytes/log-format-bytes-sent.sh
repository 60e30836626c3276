# A --log-format that says %O or $bytes_sent declares total bytes, as before: no inference
# needed, the body-byte rules are off with the note naming the format.
cd "$TMPDIR" && cp "$OLDPWD/tests/golden/bytes/debian12-apache2-stock.log" a.log
statuslint --fail-on warning -f jsonl --log-format '%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-agent}i"' a.log 2>&1 | grep 'total bytes'
echo "exit ${PIPESTATUS[0]}"
statuslint -q --fail-on warning -f jsonl --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $bytes_sent "$http_referer" "$http_user_agent"' a.log
echo "exit $?"
