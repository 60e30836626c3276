# A realistic log with no error-level finding exits 0 and prints the summary.
statuslint --no-progress samples/clean.log
