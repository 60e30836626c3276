# Debian's stock Apache logs `combined` with %O: 204, 304 and HEAD lines show header-sized
# counts and none shows 0 or '-'. The byte column is read as total bytes for the file, the
# body-byte rules are off for it with one note saying why, and correct traffic gives no
# warning or error; --detect shows the inference.
statuslint --detect tests/golden/bytes/debian12-apache2-stock.log
statuslint --fail-on warning -f jsonl tests/golden/bytes/debian12-apache2-stock.log 2>&1 | grep -v 'does not record'
echo "exit ${PIPESTATUS[0]}"
# the same when the preset is named rather than detected
statuslint -q --log-format combined --fail-on warning -f jsonl tests/golden/bytes/debian12-apache2-stock.log
echo "exit $?"
