# A log format that does not compile is reported like a rule-file error: FILE:LINE:COL, the
# source line and a caret under the directive or variable. On the command line the option
# is the file and its value the source; in the settings file the position is the value's
# own, through YAML quoting and escapes.
cp samples/clean.log "$TMPDIR/access.log"
cd "$TMPDIR"
statuslint --log-format '$remote_addr [$time_local] "$request" $status ${body-bytes}' access.log 2>&1; echo "exit $?"
statuslint --log-format '%h %l %u %t "%r" %>s %{Referer}Q %b' access.log 2>&1; echo "exit $?"
statuslint --log-format "$(printf '%%h \033[2J %%Z')" access.log 2>&1; echo "exit $?"
printf 'log_format: "%%h\\t%%l %%u %%t \\"%%r\\" %%>s %%Q"\n' > esc.yml
statuslint --config esc.yml access.log 2>&1; echo "exit $?"
printf 'rules: []\nlog_format: >-\n  $remote_addr - $remote_user\n  [$time_local] "$request" $status $\n' > folded.yml
statuslint --config folded.yml access.log 2>&1; echo "exit $?"
# follow reports it the same way, before it reads anything
statuslint follow --config esc.yml access.log 2>&1; echo "exit $?"
