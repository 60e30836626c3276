# A --log-format that leaves out $status parses every line but yields no status: no line
# is a record, so the file is an input error (exit 2) naming the file and the reason, not
# a green run that checked nothing.
cd "$TMPDIR" && cp "$OLDPWD/samples/clean.log" access.log
statuslint --no-progress -f json -o out.json --log-format '$remote_addr - $remote_user [$time_local] "$request" $sl_skip $body_bytes_sent "$http_referer" "$http_user_agent"' access.log
echo "exit $?"
/usr/bin/python3 -c 'import json; d = json.load(open("out.json")); s = d["summary"]; print(s["lines"], s["records"], s["rejected"], d["rejected_samples"][0]["reason"])'
