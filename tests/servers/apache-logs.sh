#!/usr/bin/env bash
# apache-logs.sh STATUSLINT SCRATCH: a real Apache httpd (on 127.0.0.1, a free port, started
# and stopped here) writes a combined access log and its error log (2.4 format) into one
# directory. statuslint over the directory analyzes the access log, skips the error log
# with one note, and does not exit 2. Exit 0 pass, 1 fail, 77 skip.
set -u
bin=$1 dir=$2
PY=/usr/bin/python3
# shellcheck source=tests/servers/lib.sh
. "$(dirname "$0")/lib.sh"
httpd=$(command -v apache2 || command -v httpd) || { echo "SKIPPED: apache2 is not installed"; exit 77; }
mods=/usr/lib/apache2/modules
[[ -f $mods/mod_mpm_event.so ]] || { echo "SKIPPED: no $mods/mod_mpm_event.so"; exit 77; }
[[ -x $PY ]] || { echo "SKIPPED: python3 is not installed"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir/logs" "$dir/html" && chmod 755 "$dir" "$dir/html" || exit 1
echo ok > "$dir/html/index.html" && chmod 644 "$dir/html/index.html"
port=$(free_port)
user=$(id -un) group=$(id -gn)
[[ $(id -u) == 0 ]] && user=nobody group=nogroup
cat > "$dir/httpd.conf" <<CONF
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule alias_module $mods/mod_alias.so
LoadModule dir_module $mods/mod_dir.so
DirectoryIndex index.html
User $user
Group $group
DocumentRoot "$dir/html"
<Directory "$dir/html">
  Require all granted
</Directory>
Redirect 301 /moved /
ErrorLog "$dir/logs/error.log"
LogLevel info
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog "$dir/logs/access.log" combined
CONF
"$httpd" -f "$dir/httpd.conf" -DFOREGROUND 2> "$dir/httpd.stderr" &
pid=$!
wait_port "$port" "$dir/httpd.stderr" || { echo "FAIL apache did not start"; exit 1; }
requests GET / GET /missing POST /moved GET /%2e%2e/x
stop
grep -q '\] \[' "$dir/logs/error.log" || { echo "FAIL apache wrote no error log lines"; exit 1; }

cd "$dir" || exit 1
"$bin" --no-progress -f jsonl -o findings.jsonl -f json -o report.json logs/ 2> stderr.txt
rc=$?
[[ $rc == 0 || $rc == 1 ]] || bad "exit $rc over an Apache log directory: $(cat stderr.txt)"
grep -q 'note: skipped 1 Apache error log' stderr.txt || bad "no note about the error log: $(cat stderr.txt)"
$PY - <<'CHECK' || fails=$((fails + 1))
import json, sys
s = json.load(open("report.json"))["summary"]
ok = s["records"] == 4 and s["rejected"] == 0 and s["files"] == 1
if not ok: print("FAIL expected 4 records, 0 rejected, 1 file; got", s["records"], s["rejected"], s["files"])
if not any(json.loads(l)["rule"] == "redir.method-changing-redirect" for l in open("findings.jsonl")):
    print("FAIL POST answered 301 was not found"); ok = False
sys.exit(0 if ok else 1)
CHECK
echo "$fails failed"
[[ $fails == 0 ]]
