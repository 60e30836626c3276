# Lines without a status among good ones (Traefik logs '-' when no response was sent) are
# rejected with a reason and counted; the rest of the file is analyzed as usual.
cat > "$TMPDIR/t.log" <<'LOG'
172.17.0.1 - - [08/Dec/2021:09:16:05 +0000] "GET /a HTTP/1.1" 200 414 "-" "-"
172.17.1.1 - - [28/Sep/2022:13:38:04 +0000] "GET /b HTTP/1.1" - - "-" "Mozilla/5.00"
172.17.0.1 - - [08/Dec/2021:09:16:06 +0000] "GET /c HTTP/1.1" 200 405 "-" "-"
LOG
cd "$TMPDIR" && statuslint -q --exit-zero -f json t.log | /usr/bin/python3 -c 'import json,sys; d = json.load(sys.stdin); s = d["summary"]; print(s["lines"], s["records"], s["rejected"], d["rejected_samples"])'
echo "exit ${PIPESTATUS[0]}"
