statuslint -f jsonl -f json samples/clean.log
