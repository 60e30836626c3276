# Aggregate findings in jsonl: the line that crossed the threshold, with count, span and
# first / last; a sequence (410 then 200) across two files; a 5xx burst on one route found once
# (cooldown) and counted with the route's other requests; clean traffic beside it gets none.
t() { printf '%s - - [24/Nov/2026:10:%s +0000] "%s HTTP/1.1" %s 100 "-" "%s"\n' "$@"; }
{
  for s in 00 02 04 06; do t 192.0.2.7 "00:$s" "GET /api/item/9" 404 sync/2.1; done
  t 192.0.2.8 00:07 "GET /api/item/9" 404 other/1          # another client: its own key
  t 192.0.2.7 00:08 "GET /api/item/9" 404 sync/2.1          # the fifth: fires
  t 192.0.2.7 00:09 "GET /api/item/9" 404 sync/2.1          # in the cooldown
  t 198.51.100.1 00:10 "GET /blog/old" 410 Googlebot/2.1
} > "$TMPDIR/a.log"
{
  for i in $(seq 10 39); do t 192.0.2.20 "01:$i" "GET /orders/$i" 200 app/1; done
  for i in $(seq 10 33); do t 192.0.2.21 "02:$i" "GET /orders/$i" 502 app/1; done
  t 198.51.100.2 03:00 "GET /blog/old" 200 Mozilla/5.0     # 410 earlier, in a.log
} > "$TMPDIR/b.log"
cd "$TMPDIR" && statuslint --aggregate -f jsonl --no-progress a.log b.log 2>/dev/null | grep '"agg\.'
echo "exit ${PIPESTATUS[0]}"
