#!/usr/bin/env bash
# stock_servers.sh: Debian's own apache2 and nginx, with their stock log formats, serve
# ordinary curl traffic (GET, HEAD, conditional GET -> 304, Range -> 206, a 204 endpoint,
# PUT with Expect: 100-continue -> 201/204, DELETE, and WebDAV PROPFIND/MKCOL on Apache);
# statuslint must find no warning or error in any log (Apache's stock combined, common and
# vhost_combined, nginx's combined), and must read the byte column of Apache's combined and
# common (%O in /etc/apache2/apache2.conf) as total bytes. Servers listen on free
# 127.0.0.1 ports with private config and prefix dirs under a temp dir, and are stopped on
# exit. Skips (77) when apache2, nginx or curl is missing.
# usage: stock_servers.sh STATUSLINT [KEEP_DIR]   (KEEP_DIR: copy the two logs there)
set -uo pipefail
sl=$1 keep=${2:-}
skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $APACHE ]] || skip "apache2 is not installed (apt-get install apache2)"
[[ -x $NGINX ]] || skip "nginx is not installed (apt-get install nginx)"
command -v curl > /dev/null || skip "curl is not installed (apt-get install curl)"
[[ -r /etc/apache2/apache2.conf ]] || skip "no /etc/apache2/apache2.conf to take the stock LogFormat from"
moddir=/usr/lib/apache2/modules
for m in mpm_event authz_core dir mime alias dav dav_fs; do
  [[ -f $moddir/mod_$m.so ]] || skip "apache2 module mod_$m is missing"
done

