#!/usr/bin/env python3
"""aggregate.py STATUSLINT WORKDIR: aggregate rules against a flood of keys.

A million lines, each from a new client for a new target answered 410, give the pack's
aggregate rules two million keys: the tables must keep their fixed size (evictions counted,
the same for -j1 and -j2), memory must not grow with the keys (peak RSS with the default 4 MiB
of tables no more than 5 MiB over a run with 256 KiB, and under 32 MiB in all), and the one
real pattern planted in the flood (five identical requests answered 404) is still found."""
import json
import os
import resource
import subprocess
import sys

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL ' + msg)


def ok(msg):
    print('ok   ' + msg)


def peak_rss_kib(args):
    probe = ('import resource, subprocess, sys\n'
             'rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n'
             'print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n')
    r = subprocess.run([sys.executable, '-c', probe] + args, capture_output=True, timeout=300)
    rc, kib = r.stdout.split()
    return int(rc), int(kib)


def main():
    exe, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, 'flood.log')
    n = 1000000
    with open(log, 'w') as f:
        for i in range(n):
            s = i // 500  # 500 lines a second
            ts = '24/Nov/2026:%02d:%02d:%02d +0000' % (10 + s // 3600, s // 60 % 60, s % 60)
            if i % 100000 < 5:  # the planted retrier
                f.write('198.51.100.1 - - [%s] "GET /retry HTTP/1.1" 404 0 "-" "r"\n' % ts)
                continue
            f.write('10.%d.%d.%d - - [%s] "GET /g/%d HTTP/1.1" 410 0 "-" "u"\n'
                    % (i >> 16 & 255, i >> 8 & 255, i & 255, ts, i))
    base = [exe, '--aggregate', '-q', '--no-progress', '--exit-zero', '--log-format', 'combined']
    outs = []
    for j in ('1', '2'):
        out = os.path.join(work, 'j%s.json' % j)
        r = subprocess.run(base + ['-j' + j, '-f', 'json', '-o', out, log], capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            fail('-j%s exit %d: %s' % (j, r.returncode, r.stderr[-300:]))
            return 1
        d = json.load(open(out))
        for k in ('seconds', 'started', 'finished'):
            d['summary'].pop(k, None)
        outs.append(d)
    agg = outs[0]['summary']['aggregate']
    retry, gone = agg['agg.retry-nonretryable-4xx'], agg['agg.410-resurrected']
    if outs[0] != outs[1]:
        fail('-j1 and -j2 differ')
    else:
        ok('-j1 == -j2 over %d lines' % n)
    for name, a in (('retry', retry), ('410', gone)):
        if a['lines'] < n - 100 or a['evicted'] < a['lines'] - a['keys'] - 100 or a['keys'] >= 200000:
            fail('%s: %r: expected every key beyond the table evicted' % (name, a))
        else:
            ok('%s: %d lines, %d keys kept, %d evicted' % (name, a['lines'], a['keys'], a['evicted']))
    found = [f for f in outs[0]['findings'] if f['rule'] == 'agg.retry-nonretryable-4xx']
    if len(found) != 10 or any(f['count'] != 5 or f['path'] != '/retry' for f in found):
        fail('planted retrier: %d findings %r' % (len(found), [(f['path'], f['count']) for f in found[:3]]))
    else:
        ok('planted retrier found 10 times in the flood, count 5 each')
    sanitized = bool(os.environ.get('SL_SANITIZE'))
    if not sanitized:
        with open(exe, 'rb') as f:
            data = f.read()
            sanitized = b'__asan_init' in data or b'__tsan_init' in data
    rc1, small = peak_rss_kib(base + ['-j2', '-f', 'jsonl', '--aggregate-memory', '256K', log])
    rc2, full = peak_rss_kib(base + ['-j2', '-f', 'jsonl', log])
    if rc1 or rc2 or full - small > (10 if sanitized else 5) * 1024 or (not sanitized and full > 32 * 1024):
        fail('peak RSS %d KiB with 4 MiB of tables, %d KiB with 256 KiB (exit %d %d)'
             % (full, small, rc1, rc2))
    else:
        ok('peak RSS %d KiB with 4 MiB of tables, %d KiB with 256 KiB' % (full, small))
    os.unlink(log)
    print('%d failure(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
