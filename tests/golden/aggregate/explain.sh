# rules explain shows an aggregate rule's key, window, conditions and its tests as sequences of
# lines; rules list marks aggregate and sequence rules (text) and gives their kind (jsonl).
statuslint rules explain agg.5xx-burst-route | sed -n '/^Condition/,/^Message/p'
statuslint rules explain agg.410-resurrected | sed -n '/^Examples that match/,$p'
statuslint rules list | grep -c '\[aggregate\]\|\[sequence\]'
statuslint rules list -f jsonl | grep '"agg\.' | sed 's/.*"id":"\([^"]*\)".*"kind":"\([a-z]*\)".*/\1 \2/'
