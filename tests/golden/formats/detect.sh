# --detect names each file's format and why.
statuslint --detect samples/combined.log samples/clean.log
