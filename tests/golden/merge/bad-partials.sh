# Bad partials are refused whole: exit 2, one message naming the file (and line) and the
# reason, and nothing written to -o, not even for the good partial beside the bad one.
statuslint -q -f partial -o "$TMPDIR/good.partial" samples/combined.log
statuslint -q -f partial -o "$TMPDIR/clean.partial" samples/clean.log
cd "$TMPDIR" || exit 2
merge() { # merges clean.partial and $1 into out.json; says what became of it
  rm -f out.json
  statuslint merge -f json -o out.json clean.partial "$1" 2>&1
  echo "exit $?, out.json $(if [ -e out.json ]; then echo written; else echo 'not written'; fi)"
}
echo "-- a good pair"; merge good.partial
echo "-- truncated"; head -c 3000 good.partial > cut.partial; merge cut.partial
echo "-- truncated after the end record's first field"; head -c -10 good.partial > cut2.partial; merge cut2.partial
echo "-- wrong magic"; statuslint -q -f jsonl -o report.jsonl "$OLDPWD/samples/combined.log"; merge report.jsonl
echo "-- empty"; : > empty.partial; merge empty.partial
echo "-- newer version"; sed '1s/\t1$/\t2/' good.partial > newer.partial; merge newer.partial
echo "-- corrupted (one byte changed, length kept)"; sed 's/^count\tlines\t/count\tlinez\t/' good.partial > bad.partial; merge bad.partial
echo "-- a record the checksum covers, altered with a new checksum"
python3 - <<'PY'
import re
b = open("good.partial", "rb").read()
body = b[: b.rindex(b"\nend\t") + 1].replace(b"\ncount\tlines\t", b"\ncount\tlines\tx", 1)
h = 0xcbf29ce484222325
for c in body:
    h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
open("resealed.partial", "wb").write(body + b"end\t%d\t%016x\n" % (len(body), h))
PY
merge resealed.partial
echo "-- another rule pack"
printf 'rules:\n  - id: local.teapot\n    title: a teapot\n    severity: info\n    when: status == 418\n    message: "teapot"\n    tests:\n      match: [{status: 418}]\n      no_match: [{status: 200}]\n' > extra.yml
statuslint -q --rules extra.yml -f partial -o extra.partial "$OLDPWD/samples/combined.log"; merge extra.partial
echo "-- ... merged with that pack: the other partial is the odd one"
rm -f out.json; statuslint merge --rules extra.yml -f json -o out.json extra.partial clean.partial 2>&1; echo "exit $?"
echo "-- missing"; merge nosuch.partial
echo "-- a directory"; mkdir -p dir; merge dir
echo "-- bad --kv record"; printf 'statuslint\tnot base64!\n' > bad.kv; rm -f out.json; statuslint merge --kv -f json -o out.json bad.kv 2>&1; echo "exit $?"
echo "-- -o onto a partial it reads"; statuslint merge -f json -o good.partial good.partial 2>&1; echo "exit $?"
