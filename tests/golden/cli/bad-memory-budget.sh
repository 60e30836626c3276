statuslint --memory-budget 8M samples/clean.log
