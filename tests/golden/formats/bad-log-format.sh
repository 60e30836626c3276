# A bad --log-format string is a usage error naming the problem.
statuslint --log-format '%h %{Referer' samples/clean.log
