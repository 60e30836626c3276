#!/usr/bin/env bash
# nginx-logs.sh STATUSLINT SCRATCH: a real nginx (on 127.0.0.1, a free port, started and
# stopped here) writes access and error logs into one directory and rotates them once, as
# on a stock box. statuslint over the directory analyzes the access logs, oldest first,
# skips the error logs with one note, and does not exit 2. Exit 0 pass, 1 fail, 77 skip.
set -u
bin=$1 dir=$2
PY=/usr/bin/python3
# shellcheck source=tests/servers/lib.sh
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || { echo "SKIPPED: nginx is not installed"; exit 77; }
[[ -x $PY ]] || { echo "SKIPPED: python3 is not installed"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir/logs" "$dir/html" "$dir/tmp" && chmod 755 "$dir" "$dir/html" || exit 1
echo ok > "$dir/html/index.html" && chmod 644 "$dir/html/index.html"
port=$(free_port)
cat > "$dir/nginx.conf" <<CONF
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log info;
events { worker_connections 64; }
http {
  access_log $dir/logs/access.log combined;
  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir/html;
    location = /gone { return 410; }
    location = /moved { return 301 /; }
  }
}
CONF
start() {
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" 2>> "$dir/nginx.stderr" &
  pid=$!
  wait_port "$port" "$dir/nginx.stderr" || { echo "FAIL nginx did not start"; exit 1; }
}
start
requests GET / GET /missing POST /moved GET /gone
stop
mv "$dir/logs/access.log" "$dir/logs/access.log.1" && mv "$dir/logs/error.log" "$dir/logs/error.log.1"
start
requests GET / GET /also-missing GET /moved
stop

cd "$dir" || exit 1
"$bin" --no-progress -f jsonl -o findings.jsonl -f json -o report.json logs/ 2> stderr.txt
rc=$?
[[ $rc == 0 || $rc == 1 ]] || bad "exit $rc over a stock nginx log directory: $(cat stderr.txt)"
grep -q 'note: skipped 2 nginx error logs' stderr.txt || bad "no note about the error logs: $(cat stderr.txt)"
grep -q 'rejected\|cannot tell' stderr.txt && bad "lines were rejected: $(cat stderr.txt)"
$PY - <<'CHECK' || fails=$((fails + 1))
import json, sys
rep = json.load(open("report.json"))
s = rep.get("summary", rep)
def get(k):
    for d in (s, rep):
        if isinstance(d, dict) and k in d: return d[k]
    return None
ok = True
if get("records") != 7 or get("rejected") != 0 or get("files") != 2:
    print("FAIL expected 7 records, 0 rejected, 2 files; got", get("records"), get("rejected"), get("files")); ok = False
files = [json.loads(l)["file"] for l in open("findings.jsonl")]
if "logs/access.log.1" not in files or files.index("logs/access.log.1") > (files.index("logs/access.log") if "logs/access.log" in files else len(files)):
    print("FAIL the rotated log was not read first:", files); ok = False
if not any(json.loads(l)["rule"] == "redir.method-changing-redirect" for l in open("findings.jsonl")):
    print("FAIL POST answered 301 was not found"); ok = False
sys.exit(0 if ok else 1)
CHECK
echo "$fails failed"
[[ $fails == 0 ]]
