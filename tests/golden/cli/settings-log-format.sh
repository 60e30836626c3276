# A bad log_format in the settings file is reported at its file:line:col, pointing at the
# character in the settings file (not at a column of the --log-format option).
cp samples/clean.log "$TMPDIR/access.log"
cd "$TMPDIR"
printf 'fail_on: error\nlog_format: "%%h %%{Referer"\n' > s.yml
statuslint --config s.yml access.log 2>&1; echo "exit $?"
printf 'log_format: |-\n  $remote_addr [$time_local]\n  "$request" $status ${body\n' > block.yml
statuslint --config block.yml access.log 2>&1; echo "exit $?"
# --log-format on the command line wins over the settings and keeps its own message
statuslint --config s.yml --log-format '%h %{Referer' access.log 2>&1; echo "exit $?"