T=$(mktemp -d)
chmod 755 "$T"
cleanup() { # stop the servers this script started (by the pids they wrote), then wait
  local pids=() f
  for f in "$T/run/apache2.pid" "$T/run/nginx.pid"; do
    [[ -s $f ]] && pids+=("$(cat "$f")")
  done
  ((${#pids[@]})) && kill "${pids[@]}" 2> /dev/null
  for _ in $(seq 50); do
    kill -0 "${pids[@]}" 2> /dev/null || break
    sleep 0.1
  done
  rm -rf "$T"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() { # port: up to 10 s for the server to answer
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  return 1
}

# ---- content both servers serve ----
mkdir -p "$T/www/dav" "$T/run"
/usr/bin/python3 -c 'import sys; sys.stdout.write("<html><body>" + "statuslint " * 2000 + "</body></html>\n")' > "$T/www/index.html"
head -c 100000 /dev/urandom > "$T/www/blob.bin"
head -c 3000 /dev/urandom > "$T/upload.bin"
user=$(id -un) group=$(id -gn)
if [[ $(id -u) == 0 ]]; then user=www-data group=www-data; chown -R www-data: "$T/www/dav" "$T/run"; fi

# ---- apache2: stock LogFormat lines, private ServerRoot ----
aport=$(free_port)
{
  echo "ServerRoot $T"
  echo "ServerName 127.0.0.1"
  echo "Listen 127.0.0.1:$aport"
  echo "PidFile $T/run/apache2.pid"
  echo "DefaultRuntimeDir $T/run"
  echo "Mutex file:$T/run default"
  echo "User $user"
  echo "Group $group"
  echo "ErrorLog $T/apache-error.log"
  for m in mpm_event authz_core dir mime alias dav dav_fs; do
    echo "LoadModule ${m}_module $moddir/mod_$m.so"
  done
  echo "TypesConfig /etc/mime.types"
  grep -E '^LogFormat ' /etc/apache2/apache2.conf   # the stock definitions, verbatim
  echo "CustomLog $T/apache-access.log combined"
  echo "CustomLog $T/apache-common.log common"
  echo "CustomLog $T/apache-vhost.log vhost_combined"
  echo "DocumentRoot $T/www"
  echo "DirectoryIndex index.html"
  echo "DavLockDB $T/run/davlock"
  echo "Redirect 204 /empty"
  echo "<Directory $T/www>"
  echo "  Require all granted"
  echo "</Directory>"
  echo "<Location /dav>"
  echo "  Dav On"
  echo "</Location>"
} > "$T/apache2.conf"
grep -q '^LogFormat .* combined$' "$T/apache2.conf" || skip "no stock combined LogFormat in /etc/apache2/apache2.conf"
"$APACHE" -f "$T/apache2.conf" -k start > "$T/apache-start.log" 2>&1 ||
  fail "apache2 did not start: $(cat "$T/apache-start.log" "$T/apache-error.log" 2> /dev/null)"
wait_port "$aport" || fail "apache2 does not answer on port $aport: $(cat "$T/apache-error.log")"

# ---- nginx: its built-in combined format, private prefix ----
nport=$(free_port)
mkdir -p "$T/nginx/logs" "$T/nginx/tmp"
cat > "$T/nginx/nginx.conf" <<NGX
$( [[ $(id -u) == 0 ]] && echo "user www-data;" )
worker_processes 1;
pid $T/run/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log $T/nginx-access.log combined;
    client_body_temp_path $T/nginx/tmp;
    proxy_temp_path $T/nginx/tmp;
    fastcgi_temp_path $T/nginx/tmp;
    uwsgi_temp_path $T/nginx/tmp;
    scgi_temp_path $T/nginx/tmp;
    server {
        listen 127.0.0.1:$nport;
        root $T/www;
        location = /empty { return 204; }
        location /dav/ {
            dav_methods PUT DELETE MKCOL;
            create_full_put_path on;
        }
    }
}
NGX
[[ $(id -u) == 0 ]] && chown -R www-data: "$T/nginx/tmp"
"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" > "$T/nginx-start.log" 2>&1 ||
  fail "nginx did not start: $(cat "$T/nginx-start.log" "$T/nginx-error.log" 2> /dev/null)"
wait_port "$nport" || fail "nginx does not answer on port $nport: $(cat "$T/nginx-error.log")"

# ---- traffic: the same requests to both, plus WebDAV collections on Apache ----
traffic() { # base-url dav
  local u=$1 dav=$2 c="curl -s -o /dev/null -w %{http_code}\n"
  local lm etag
  $c "$u/"
  $c -I "$u/"
  $c -I "$u/missing"
  $c "$u/missing"
  lm=$(curl -sI "$u/index.html" | tr -d '\r' | sed -n 's/^Last-Modified: //Ip')
  etag=$(curl -sI "$u/index.html" | tr -d '\r' | sed -n 's/^ETag: //Ip')
  $c -H "If-Modified-Since: $lm" "$u/index.html"
  $c -H "If-None-Match: $etag" "$u/index.html"
  $c -H "If-None-Match: $etag" -I "$u/index.html"
  $c -r 0-99 "$u/blob.bin"
  $c -r 500-999 "$u/index.html"
  $c "$u/empty"
  $c -I "$u/empty"
  $c -H 'Expect: 100-continue' -T "$T/upload.bin" "$u/dav/a.bin"   # 201 Created
  $c -H 'Expect: 100-continue' -T "$T/upload.bin" "$u/dav/a.bin"   # 204 No Content
  $c -T "$T/upload.bin" "$u/dav/b.bin"
  $c -T "$T/upload.bin" "$u/dav/b.bin"
  $c "$u/dav/a.bin"
  $c -X MKCOL "$u/dav/col/"
  if [[ $dav == full ]]; then
    $c -X PROPFIND -H 'Depth: 1' "$u/dav/"
    $c -X PROPFIND -H 'Depth: 0' -H 'Content-Type: application/xml' \
       --data '<?xml version="1.0"?><propfind xmlns="DAV:"><allprop/></propfind>' "$u/dav/a.bin"
    $c -X OPTIONS "$u/dav/"
  fi
  $c -X DELETE "$u/dav/a.bin"
  $c -X DELETE "$u/dav/col/"
  $c -X DELETE "$u/dav/missing.bin"
}
traffic "http://127.0.0.1:$aport" full > "$T/apache-codes.txt"
traffic "http://127.0.0.1:$nport" basic > "$T/nginx-codes.txt"
sleep 0.5   # both servers write their access log when a request ends
for s in apache nginx; do
  for want in 200 206 304 204 201 404; do
    grep -qx "$want" "$T/$s-codes.txt" || fail "$s never answered $want: $(tr '\n' ' ' < "$T/$s-codes.txt")"
  done
  [[ -s $T/$s-access.log ]] || fail "$s wrote no access log"
done
grep -qx 207 "$T/apache-codes.txt" || fail "apache answered no PROPFIND with 207"
grep -q '"PUT /dav/a.bin HTTP/1.1" 204 25 ' "$T/nginx-access.log" ||
  echo "note: nginx did not log the 25-byte 100 Continue on PUT (changed server behaviour?)"
[[ -n $keep ]] && cp "$T/apache-access.log" "$T/nginx-access.log" "$keep/"

# ---- statuslint over both logs ----
rc=0
for s in apache apache-common apache-vhost nginx; do
  log=$T/$s-access.log
  [[ $s == apache-* ]] && log=$T/$s.log
  "$sl" --no-progress -f jsonl -o "$T/$s.jsonl" -f text -o "$T/$s.txt" --fail-on warning "$log" 2> "$T/$s.err"
  code=$?
  bad=$(grep -c '"severity":"\(warning\|error\)"' "$T/$s.jsonl")
  echo "$s: exit $code, $bad findings at warning or error, $(wc -l < "$log") lines"
  if [[ $code != 0 || $bad != 0 ]]; then
    echo "--- $s access log:"; cat "$log"; echo "--- findings:"; cat "$T/$s.txt" "$T/$s.err"
    rc=1
  fi
  if grep -q '"rejected":[1-9]' <("$sl" -q -f json --exit-zero "$log"); then
    echo "$s: lines were rejected:"; "$sl" -q --exit-zero "$log" | sed -n '/Rejected/,$p'; rc=1
  fi
done
for log in "$T/apache-access.log" "$T/apache-common.log"; do
  "$sl" --detect "$log" | grep -q 'bytes include headers' ||
    { echo "apache: byte column not inferred as total bytes: $("$sl" --detect "$log")"; rc=1; }
done
"$sl" --detect "$T/apache-vhost.log" | grep -q ': vhost_combined ' ||
  { echo "apache: vhost_combined not detected: $("$sl" --detect "$T/apache-vhost.log")"; rc=1; }
grep -q "byte column counts total bytes" "$T/apache.err" ||
  { echo "apache: no note saying why body-byte rules are off:"; cat "$T/apache.err"; rc=1; }
if "$sl" --detect "$T/nginx-access.log" | grep -q 'bytes include headers'; then
  echo "nginx: \$body_bytes_sent inferred as total bytes"; rc=1
fi
[[ $rc == 0 ]] && echo "PASS: stock apache2 and nginx logs of correct traffic give no warning or error"
exit $rc
