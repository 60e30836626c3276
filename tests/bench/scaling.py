#!/usr/bin/env python3
"""scaling.py RUNS LOG HALF1 HALF2 BIN [BIN...]: thread scaling against the machine's own
two-thread ceiling, measured in one run. For each binary it times, in rounds that interleave
every case so that load from elsewhere on the machine hits them all alike:

  j1       BIN -j1 LOG
  j2       BIN -j2 LOG
  2x half  BIN -j1 HALF1 & BIN -j1 HALF2 (two independent processes, the same lines)

and prints a Markdown table: median and fastest wall time of each case, and the ratios
j1/j2 (what -j2 gains) and j1/(2x half) (what two independent single-threaded processes
gain: the ceiling for two threads on this machine), each from the medians of per-round
ratios, and -j2's share of the ceiling. Every run uses the whole default pack and writes
JSON Lines to /dev/null; a run that fails stops the script.
"""
import resource
import statistics
import subprocess
import sys
import time

ARGS = ['--exit-zero', '--no-progress', '-q', '-f', 'jsonl', '-o', '/dev/null']


def timed(cmds):
    """Wall time and CPU time (user + system, all processes) of cmds run at once."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL) for c in cmds]
    for p, c in zip(procs, cmds):
        if p.wait() != 0:
            sys.exit('scaling.py: %s exited %d' % (' '.join(c), p.returncode))
    wall = time.monotonic() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    runs, log, h1, h2, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    cases = {}
    for b in bins:
        cases[(b, 'j1')] = [[b, '-j1'] + ARGS + [log]]
        cases[(b, 'j2')] = [[b, '-j2'] + ARGS + [log]]
        cases[(b, 'half')] = [[b, '-j1'] + ARGS + [h1], [b, '-j1'] + ARGS + [h2]]
    for c in cases.values():  # warm-up: page cache, JIT of the loader
        timed(c)
    res = {k: [] for k in cases}
    keys = list(cases)
    for i in range(runs):
        for k in keys if i % 2 == 0 else keys[::-1]:
            res[k].append(timed(cases[k]))
    print('| binary | -j1 median (fastest) | -j2 median (fastest) | 2 x -j1 on halves median (fastest) '
          '| -j2 / -j1 | ceiling | -j2 share of the ceiling | CPU -j1 / -j2 / halves |')
    print('|---|---|---|---|---|---|---|---|')
    for b in bins:
        j1, j2, half = ([w for w, _ in res[(b, k)]] for k in ('j1', 'j2', 'half'))
        cpu = [statistics.median(c for _, c in res[(b, k)]) for k in ('j1', 'j2', 'half')]
        up = statistics.median(a / c for a, c in zip(j1, j2))
        ceil = statistics.median(a / c for a, c in zip(j1, half))
        print('| %s | %.3f s (%.3f) | %.3f s (%.3f) | %.3f s (%.3f) | %.2fx | %.2fx | %.0f%% '
              '| %.3f / %.3f / %.3f s |'
              % (b, statistics.median(j1), min(j1), statistics.median(j2), min(j2),
                 statistics.median(half), min(half), up, ceil, 100 * up / ceil, *cpu))
    print('\n%d rounds; ratios are medians of the per-round ratios; CPU is user + system, '
          'median.' % runs)


if __name__ == '__main__':
    main()
