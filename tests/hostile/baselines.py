#!/usr/bin/env python3
"""baselines.py: hostile baseline files, checked through the statuslint command line
(ctest label `hostile`). Prints every failure and exits 1 if there was one.
  usage: baselines.py BIN WORK
Cases: --baseline /dev/zero and /dev/urandom end promptly with an error; a NUL-filled file
(a crash while writing) is an error, not an empty baseline; a directory, an over-long line
and a FIFO nobody writes to neither hang nor pass silently; a file with more entries than
the table holds is an error; a run with more distinct findings than a baseline holds
refuses to write a shortened one, for --write-baseline and --update-baseline alike."""
import os, shutil, subprocess, sys

failures = []
MAX = 1 << 21      # SL_BASELINE_MAX
LINE = b'203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /api/items HTTP/1.1" 600 0 "-" "c"\n'

def fail(what):
    failures.append(what)
    print('FAIL: ' + what, flush=True)

def run(args, timeout=60):
    try:
        return subprocess.run(args, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail('timed out after %ds (a hang): %r' % (timeout, args))
        return None

def expect_error(tag, r, *words):
    if r is None: return
    err = r.stderr.decode('utf-8', 'replace')
    if r.returncode != 2:
        fail('%s: exit %d, want 2 (stderr: %s)' % (tag, r.returncode, err.strip()[:300]))
    for w in words:
        if w not in err:
            fail('%s: stderr lacks %r: %s' % (tag, w, err.strip()[:300]))
    if r.returncode == 2: print('ok: %s: %s' % (tag, err.strip().splitlines()[-1][:160]), flush=True)

def lint(bin_, log, *opts, timeout=60):
    return run([bin_, '-q', '--no-progress', *opts, '-f', 'jsonl', '-o', os.devnull, log], timeout)

def letters(n):
    """A path segment the fingerprint keeps as is (no digits or long hex)."""
    s = ''
    for _ in range(5):
        s = 'ghijklmnopqrstuvwxyz'[n % 20] + s
        n //= 20
    return s

def main():
    if len(sys.argv) != 3: sys.exit(__doc__)
    bin_, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = os.path.join(work, 'a.log')
    open(log, 'wb').write(LINE)

    for dev in ('/dev/zero', '/dev/urandom'):
        if os.path.exists(dev):
            expect_error('--baseline ' + dev, lint(bin_, log, '--baseline', dev, timeout=30), dev)
    if os.path.exists('/dev/zero'):
        expect_error('--update-baseline /dev/zero', lint(bin_, log, '--update-baseline', '/dev/zero', timeout=30),
                     'NUL byte')

    nul = os.path.join(work, 'nul.baseline')
    open(nul, 'wb').write(b'\0' * 65536)
    for opt in ('--baseline', '--update-baseline'):
        expect_error(opt + ' NUL-filled', lint(bin_, log, opt, nul), 'nul.baseline:1: NUL byte', 'damaged')
    if open(nul, 'rb').read() != b'\0' * 65536:
        fail('--update-baseline replaced a damaged baseline it could not read')

    expect_error('--baseline DIR', lint(bin_, log, '--baseline', work), 'is a directory')
    long_ = os.path.join(work, 'long.baseline')
    open(long_, 'wb').write(b'0123456789abcdef r ' + b'x' * 100000 + b'\n')
    expect_error('over-long line', lint(bin_, log, '--baseline', long_), 'long.baseline:1: line too long')

    fifo = os.path.join(work, 'fifo')
    os.mkfifo(fifo)
    r = lint(bin_, log, '--baseline', fifo, timeout=20)   # no writer: must not block forever
    if r is not None: print('ok: --baseline FIFO without a writer ends (exit %d)' % r.returncode)
    for opt in ('--update-baseline', '--write-baseline'):
        expect_error(opt + ' FIFO', lint(bin_, log, opt, fifo, timeout=20), 'FIFO')

    big = os.path.join(work, 'big.baseline')
    with open(big, 'wb') as f:
        f.write(b''.join(b'%016x r\n' % (i * 2654435761 + 1) for i in range(MAX + 1)))
    expect_error('%d entries' % (MAX + 1), lint(bin_, log, '--baseline', big, timeout=120),
                 'big.baseline:%d: more than %d entries' % (MAX + 1, MAX))

    many = os.path.join(work, 'many.log')
    with open(many, 'wb') as f:
        head = b'203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /'
        f.write(b''.join(head + letters(i).encode() + b' HTTP/1.1" 600 0 "-" "c"\n' for i in range(MAX + 5)))
    for opt in ('--write-baseline', '--update-baseline'):
        out = os.path.join(work, 'out.baseline')
        open(out, 'wb').write(b'# the previous night\n')
        expect_error(opt + ' over the limit', lint(bin_, many, '--exit-zero', opt, out, timeout=300),
                     'not written: 5 more findings than a baseline holds')
        if open(out, 'rb').read() != b'# the previous night\n':
            fail(opt + ': a shortened baseline replaced the old one')
    print('%d failure(s)' % len(failures))
    if not failures: shutil.rmtree(work, ignore_errors=True)   # some 300 MB of inputs
    sys.exit(1 if failures else 0)

main()
