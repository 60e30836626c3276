# A stock combined log prints one short note on stderr: how many rules its format switches
# off and where the whole list is (--detect). Four files of one format: still one note.
statuslint --no-progress -f jsonl -o /dev/null --exit-zero samples/combined.log
statuslint --no-progress -f jsonl -o /dev/null --exit-zero samples/combined.log samples/clean.log 2>&1 | wc -l
statuslint --no-progress -f jsonl -o /dev/null --exit-zero samples/ 2>&1 | awk 'length($0) > 150 {print "long note: " $0}'
# --detect gives the whole list: each missing field, what adds it, the rules it switches on
statuslint --detect samples/combined.log | sed -n '2p;/resp.location/p;/upstream_status/p'
# the count in the note is the count --detect lists
n=$(statuslint --detect samples/combined.log | sed -n 's/.*rules: //p' | wc -w)
echo "rules listed by --detect: $n"
# -q: no note at all
statuslint --no-progress -q -f jsonl -o /dev/null --exit-zero samples/combined.log 2>&1 | wc -l
