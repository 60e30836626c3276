#!/usr/bin/env python3
"""limits.py: bounded memory and bounded time whatever the input or the thread count
(ctest label `hostile`), checked through the statuslint command line. Subcommands:
  regex BIN WORK      a pattern the pcre2 JIT does not count (.*[xX].*[yY]) over 60 KB and
                      400 KB values finishes promptly, warns once naming the rule, and still
                      finds a match on a short value
  findings BIN WORK   10 rules that match every line: peak memory stays under 32 MiB at -j8,
                      and the findings are byte-identical for -j1, -j2 and -j8
  threads BIN WORK    a 64 MB log: peak memory under 32 MiB at -j16 and -j64
  decoders BIN WORK   an xz stream with a 192 MiB dictionary and a zstd --long=27 frame: with
                      the default budget an input error naming --memory-budget (not "corrupt"),
                      under 32 MiB; with the budget it names, the same findings as the plain log
Each prints every failure it finds and exits 1 if there was one (the zstd case is skipped,
with a note, when the zstd tool is missing). Peak memory is the child's ru_maxrss; under a
sanitizer build (SL_SANITIZE set) the bound is 96 MiB instead of 32."""
import hashlib, json, lzma, os, re, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
# Sanitizers add shadow memory and a quarantine (about 2.5x here): the bound then only
# catches growth with the input or -j, which is what the earlier code showed.
LIMIT_MIB = 96.0 if os.environ.get('SL_SANITIZE') else 32.0
failures = []


def fail(what):
    failures.append(what)
    print('FAIL: ' + what, flush=True)


def ok(nfail_before, what):
    """Prints an ok line for a step only if it added no failure."""
    if len(failures) == nfail_before:
        print('ok ' + what, flush=True)


def run(args, timeout=120):
    """(returncode, stdout, stderr, seconds); None when it timed out."""
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        fail('timed out after %ds: %s' % (timeout, ' '.join(args[:8])))
        return None
    return p.returncode, out, err.decode('utf-8', 'replace'), time.monotonic() - t0


