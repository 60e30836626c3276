#!/usr/bin/env bash
# thread_failure.sh FAULT_BIN STATUSLINT SCRATCH: when pthread_create fails for some or all
# worker threads, statuslint warns once, works with the threads it got (or inline), and
# its reports are byte-identical to a -j1 run; it never hangs (each run has a deadline).
# The memory budget is large enough for all 4 threads (-j4: three workers beside the
# engine's own thread), so only the failures reduce them.
set -u
fault=$1 real=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
cd "${SL_SOURCE_DIR:?}"
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/combined.log', 'rb').read() * 700)" \
  > "$scratch/big.log"
fail=0
"$real" --no-progress -j1 -f jsonl --exit-zero "$scratch/big.log" > "$scratch/want.jsonl" 2>/dev/null
[[ -s $scratch/want.jsonl ]] || { echo "FAIL: reference run wrote nothing"; exit 1; }
for ok in 0 1 2 ''; do
  SL_FAULT_THREADS=$ok timeout 120 "$fault" --no-progress --quiet -j4 --memory-budget 1024M -f jsonl --exit-zero \
    "$scratch/big.log" > "$scratch/got$ok.jsonl" 2> "$scratch/err$ok"
  rc=$?
  case $ok in
    0) want_msg='warning: started 0 of 3 worker threads (Resource temporarily unavailable): working inline';;
    '') want_msg=;;
    *) want_msg="warning: started $ok of 3 worker threads (Resource temporarily unavailable): continuing with fewer";;
  esac
  if [[ $rc != 0 ]]; then
    echo "FAIL SL_FAULT_THREADS=$ok: exit $rc (124 is a hang)"; head -5 "$scratch/err$ok"; fail=1; continue
  fi
  if ! cmp -s "$scratch/want.jsonl" "$scratch/got$ok.jsonl"; then
    echo "FAIL SL_FAULT_THREADS=$ok: findings differ from -j1"; fail=1
  fi
  if [[ -n $want_msg ]]; then
    [[ $(grep -c . "$scratch/err$ok") == 1 && $(cat "$scratch/err$ok") == "statuslint: $want_msg" ]] ||
      { echo "FAIL SL_FAULT_THREADS=$ok: stderr is not the one warning:"; head -5 "$scratch/err$ok"; fail=1; }
  elif [[ -s $scratch/err$ok ]]; then
    echo "FAIL unlimited threads: unexpected stderr:"; head -5 "$scratch/err$ok"; fail=1
  fi
  [[ $fail == 0 ]] && echo "ok SL_FAULT_THREADS=${ok:-unset}: same findings as -j1"
done
exit $fail
