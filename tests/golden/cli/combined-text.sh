# Every combined-expressible built-in rule fires on samples/combined.log: exit 1 (errors).
statuslint --no-progress samples/combined.log
