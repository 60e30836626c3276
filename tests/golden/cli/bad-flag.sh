statuslint --bogus samples/clean.log
