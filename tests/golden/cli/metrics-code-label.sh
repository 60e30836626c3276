# The Prometheus/OpenMetrics `code` label is always three digits: a logged 099 or 7 is
# code="099" / code="007" (class other), like every registered code.
printf 'status,method,path\n099,GET,/a\n7,GET,/b\n200,GET,/c\n' > "$TMPDIR/c.csv"
statuslint --no-progress -q -f prometheus --exit-zero "$TMPDIR/c.csv" | grep '^statuslint_last_run_responses{'
statuslint --no-progress -q -f openmetrics --exit-zero "$TMPDIR/c.csv" | grep '^statuslint_last_run_responses{'
