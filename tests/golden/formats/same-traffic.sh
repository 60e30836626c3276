# The same traffic written as combined, nginx JSON, a CSV export and W3C, plain and in each
# of four compressions, gives the same findings (line numbers shifted by header lines).
# W3C logs only total bytes (sc-bytes), so the rules about body bytes are switched off for
# it (--detect lists them); those rules, and only those, are left out of its comparison.
conv=tests/formats/convert.py cmp=tests/formats/compare.py
sl() { statuslint --no-progress -f jsonl --exit-zero "$@"; }
sl samples/combined.log > "$TMPDIR/ref.jsonl" 2>/dev/null
for kind in combined:0 nginx_json:0 csv:1 w3c:4; do
  name=${kind%%:*} skip=${kind##*:}
  if [ "$name" = combined ]; then cp samples/combined.log "$TMPDIR/in"
  else /usr/bin/python3 $conv "$name" < samples/combined.log > "$TMPDIR/in"; fi
  for z in cat "gzip -c" "zstd -q -c" "bzip2 -c" "xz -c"; do
    $z "$TMPDIR/in" > "$TMPDIR/log"
    sl "$TMPDIR/log" > "$TMPDIR/out.jsonl" 2> "$TMPDIR/err"
    statuslint --detect "$TMPDIR/log" | sed -n 's/.*counts total bytes.*; rules: //p' | tr ' ' '\n' > "$TMPDIR/off"
    echo "$name ${z%% *}: $(/usr/bin/python3 $cmp "$TMPDIR/ref.jsonl" 0 "$TMPDIR/out.jsonl" $skip --drop-rules "$TMPDIR/off") ($(grep -c . "$TMPDIR/off") body-byte rules off)"
  done
done
