# nginx's combined counts body bytes: 0 on 204, 304 and HEAD, and 25 on a PUT answered 204
# after "HTTP/1.1 100 Continue" (curl sends Expect: 100-continue for uploads), which is not
# a body. Correct traffic gives no warning or error and the column stays body bytes.
statuslint --detect tests/golden/bytes/debian12-nginx-stock.log
statuslint -q --fail-on warning -f jsonl tests/golden/bytes/debian12-nginx-stock.log
echo "exit $?"
