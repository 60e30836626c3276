# common.sh: how every benchmark script starts; sourced as `. "$(dirname "$0")/common.sh" RUNS`
# (RUNS: that script's default number of runs). It sets
#   here, root  this folder and the project's top;
#   bin         BIN, or build/src/statuslint (it must have been built);
#   runs        RUNS, or the default given;
#   data        tests/bench/data (made if missing), where generated logs are kept;
# and the 1M-line benchmark log, data/1m.log (genlog.py, seed 1), is generated if missing.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BIN:-$root/build/src/statuslint}
runs=${RUNS:-${1:-5}}
data=$here/data
mkdir -p "$data"
[[ -x $bin ]] || { echo "$(basename "$0"): build statuslint first ($bin)"; exit 2; }
[[ -s $data/1m.log ]] || /usr/bin/python3 "$here/genlog.py" --lines 1000000 --seed 1 > "$data/1m.log"

# shellcheck source=tests/bench/irefs.sh
. "$here/irefs.sh"
