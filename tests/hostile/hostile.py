#!/usr/bin/env python3
"""hostile.py: the hostile-input checks of ctest label `hostile`, run against the built
statuslint. Each subcommand prints every failure it finds and exits 1 if there was one:
  inputs BIN WORK       every generated input (gen_inputs.py) x every output format x -j1/-j2:
                        no signal, exit <= 2, accounting, no raw control byte, JSON/XML parse,
                        findings identical for -j1 and -j2
  compressed BIN WORK   gzip/zstd/bzip2/xz cut short or corrupted: exit 2, stderr names the file
                        and the compressed byte offset, findings before the damage reported
  rules BIN WORK        broken rule files: all errors at once with file:line:col, exit 2;
                        a catastrophic regex finishes promptly and reports the limit
  outputs BIN WORK      kill -9 keeps the old report; `| head -1` ends quietly; -o /dev/full
  stderr BIN WORK       file names with ESC/BEL come out escaped in messages on stderr
It checks behaviour only through the command line; it never edits the program."""
import json, os, re, shutil, signal, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import failures, fail, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
FORMATS = ['text', 'jsonl', 'json', 'sarif', 'codequality', 'junit', 'github', 'prometheus', 'openmetrics']
EXT = {'text': 'txt', 'jsonl': 'jsonl', 'json': 'json', 'sarif': 'sarif', 'codequality': 'cq.json',
       'junit': 'xml', 'github': 'gh', 'prometheus': 'prom', 'openmetrics': 'om'}
BAD_BYTES = re.compile(rb'[\x00-\x08\x0b-\x1f\x7f]')


def physical_lines(data):
    return data.count(b'\n') + (1 if data and not data.endswith(b'\n') else 0)

def decompressed(path):
    data = open(path, 'rb').read()
    if data[:2] == b'\x1f\x8b':
        import gzip
        return gzip.decompress(data)
    return data

def check_summary(tag, doc, want_lines):
    s = doc.get('summary', {})
    total = s.get('records', 0) + s.get('rejected', 0) + s.get('skipped', 0)
    if s.get('lines') != total:
        fail('%s: lines %s != records + rejected + skipped %s' % (tag, s.get('lines'), total))
    if want_lines is not None and s.get('lines') != want_lines:
        fail('%s: summary counts %s lines, the input has %d' % (tag, s.get('lines'), want_lines))

def check_report(tag, fmt, data):
    m = BAD_BYTES.search(data)
    if m:
        fail('%s: raw control byte %r at offset %d: %r' % (tag, m.group(), m.start(),
                                                            data[max(0, m.start() - 40):m.start() + 10]))
    if fmt in ('json', 'sarif', 'codequality'):
        try:
            return json.loads(data)
        except ValueError as e:
            fail('%s: does not parse as JSON: %s' % (tag, e))
    elif fmt == 'jsonl':
        for i, line in enumerate(data.splitlines()):
            try:
                json.loads(line)
            except ValueError as e:
                fail('%s: line %d does not parse as JSON: %s' % (tag, i + 1, e))
                break
    return None

def xml_ok(tag, path):
    if not shutil.which('xmllint'):
        return
    r = run(['xmllint', '--noout', path])
    if r and r.returncode != 0:
        fail('%s: xmllint: %s' % (tag, r.stderr.decode('utf-8', 'replace')[:300]))

def one_run(bin_, path, out, threads):
    args = [bin_, '--exit-zero', '--no-progress', '-j', str(threads)]
    for fmt in FORMATS:
        args += ['-f', fmt, '-o', os.path.join(out, 'report.' + EXT[fmt])]
    return run(args + [path], timeout=300)

def cmd_inputs(bin_, work):
    gen = os.path.join(work, 'in')
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, 'gen_inputs.py'), gen], check=True)
    for name in sorted(os.listdir(gen)):
        path = os.path.join(gen, name)
        want = physical_lines(decompressed(path))
        findings = {}
        for threads in (1, 2):
            tag = '%r -j%d' % (name, threads)
            out = os.path.join(work, 'out', '%s.j%d' % (name.encode('unicode_escape').decode(), threads))
            os.makedirs(out, exist_ok=True)
            r = one_run(bin_, path, out, threads)
            if r is None:
                continue
            if r.returncode < 0:
                fail('%s: killed by signal %d: %s' % (tag, -r.returncode, r.stderr[-500:]))
                continue
            if r.returncode > 2:
                fail('%s: exit status %d' % (tag, r.returncode))
            for fmt in FORMATS:
                p = os.path.join(out, 'report.' + EXT[fmt])
                if not os.path.exists(p):
                    fail('%s: no %s report written' % (tag, fmt))
                    continue
                data = open(p, 'rb').read()
                doc = check_report('%s %s' % (tag, fmt), fmt, data)
                if fmt == 'json' and doc is not None:
                    check_summary(tag, doc, want)
                if fmt == 'junit':
                    xml_ok(tag + ' junit', p)
                if fmt == 'jsonl':
                    findings[threads] = data
        if len(findings) == 2 and findings[1] != findings[2]:
            fail('%r: findings differ between -j1 and -j2' % name)
        print('checked %s (%d lines)' % (name.encode('unicode_escape').decode(), want), flush=True)

