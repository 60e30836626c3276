# A stock /var/log/nginx/: rotated access logs are read oldest first (time runs forward),
# error logs are recognized by content and skipped with one note, not an input error.
d=$TMPDIR/nginx
mkdir -p "$d"
line() { printf '203.0.113.7 - - [%s +0000] "GET %s HTTP/1.1" 600 5 "-" "c"\n' "$1" "$2"; }
line '20/Nov/2026:10:00:00' /oldest  | gzip > "$d/access.log.10.gz"
line '21/Nov/2026:10:00:00' /older   | gzip > "$d/access.log.3.gz"
line '22/Nov/2026:10:00:00' /old     | gzip > "$d/access.log.2.gz"
line '23/Nov/2026:10:00:00' /yesterday > "$d/access.log.1"
line '24/Nov/2026:10:00:00' /today     > "$d/access.log"
printf '2026/11/24 10:00:00 [error] 811#811: *1 open() "/usr/share/nginx/html/x" failed (2: No such file or directory)\n' > "$d/error.log"
printf '2026/11/23 09:00:00 [notice] 811#811: signal process started\n' > "$d/error.log.1"
printf '[Tue Nov 24 10:00:00.123456 2026] [core:error] [pid 1234] [client 203.0.113.7:5050] AH00126: Invalid URI in request\n' > "$d/apache_error.log"
cd "$TMPDIR"
statuslint --no-progress -q -f jsonl --exit-zero nginx/ | sed 's/.*"file":"\([^"]*\)".*"path":"\([^"]*\)".*/\1 \2/'
echo "exit $?"
statuslint --no-progress -f jsonl -o /dev/null --exit-zero nginx/ 2>&1 | grep -v 'rules* \(is\|are\) off'
echo "exit ${PIPESTATUS[0]}"
statuslint --detect nginx/error.log nginx/apache_error.log
echo "exit $?"
