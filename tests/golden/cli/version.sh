# --version: the project(VERSION) of CMakeLists.txt, the commit (HEAD when built from a git checkout),
# then one "name value" line per compiled-in feature; -f json says the same as one object.
want=$(sed -n 's/^project(statuslint VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
head=$(git rev-parse HEAD 2>/dev/null || echo unknown)
statuslint --version > "$TMPDIR/v.txt"
statuslint --version -f json > "$TMPDIR/v.json"
/usr/bin/python3 - "$want" "$head" "$TMPDIR/v.txt" "$TMPDIR/v.json" <<'PY'
import json, re, sys
want, head, txt, js = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), json.load(open(sys.argv[4]))
lines = txt.splitlines()
assert lines[0] == "statuslint " + want, lines[0]
text = dict(l.split(" ", 1) for l in lines[1:])
commit = text.pop("commit")
assert js["version"] == want and js["commit"] == commit, (js, commit)
if head == "unknown":  # no checkout: a git archive tarball's commit, or unknown
    assert commit == "unknown" or re.fullmatch(r"[0-9a-f]{7,40}", commit), commit
else:  # git describe: HASH, or TAG-N-gHASH; -dirty when the tree had edits at configure time
    h = re.sub(r"-dirty$", "", commit).rsplit("-g", 1)[-1]
    assert re.fullmatch(r"[0-9a-f]{7,40}", h) and head.startswith(h), (commit, head)
feats = js["features"]
assert list(text) == list(feats), (list(text), list(feats))
for k, v in feats.items():  # text "no" <-> false; a version string or "yes" <-> true for pcre2_jit
    assert (text[k] == "no") == (v is False), (k, text[k], v)
    if isinstance(v, str):
        assert text[k] == v and re.match(r"\d+\.\d+", v), (k, v)
for k in ("zlib", "pcre2", "libyaml", "libcsv"):  # always linked
    assert isinstance(feats[k], str), k
assert isinstance(feats["pcre2_jit"], bool)
print("features:", " ".join(feats))
PY
statuslint --version -f sarif; echo "exit $?"
