# rules explain with a mistyped or partial id suggests the nearest id; rules --help (and
# rules help) is the rules help, not the main help.
statuslint rules explain dav.208-toplevel 2>&1; echo "exit $?"
statuslint rules explain 208-top-level 2>&1; echo "exit $?"
statuslint rules explain no-such-rule-anywhere 2>&1; echo "exit $?"
statuslint rules --help | head -1
statuslint rules help | head -1
statuslint rules explain --help | head -1
statuslint --help | head -1
statuslint rules 2>&1; echo "exit $?"