def varied_log():
    """About 3 MB of sample lines made unique (a counter in each query), so compressed blocks
    are many and a cut leaves whole blocks before the damage."""
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read().splitlines()
    out, n = [], 0
    while sum(map(len, out)) < 3_000_000:
        for line in sample:
            n += 1
            out.append(re.sub(rb'"([A-Z]+) (\S+) ', lambda m: b'"%s %s%sn=%d ' % (
                m.group(1), m.group(2), b'&' if b'?' in m.group(2) else b'?', n), line, count=1))
    return b'\n'.join(out) + b'\n'

def cmd_stderr(bin_, work):
    """Messages on stderr quote file names (notices, read errors): a name holding ESC or BEL
    must come out escaped, as in the text report."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    name = os.path.join(work, 'esc\x1b[31m-bel\x07-name.log')
    open(name, 'wb').write(sample)
    import gzip
    open(name + '.gz', 'wb').write(gzip.compress(sample)[:200])
    for path in (name, name + '.gz', name + '.missing'):
        r = run([bin_, '--no-progress', '-f', 'jsonl', '-o', os.devnull, path])
        if r is None:
            continue
        m = BAD_BYTES.search(r.stderr)
        if m:
            fail('stderr for %r: raw control byte %r in %r' % (os.path.basename(path), m.group(),
                 r.stderr[max(0, m.start() - 60):m.start() + 20]))
        print('checked stderr for %r' % os.path.basename(path), flush=True)

def damaged_inputs():
    """(name, bytes, reference decoder) for each compressor: cut at 60 %, and a corrupted middle."""
    plain = varied_log()
    tools = {'gzip': 'gzip', 'zstd': 'zstd', 'bzip2': 'bzip2', 'xz': 'xz'}
    for kind, tool in tools.items():
        if not shutil.which(tool):
            print('note: %s missing, its damaged files are not tested' % tool)
            continue
        comp = subprocess.run([tool, '-q', '-c'], input=plain, capture_output=True, check=True).stdout
        yield '%s-cut' % kind, comp[:len(comp) * 6 // 10], tool
        bad = bytearray(comp)
        mid = len(bad) * 6 // 10
        for i in range(mid, min(len(bad), mid + 64)):
            bad[i] ^= 0x5a
        yield '%s-corrupt' % kind, bytes(bad), tool

def reference_lines(tool, path):
    """Complete lines the reference tool decodes before it stops."""
    r = subprocess.run([tool, '-dc', path], capture_output=True)
    return r.stdout.count(b'\n')

def cmd_compressed(bin_, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for name, data, tool in damaged_inputs():
        path = os.path.join(work, name + '.log')
        open(path, 'wb').write(data)
        ref = reference_lines(tool, path)
        for threads in (1, 2):
            tag = '%s -j%d' % (name, threads)
            jl, js = path + '.j%d.jsonl' % threads, path + '.j%d.json' % threads
            r = run([bin_, '--no-progress', '-j', str(threads), '-f', 'jsonl', '-o', jl, '-f', 'json',
                     '-o', js, path])
            if r is None:
                continue
            err = r.stderr.decode('utf-8', 'replace')
            if r.returncode != 2:
                fail('%s: exit status %d, want 2' % (tag, r.returncode))
            if path not in err:
                fail('%s: stderr does not name the file: %r' % (tag, err[:300]))
            if not re.search(r'\d+ compressed bytes|offset \d+|byte \d+', err):
                fail('%s: stderr does not say where it broke: %r' % (tag, err[:300]))
            try:
                doc = json.load(open(js))
                check_summary(tag, doc, None)
                got = doc['summary']['lines']
            except (OSError, ValueError, KeyError) as e:
                fail('%s: json report unreadable: %s' % (tag, e))
                got = 0
            if ref >= 1000 and (not os.path.exists(jl) or os.path.getsize(jl) == 0):
                fail('%s: no findings reported from before the damage (%s -dc recovers %d lines, '
                     'statuslint read %d)' % (tag, tool, ref, got))
        print('checked %s (%s -dc recovers %d lines)' % (name, tool, ref), flush=True)

def rule_cases():
    """(name, text, expectations): each expectation a regex stderr must match."""
    deep = 10000
    return [
        ('several-errors.yml',
         'rules:\n'
         '  - id: t.ok\n    title: t\n    severity: error\n    when: status == 200\n    message: m\n'
         '  - id: t.unknown-key\n    title: t\n    severity: error\n    when: status == 200\n'
         '    message: m\n    colour: red\n'
         '  - id: t.bad-expr\n    title: t\n    severity: error\n    when: status == == 200\n    message: m\n'
         '  - id: t.bad-regex\n    title: t\n    severity: error\n    when: path =~ "ab(c"\n    message: m\n'
         '  - id: t.ok\n    title: t\n    severity: error\n    when: status == 1\n    message: m\n',
         [r"several-errors\.yml:12:5: error: unknown key 'colour' in rule",
          r"several-errors\.yml:16:21: error: expected a field, a string, a number or '\(', found '=='",
          r'several-errors\.yml:21:2[2-4]: error: invalid regular expression: missing closing parenthesis',
          r"several-errors\.yml:23:9: error: duplicate rule id 't\.ok' \(first defined at [^)]*several-errors\.yml:2\)"]),
        # A rule whose condition does not compile still owns its id: a second rule with that
        # id is a duplicate, reported with the first error.
        ('dup-of-broken.yml',
         'rules:\n'
         '  - id: t.a\n    title: t\n    severity: error\n    when: status ==\n    message: m\n'
         '  - id: t.a\n    title: t\n    severity: error\n    when: status == 1\n    message: m\n',
         [r'dup-of-broken\.yml:5:\d+: error: ',
          r"dup-of-broken\.yml:7:9: error: duplicate rule id 't\.a'"]),
        ('macro-loop.yml',
         'macros:\n  a: b and status == 1\n  b: a\n  c: c\n'
         'rules:\n  - id: t.loop\n    title: t\n    severity: error\n    when: a or c\n    message: m\n',
         [r"macro-loop\.yml:3:6: error: macro 'a' refers to itself",
          r"macro-loop\.yml:4:6: error: macro 'c' refers to itself"]),
        ('deep-expr.yml',
         'rules:\n  - id: t.deep\n    title: t\n    severity: error\n    when: ' + '(' * deep + 'status == 1'
         + ')' * deep + '\n    message: m\n',
         [r'deep-expr\.yml:5:212: error: expression nested too deeply \(more than 200 levels\)']),
        ('deep-yaml.yml', 'rules: ' + '[' * deep + ']' * deep + '\n',
         [r'deep-yaml\.yml:1:55: error: YAML nested deeper than 48 levels']),
        ('not-yaml.yml', '\xff\xfe\x00rules: [\n', [r'not-yaml\.yml:1:\d+: error: invalid YAML']),
    ]

def cmd_rules(bin_, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log = os.path.join(SRC, 'samples', 'combined.log')
    for name, text, expect in rule_cases():
        path = os.path.join(work, name)
        open(path, 'w', encoding='utf-8', errors='surrogateescape').write(text)
        r = run([bin_, '--no-progress', '--no-default-rules', '--rules', path, log], timeout=60)
        if r is None:
            continue
        err = r.stderr.decode('utf-8', 'replace')
        if r.returncode != 2:
            fail('%s: exit status %d, want 2' % (name, r.returncode))
        for e in expect:
            if not re.search(e, err):
                fail('%s: stderr lacks /%s/:\n%s' % (name, e, err[:1500]))
        print('checked %s' % name, flush=True)
    check_caret(bin_, work)
    check_catastrophic(bin_, work)

def check_caret(bin_, work):
    """The caret under a bad regex points into the pattern, at the offending character."""
    path = os.path.join(work, 'caret.yml')
    open(path, 'w').write('rules:\n  - id: t.caret\n    title: t\n    severity: error\n'
                          '    when: user_agent =~ "ok[z-a]x"\n    message: m\n')
    r = run([bin_, '--no-progress', '--no-default-rules', '--rules', path, os.devnull])
    if r is None:
        return
    err = r.stderr.decode('utf-8', 'replace')
    m = re.search(r'caret\.yml:5:(\d+): error: ', err)
    line = '    when: user_agent =~ "ok[z-a]x"'
    lo, hi = line.index('[z-a]') + 1, line.index('[z-a]') + 6  # 1-based columns of [z-a]
    if r.returncode != 2 or not m:
        fail('caret.yml: want exit 2 and caret.yml:5:COL: error, got %d:\n%s' % (r.returncode, err))
    elif not lo <= int(m.group(1)) <= hi:
        fail('caret.yml: column %s is not on the bad range [z-a] (columns %d..%d):\n%s'
             % (m.group(1), lo, hi, err))
    else:
        print('ok caret.yml (column %s)' % m.group(1), flush=True)

def check_catastrophic(bin_, work):
    rules = os.path.join(work, 'catastrophic.yml')
    open(rules, 'w').write('rules:\n  - id: t.redos\n    title: t\n    severity: error\n'
                           '    when: user_agent =~ "(a+)+$"\n    message: m\n')
    log = os.path.join(work, 'redos.log')
    line = b'203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "%s"\n' % (b'a' * 50000 + b'b')
    open(log, 'wb').write(line * 20)
    t0 = time.time()
    r = run([bin_, '--no-progress', '--no-default-rules', '--rules', rules, '-f', 'json', '-j', '1', log],
            timeout=60)
    took = time.time() - t0
    if r is None:
        return
    err = r.stderr.decode('utf-8', 'replace')
    if r.returncode not in (0, 1):
        fail('catastrophic regex: exit status %d:\n%s' % (r.returncode, err))
    if took > 20:
        fail('catastrophic regex: took %.1fs' % took)
    if not re.search(r'warning: 20 regex matches hit the match limit', err):
        fail('catastrophic regex: no warning about the match limit on stderr:\n%s' % err[:500])
    print('ok catastrophic regex (%.2fs)' % took, flush=True)

def cmd_outputs(bin_, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    check_kill(bin_, work, sample)
    check_head(bin_, work, sample)
    check_full(bin_, work, sample)

def check_kill(bin_, work, sample):
    report = os.path.join(work, 'report.json')
    open(report, 'w').write('previous report\n')
    p = subprocess.Popen([bin_, '--no-progress', '-j', '1', '-f', 'json', '-o', report, '-'],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):  # keep the run busy mid-input
        p.stdin.write(sample)
    p.stdin.flush()
    time.sleep(0.5)
    p.send_signal(signal.SIGKILL)
    p.wait()
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    if open(report).read() != 'previous report\n':
        fail('kill -9: the previous report was replaced by %r' % open(report).read()[:200])
    else:
        print('ok kill -9 leaves the previous report intact', flush=True)
    leftovers = [f for f in os.listdir(work) if f != 'report.json']
    if leftovers:
        print('note: kill -9 left temporary files: %s' % leftovers)

def check_head(bin_, work, sample):
    log = os.path.join(work, 'many.log')
    open(log, 'wb').write(sample * 2000)
    p = subprocess.Popen([bin_, '--no-progress', '-f', 'text', log], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()  # what `| head -1` does
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        fail('| head -1: statuslint did not end after its reader left')
        return
    rc = p.returncode
    if rc < 0 and rc != -signal.SIGPIPE:
        fail('| head -1: killed by signal %d' % -rc)
    elif rc not in (0, 1, 2, -signal.SIGPIPE):
        fail('| head -1: exit status %d' % rc)
    noise = [l for l in err.decode('utf-8', 'replace').splitlines() if 'note:' not in l]
    if noise:
        fail('| head -1: not quiet on stderr: %r' % noise[:5])
    if not first:
        fail('| head -1: no first line')
    print('ok | head -1 (exit %s, first line %d bytes)' % ('SIGPIPE' if rc == -signal.SIGPIPE else rc,
                                                          len(first)), flush=True)

def check_full(bin_, work, sample):
    log = os.path.join(work, 'full.log')
    open(log, 'wb').write(sample * 50)
    for fmt in ('text', 'jsonl', 'json', 'sarif'):
        r = run([bin_, '--no-progress', '-f', fmt, '-o', '/dev/full', log])
        if r is None:
            continue
        err = r.stderr.decode('utf-8', 'replace')
        if r.returncode != 2:
            fail('-f %s -o /dev/full: exit status %d, want 2' % (fmt, r.returncode))
        if not re.search(r'/dev/full.*(No space|space left|write)', err, re.I):
            fail('-f %s -o /dev/full: stderr does not report the write error: %r' % (fmt, err[-400:]))
    with open('/dev/full', 'w') as full:
        r = subprocess.run([bin_, '--no-progress', log], stdout=full, stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 2:
        fail('stdout on /dev/full: exit status %d, want 2' % r.returncode)
    print('ok -o /dev/full', flush=True)

def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('inputs', 'compressed', 'rules', 'outputs', 'stderr'):
        sys.exit(__doc__)
    cmd, bin_, work = sys.argv[1:]
    globals()['cmd_' + cmd](os.path.abspath(bin_), os.path.abspath(work))
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('all %s checks passed' % cmd)

if __name__ == '__main__':
    main()
