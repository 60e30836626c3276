# rules explain shows an aggregate rule's key, window, conditions and its tests as sequences of
# lines; rules list marks aggregate and sequence rules (text) and gives their kind (jsonl).
statuslint rules explain agg.5xx-burst-route | sed -n '/^Condition/,/^Message/p'
statuslint rules explain agg.410-resurrected | sed -n '/^Examples that match/,$p'
statuslint rules list | grep -c '\[aggregate\]\|\[sequence\]'
statuslint rules list -f jsonl | grep '"agg\.' | sed 's/.*"id":"\([^"]*\)".*"kind":"\([a-z]*\)".*/\1 \2/'
# The built-in agg.* rules are off until --aggregate asks for them, and explain and list say
# so; one a settings file disables says that instead, with or without --aggregate.
statuslint rules explain agg.5xx-burst-route | sed -n 3p
statuslint rules explain --aggregate agg.5xx-burst-route | sed -n 3p
printf 'disable: [agg.5xx-burst-route]\n' > "$TMPDIR/off.yml"
statuslint rules explain --aggregate --config "$TMPDIR/off.yml" agg.5xx-burst-route | sed -n 3p
statuslint rules list | grep '^agg.5xx-burst-route ' | sed 's/.*\]//'
statuslint rules list --config "$TMPDIR/off.yml" | grep '^agg.5xx-burst-route ' | sed 's/.*\]//'
