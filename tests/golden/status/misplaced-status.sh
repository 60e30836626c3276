# A --log-format that puts $status where the log has a '-' (here the ident column, with the
# real status read as $request_length) parsed every line, found nothing and exited 0. No
# line has a status, so the file is an input error: exit 2, naming the file and the reason.
cd "$TMPDIR" && cp "$OLDPWD/samples/clean.log" access.log
statuslint --no-progress -f jsonl --log-format '$remote_addr $status $remote_user [$time_local] "$request" $request_length $body_bytes_sent "$http_referer" "$http_user_agent"' access.log
echo "exit $?"
