# CSV exports: a column named url, uri, request_uri or request gives the request path; a
# --csv-map column the header lacks is an error naming it (exit 2), not silently ignored;
# and a CSV input gets the same rules-off note as other formats, from its own header.
cd "$TMPDIR"
for col in url uri request_uri request URL; do
  v=/api/items; [ "$col" = request ] && v='GET /api/items HTTP/1.1'
  printf 'status,method,%s\n600,GET,%s\n' "$col" "$v" > c.csv
  echo "$col: $(statuslint --no-progress -q -f jsonl --exit-zero c.csv | sed 's/.*"path":"\([^"]*\)".*/\1/')"
done
printf 'status,method,url,Host\n600,GET,/a,example.com\n' > m.csv
statuslint --no-progress -f jsonl -o /dev/null --log-format csv --csv-map host=Hots m.csv 2>&1; echo "exit $?"
statuslint --no-progress -q -f jsonl --log-format csv --csv-map host=Host m.csv | sed 's/.*"host":"\([^"]*\)".*/host: \1/'
# the rules-off note: one per format, as for any log; --detect lists the columns to add
statuslint --no-progress -f jsonl -o /dev/null --exit-zero m.csv 2>&1
statuslint --detect m.csv | sed -n '1,2p;/^    location:/p;/^    resp.location:/p'
