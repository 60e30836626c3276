statuslint --fail-on sometimes samples/clean.log
