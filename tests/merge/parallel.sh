#!/usr/bin/env bash
# parallel.sh: the GNU parallel recipe of docs/partial.md, run for real: one statuslint
# -f partial per file, three at a time, then one merge; the reports must equal one run over
# the same files (wall-clock fields masked). Skipped where GNU parallel is absent.
# usage: parallel.sh STATUSLINT WORKDIR
set -u
sl=$1 work=$2
command -v parallel > /dev/null || { echo "SKIPPED: GNU parallel is not installed (apt-get install parallel)"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/archive" "$work/partials"
cd "$work" || exit 1
/usr/bin/python3 -c "import sys; sys.path.insert(0, '$here'); import merge_property as m; m.build_archive('archive', None)"
mapfile -t files < <(find archive -type f | LC_ALL=C sort)
# one run per file: aggregate windows across files are not joined (docs/partial.md), so the
# comparison with one run is made with the aggregate rules off
cfg=$(/usr/bin/python3 -c "import sys; sys.path.insert(0, '$here'); import merge_property as m; print(m.no_aggregate_config('$sl', 'no-aggregate.yml'))")
# the recipe
printf '%s\n' "${files[@]}" | parallel --will-cite -j3 "$sl" --config "$cfg" -q --no-progress -f partial -o "partials/{#}.partial" {}
"$sl" merge --config "$cfg" -f json -o merged.json -f jsonl -o merged.jsonl -f text -o merged.text partials/*.partial
rc=$?
# the same files in one run
"$sl" --config "$cfg" -q --no-progress -f json -o single.json -f jsonl -o single.jsonl -f text -o single.text "${files[@]}"
src=$?
[[ $rc == "$src" ]] || { echo "FAIL: merge exit $rc, single run $src"; exit 1; }
mask() { sed -E 's/"(started|finished)":"[^"]*"//g; s/"seconds":[0-9.]+//g; s/\([0-9.]+ s\)//g' "$1"; }
for f in json jsonl text; do
  cmp <(mask "merged.$f") <(mask "single.$f") || { echo "FAIL: $f differs"; exit 1; }
done
n=$(ls partials | wc -l)
echo "ok: ${#files[@]} files, $n partials from GNU parallel, merged reports equal one run (exit $rc)"
