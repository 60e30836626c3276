#!/usr/bin/env python3
"""ab.py RUNS BIN_A BIN_B ARG...: runs `BIN ARG...` RUNS times for each binary, alternating
which goes first, stdout discarded, and prints per binary the minimum and median wall time
and the median user and system CPU time. On a shared machine wall time swings with other
load; the CPU times and the minimum wall time are what to compare.

    ab.py 20 old/statuslint build-rel/src/statuslint -q --no-progress --exit-zero -f jsonl -j2 data.log
"""
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, bins, args = int(sys.argv[1]), sys.argv[2:4], sys.argv[4:]
    res = {b: [] for b in bins}
    for i in range(runs):
        for b in bins if i % 2 == 0 else bins[::-1]:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.monotonic()
            subprocess.run([b] + args, stdout=subprocess.DEVNULL)
            wall = time.monotonic() - t
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            res[b].append((wall, r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime))
    for b in bins:
        v = res[b]
        print('%s: wall min %.3f s, median %.3f s; CPU user %.3f s, sys %.3f s (medians of %d)'
              % (b, min(x[0] for x in v), statistics.median(x[0] for x in v),
                 statistics.median(x[1] for x in v), statistics.median(x[2] for x in v), runs))


if __name__ == '__main__':
    main()