def peak_of(args, timeout=120):
    """Peak memory of one run measured on its own (a fresh interpreter keeps RUSAGE_CHILDREN
    from mixing runs)."""
    code = ('import resource,subprocess,sys\n'
            'p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n'
            'sys.stderr.buffer.write(p.stderr)\n'
            'print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n')
    try:
        r = subprocess.run([sys.executable, '-c', code] + args, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail('timed out after %ds: %s' % (timeout, ' '.join(args[:8])))
        return None
    rc, kib = r.stdout.split()
    return int(rc), int(kib) / 1024.0, r.stderr.decode('utf-8', 'replace')


def sample_log(size):
    data = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    return (data * (size // len(data) + 1))[:size].rsplit(b'\n', 1)[0] + b'\n'


def line_with_agent(agent):
    return (b'203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "'
            + agent + b'"\n')


def summary(stdout):
    try:
        return json.loads(stdout)['summary']
    except (ValueError, KeyError) as e:
        fail('the json report does not parse: %s' % e)
        return {}


def cmd_regex(bin_, work):
    rules = os.path.join(work, 'slow.yml')
    open(rules, 'w').write('rules:\n  - id: t.slow-regex\n    title: t\n    severity: error\n'
                           '    when: user_agent =~ ".*[xX].*[yY]"\n    message: m\n')
    log = os.path.join(work, 'slow.log')
    # a 'y' before the x's keeps pcre2's required-character check from failing fast
    with open(log, 'wb') as f:
        for _ in range(10):
            f.write(line_with_agent(b'y' + b'x' * 60000))
        f.write(line_with_agent(b'y' + b'x' * 400000))
        f.write(line_with_agent(b'ax-by'))  # short: must still match
    for j in (1, 2):
        r = run([bin_, '--no-progress', '--no-default-rules', '--rules', rules, '-f', 'json',
                 '-j', str(j), log], timeout=60)
        if r is None:
            continue
        rc, out, err, took = r
        tag, n0 = 'regex -j%d' % j, len(failures)
        if rc not in (0, 1):
            fail('%s: exit status %d: %s' % (tag, rc, err[:400]))
        if took > 10:
            fail('%s: took %.1fs for 12 lines (regex work is not bounded)' % (tag, took))
        s = summary(out)
        if s.get('lines') != 12 or s.get('records') != 12:
            fail('%s: expected 12 lines, all records: %r' % (tag, {k: s.get(k) for k in ('lines', 'records', 'rejected')}))
        if s.get('findings', {}).get('error') != 1:
            fail('%s: the short value must still match once: %r' % (tag, s.get('findings')))
        warn = [l for l in err.splitlines() if 'regex match' in l]
        if len(warn) != 1 or 't.slow-regex' not in warn[0] or not re.search(r'warning: 11 regex matches', warn[0]):
            fail('%s: expected one warning naming t.slow-regex for 11 give-ups, got %r' % (tag, warn))
        ok(n0, '%s (%.2fs)' % (tag, took))


def cmd_findings(bin_, work):
    rules = os.path.join(work, 'all.yml')
    with open(rules, 'w') as f:
        f.write('rules:\n')
        for i in range(10):
            f.write('  - id: t.all-%02d\n    title: t\n    severity: info\n    when: status >= 0\n'
                    '    message: "{method} {path} answered {status}"\n' % i)
    log = os.path.join(work, 'all.log')
    open(log, 'wb').write(sample_log(4 << 20))
    digests = {}
    for j in (1, 2, 8):
        out = os.path.join(work, 'all-j%d.jsonl' % j)
        r = peak_of([bin_, '--no-progress', '-q', '--exit-zero', '--no-default-rules', '--rules', rules,
                     '-f', 'jsonl', '-o', out, '-j', str(j), log], timeout=300)
        if r is None:
            continue
        rc, peak, err = r
        n0 = len(failures)
        if rc != 0:
            fail('findings -j%d: exit status %d: %s' % (j, rc, err[:300]))
        if peak > LIMIT_MIB:
            fail('findings -j%d: peak memory %.1f MiB > %.0f MiB (findings in flight unbounded)' % (j, peak, LIMIT_MIB))
        h, size = hashlib.sha256(), 0
        if os.path.exists(out):
            with open(out, 'rb') as f:
                for block in iter(lambda: f.read(1 << 20), b''):
                    h.update(block)
                    size += len(block)
            os.unlink(out)
        digests[j] = (h.hexdigest(), size)
        ok(n0, 'findings -j%d: %.1f MiB, %d bytes of jsonl' % (j, peak, size))
    if 1 in digests and digests[1][1] < (50 << 20):
        fail('findings: -j1 wrote only %d bytes of findings' % digests[1][1])
    for j in (2, 8):
        if j in digests and 1 in digests and digests[j] != digests[1]:
            fail('findings: -j%d output differs from -j1' % j)


def cmd_threads(bin_, work):
    log = os.path.join(work, 'big.log')
    open(log, 'wb').write(sample_log(64 << 20))
    for j in (16, 64):
        r = peak_of([bin_, '--no-progress', '-q', '--exit-zero', '-f', 'jsonl', '-j', str(j), log], timeout=300)
        if r is None:
            continue
        rc, peak, err = r
        n0 = len(failures)
        if rc != 0:
            fail('threads -j%d: exit status %d: %s' % (j, rc, err[:300]))
        if peak > LIMIT_MIB:
            fail('threads -j%d: peak memory %.1f MiB > %.0f MiB' % (j, peak, LIMIT_MIB))
        ok(n0, 'threads -j%d: %.1f MiB' % (j, peak))
    r = run([bin_, '--no-progress', '--exit-zero', '-f', 'jsonl', '-j', '16', os.devnull])
    if r and not re.search(r'note: 16 threads need --memory-budget \d+M', r[2]):
        fail('threads: no note that -j16 needs a larger --memory-budget: %r' % r[2][:300])


def check_decoder(bin_, work, name, path, plain_findings):
    r = peak_of([bin_, '--no-progress', '-q', '-f', 'jsonl', '-j', '2', path], timeout=120)
    if r is None:
        return
    rc, peak, err = r
    tag, n0 = 'decoders %s' % name, len(failures)
    m = re.search(r'--memory-budget (\d+)M', err)
    if rc != 2 or os.path.basename(path) not in err or not m or 'needs' not in err:
        fail('%s: expected exit 2 and a message naming the file and --memory-budget, got %d: %r'
             % (tag, rc, err[:400]))
    if 'corrupt' in err:
        fail('%s: a well-formed large-window stream is called corrupt: %r' % (tag, err[:300]))
    if peak > LIMIT_MIB:
        fail('%s: peak memory %.1f MiB > %.0f MiB with the default budget' % (tag, peak, LIMIT_MIB))
    if not m:
        return
    out = os.path.join(work, name + '.jsonl')
    r = run([bin_, '--no-progress', '-q', '--exit-zero', '--memory-budget', m.group(1) + 'M',
             '-f', 'jsonl', '-o', out, '-j', '2', path])
    if r is None:
        return
    if r[0] != 0:
        fail('%s: with --memory-budget %sM: exit %d: %s' % (tag, m.group(1), r[0], r[2][:300]))
    got = [json.loads(l)['line'] for l in open(out, 'rb')] if os.path.exists(out) else []
    if got != plain_findings:
        fail('%s: with the budget it names, %d findings instead of the plain log\'s %d'
             % (tag, len(got), len(plain_findings)))
    ok(n0, '%s (%.1f MiB refused; read with --memory-budget %sM)' % (tag, peak, m.group(1)))


def cmd_decoders(bin_, work):
    data = sample_log(40 << 20)
    plain = os.path.join(work, 'plain.log')
    open(plain, 'wb').write(data)
    ref = os.path.join(work, 'plain.jsonl')
    r = run([bin_, '--no-progress', '-q', '--exit-zero', '-f', 'jsonl', '-o', ref, '-j', '2', plain])
    if r is None or r[0] != 0:
        fail('decoders: the plain log did not run: %r' % (r and r[2][:300]))
        return
    want = [json.loads(l)['line'] for l in open(ref, 'rb')]
    xz = os.path.join(work, 'dict192.log.xz')
    open(xz, 'wb').write(lzma.compress(data, format=lzma.FORMAT_XZ, filters=[
        {'id': lzma.FILTER_LZMA2, 'dict_size': 192 << 20, 'mf': lzma.MF_HC3,
         'mode': lzma.MODE_FAST, 'nice_len': 8, 'depth': 4}]))
    check_decoder(bin_, work, 'xz', xz, want)
    if shutil.which('zstd'):
        zst = os.path.join(work, 'long27.log.zst')
        subprocess.run(['zstd', '-q', '-f', '--long=27', plain, '-o', zst], check=True)
        check_decoder(bin_, work, 'zstd', zst, want)
    else:
        print('SKIPPED: zstd --long=27 (no zstd tool)', flush=True)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('regex', 'findings', 'threads', 'decoders'):
        sys.exit(__doc__)
    cmd, bin_, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    globals()['cmd_' + cmd](bin_, work)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
