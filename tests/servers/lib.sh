# lib.sh: what the real-server tests share; sourced after `dir` (the scratch directory) is set.
#   free_port           prints a free TCP port on 127.0.0.1
#   wait_port PORT LOG  waits (5 s at most) until something listens on PORT; else prints LOG, fails
#   requests METHOD PATH ...: one request each to 127.0.0.1:$port (a POST carries a small body);
#                       the statuses do not matter to the tests, the logs do
#   bad MSG             counts a failure (in $fails) and prints it
#   stop                stops the server started in the background as $pid (also at exit)
PY=${PY:-/usr/bin/python3}
fails=0
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
pid=
stop() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap stop EXIT
free_port() {
  $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() {
  $PY - "$1" <<'WAIT' && return 0
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
WAIT
  cat "$2"
  return 1
}
requests() {
  $PY - "$port" "$@" <<'REQ'
import http.client, sys
port, pairs = int(sys.argv[1]), sys.argv[2:]
for method, path in zip(pairs[::2], pairs[1::2]):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request(method, path, body=b"x=1" if method == "POST" else None)
    c.getresponse().read()
    c.close()
REQ
}
