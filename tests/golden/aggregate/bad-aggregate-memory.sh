# --aggregate-memory takes a size from 256K to 1G; anything else is a usage error (exit 2).
statuslint --aggregate-memory 100K samples/clean.log; echo "exit $?"
statuslint --aggregate-memory lots samples/clean.log; echo "exit $?"
