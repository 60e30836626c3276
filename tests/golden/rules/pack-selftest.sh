# Every built-in rule passes its own match/no_match tests.
statuslint rules test | tail -1
