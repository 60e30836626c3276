statuslint --help
