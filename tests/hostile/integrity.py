#!/usr/bin/env python3
"""integrity.py: checks of ctest label `hostile` that no input line is lost, that no report
claims a run that did not finish, and that no file is clobbered or read back, run against
the built statuslint. Each subcommand prints every failure it finds and exits 1 if there
was one:
  lines BIN WORK    an unbalanced quote in TSV and CSV (also across a chunk boundary and at
                    the end of input) costs one rejected line; a file truncated while it is
                    read (copytruncate) is an input error; an O_NONBLOCK stdin is waited on
  partial BIN WORK  stdout closed early keeps the previous report files and baseline;
                    SIGINT/SIGTERM remove temporary report files; a damaged input gives
                    reports marked unsuccessful and no baseline
  clobber BIN WORK  -o onto an input, two -o onto one file, -o /dev/stdout beside a stdout
                    report are refused; -o x.json is JSON; -o through a symlink keeps the
                    link; a report inside the scanned directory is never read as a log
It checks behaviour only through the command line; it never edits the program."""
import fcntl, gzip, json, os, re, shutil, signal, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import failures, fail, ok, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))


def summary_of(bin_, args, tag, **kw):
    """Runs statuslint -f json on args; returns (exit status, json document, stderr)."""
    r = run([bin_, '-q', '--no-progress', '--exit-zero', '-f', 'json'] + args, **kw)
    if r is None:
        return None, None, ''
    err = r.stderr.decode('utf-8', 'replace')
    try:
        return r.returncode, json.loads(r.stdout), err
    except ValueError as e:
        fail('%s: -f json output does not parse (%s); exit %d, stderr %r' % (tag, e, r.returncode, err[-300:]))
        return r.returncode, None, err

def counts(doc):
    s = doc['summary']
    return s['lines'], s['records'], s['rejected'], s['skipped']

def hidden(d):
    return sorted(f for f in os.listdir(d) if f.startswith('.'))

# ---------------------------------------------------------------- lines

CSV_HEAD = 'time_local,remote_addr,request,status,body_bytes_sent,http_user_agent\n'
CHUNK = 2 << 20  # statuslint reads 2 MiB chunks: records held across one must survive

def csv_row(i, ua='curl/8.5.0'):
    """Every row has the same length (ua: 10 characters), so offsets can be computed."""
    return '24/Nov/2026:10:00:%02d +0000,192.0.2.%03d,"GET /api/items/%06d HTTP/1.1",207,%03d,"%s"\n' % (
        i % 60, i % 250, i, i % 900, ua)

def cmd_lines(bin_, work):
    check_tsv(bin_, work)
    check_csv(bin_, work)
    check_truncated(bin_, work)
    check_nonblocking(bin_, work)

def check_tsv(bin_, work):
    path = os.path.join(work, 'quote.tsv')
    rows = ['status\tpath\tmethod\thttp_user_agent\n']
    for i in range(2000):
        ua = '"Mozilla/5.0 (unbalanced' if i == 10 else 'curl/8'
        rows.append('207\t/api/%d\tGET\t%s\n' % (i, ua))
    open(path, 'w').write(''.join(rows))
    rc, doc, err = summary_of(bin_, [path], 'tsv')
    if doc is None:
        return
    lines, records, rejected, skipped = counts(doc)
    if (lines, records, rejected, skipped) != (2001, 2000, 0, 1):
        fail('tsv with a quote in a user agent: lines/records/rejected/skipped %r, want '
             '(2001, 2000, 0, 1)' % ((lines, records, rejected, skipped),))
    else:
        ok('tsv: a quote in a field is a plain byte (2000 records of 2000)')

def csv_layout(n):
    """A row ending the first chunk with an open quote (b), blank lines (m) after row b + 5,
    and a row whose quoted newline ends the second chunk (legit)."""
    h, R = len(CSV_HEAD), len(csv_row(0))
    p = csv_row(0, 'two\nlines!').index('\n')
    b = (CHUNK - h) // R - 1
    s2 = h + (b + 1) * R
    for m in range(R):
        for legit in range(b + 6, n - 1):
            start = h + legit * R + m
            if s2 + CHUNK - R < start <= s2 + CHUNK - p - 1:
                return m, b, legit
    raise SystemExit('no layout found')

def check_csv(bin_, work):
    # 60,000 rows (about 6 MB: three 2 MiB chunks); unbalanced quotes on row 10, on the last
    # row of the first chunk (the record goes on into the next chunk) and on the last row;
    # a legitimate quoted newline across the second chunk boundary stays one record.
    n = 60000
    m, boundary_row, legit = csv_layout(n)
    bad = {10, boundary_row, n - 1}
    rows = [CSV_HEAD]
    for i in range(n):
        if i in bad:
            rows.append(csv_row(i, 'Mozilla/5 ')[:-2] + ' \n')  # the closing quote is missing
        elif i == legit:
            rows.append(csv_row(i, 'two\nlines!'))
        else:
            rows.append(csv_row(i))
        if i == boundary_row + 5:
            rows.append('\n' * m)
    path = os.path.join(work, 'quote.csv')
    open(path, 'w').write(''.join(rows))
    def line_of(i):  # the physical line a row starts on
        return i + 2 + (m if i > boundary_row + 5 else 0) + (1 if i > legit else 0)
    for threads in ('1', '2'):
        tag = 'csv -j' + threads
        rc, doc, err = summary_of(bin_, ['-j', threads, path], tag)
        if doc is None:
            continue
        got = counts(doc)
        want = (n + m + 2, n - len(bad), len(bad), m + 2)  # skipped: header, blanks, legit's 1st line
        if got != want:
            fail('%s: lines/records/rejected/skipped %r, want %r' % (tag, got, want))
        lines_rejected = sorted(s['line'] for s in doc['rejected_samples'])
        want_rejected = sorted(line_of(i) for i in bad)
        if lines_rejected != want_rejected:
            fail('%s: rejected lines %r, want %r' % (tag, lines_rejected, want_rejected))
        if not all('quote' in s['reason'] for s in doc['rejected_samples']):
            fail('%s: rejected without a reason naming the quote: %r' % (tag, doc['rejected_samples']))
        # the record across the boundary is reported on its second physical line
        near = [f['line'] for f in doc['findings'] if line_of(legit - 1) <= f['line'] <= line_of(legit + 1)]
        if near != [line_of(legit - 1), line_of(legit) + 1, line_of(legit + 1)]:
            fail('%s: findings around the record across the chunk boundary on lines %r, want %r'
                 % (tag, near, [line_of(legit - 1), line_of(legit) + 1, line_of(legit + 1)]))
        if rc == 0 and got == want and lines_rejected == want_rejected and len(near) == 3:
            ok('%s: unbalanced quotes cost one line each (%d rejected of %d, across a chunk '
               'boundary and at the end; a quoted newline across another boundary is one record)'
               % (tag, len(bad), n))

def fd_pos(pid, path):
    d = '/proc/%d/fd' % pid
    try:
        for fd in os.listdir(d):
            if os.readlink(os.path.join(d, fd)) == path:
                for line in open('/proc/%d/fdinfo/%s' % (pid, fd)):
                    if line.startswith('pos:'):
                        return int(line.split()[1])
    except OSError:
        pass
    return None

def check_truncated(bin_, work):
    path = os.path.join(work, 'rotating.log')
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    with open(path, 'wb') as f:
        for _ in range(12000):  # about 100 MB
            f.write(sample)
    size = os.path.getsize(path)
    p = subprocess.Popen([bin_, '--no-progress', '--exit-zero', '-j', '1', '-f', 'jsonl', '-o', os.devnull, path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stopped = False
    deadline = time.time() + 30
    while time.time() < deadline and p.poll() is None:
        pos = fd_pos(p.pid, path)
        if pos is not None and pos >= (8 << 20):
            p.send_signal(signal.SIGSTOP)
            pos = fd_pos(p.pid, path)
            stopped = pos is not None and pos < size - (8 << 20)
            break
        time.sleep(0.001)
    if not stopped:
        if p.poll() is None:
            p.send_signal(signal.SIGCONT)
        p.kill()
        p.wait()
        print('SKIPPED-PART: copytruncate: could not catch the run mid-file')
        return
    os.truncate(path, 0)  # what logrotate's copytruncate does
    with open(path, 'ab') as f:
        f.write(sample[:400])  # the server goes on writing
    p.send_signal(signal.SIGCONT)
    _, err = p.communicate(timeout=120)
    err = err.decode('utf-8', 'replace')
    if p.returncode != 2:
        fail('copytruncate mid-run: exit status %d, want 2; stderr %r' % (p.returncode, err[-300:]))
    elif not re.search(r'rotating\.log.*truncated', err):
        fail('copytruncate mid-run: stderr does not say the file was truncated: %r' % err[-300:])
    else:
        ok('copytruncate mid-run: exit 2, %r' % [l for l in err.splitlines() if 'truncated' in l][0][:160])

def check_nonblocking(bin_, work):
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    r_fd, w_fd = os.pipe()
    fl = fcntl.fcntl(r_fd, fcntl.F_GETFL)
    fcntl.fcntl(r_fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    p = subprocess.Popen([bin_, '-q', '--no-progress', '--exit-zero', '-f', 'json', '-'], stdin=r_fd,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(r_fd)
    bursts = 5
    try:
        with os.fdopen(w_fd, 'wb') as w:
            for _ in range(bursts):
                w.write(sample)
                w.flush()
                time.sleep(0.2)
    except BrokenPipeError:
        pass  # statuslint gave up reading: reported below
    out, err = p.communicate(timeout=60)
    err = err.decode('utf-8', 'replace')
    want = sample.count(b'\n') * bursts
    try:
        lines = json.loads(out)['summary']['lines']
    except (ValueError, KeyError):
        lines = None
    if p.returncode != 0 or lines != want:
        fail('O_NONBLOCK stdin: exit %d, %r lines of %d; stderr %r' % (p.returncode, lines, want, err[-300:]))
    else:
        ok('O_NONBLOCK stdin: all %d lines of %d bursts read' % (want, bursts))

# ---------------------------------------------------------------- partial runs

def cmd_partial(bin_, work):
    check_head(bin_, work)
    for sig in (signal.SIGINT, signal.SIGTERM):
        check_signal(bin_, work, sig)
    check_damaged(bin_, work)

def previous_files(d):
    files = {'m.prom': 'previous metrics\n', 'r.json': 'previous report\n',
             'known.baseline': '# statuslint baseline: <fingerprint> <rule id>, one a line, sorted\n'}
    for name, text in files.items():
        open(os.path.join(d, name), 'w').write(text)
    return files

def check_head(bin_, work):
    d = os.path.join(work, 'head')
    os.makedirs(d)
    log = os.path.join(d, 'many.log')
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    open(log, 'wb').write(sample * 4000)
    files = previous_files(d)
    p = subprocess.Popen([bin_, '--no-progress', '-f', 'text', '-f', 'prometheus', '-o', os.path.join(d, 'm.prom'),
                          '-f', 'json', '-o', os.path.join(d, 'r.json'),
                          '--write-baseline', os.path.join(d, 'known.baseline'), log],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()  # what `| head -1` does
    _, err = p.communicate(timeout=60)
    err = err.decode('utf-8', 'replace')
    changed = [n for n, t in files.items() if open(os.path.join(d, n)).read() != t]
    if changed:
        fail('| head -1: a partial run replaced %s: %r' % (changed, open(os.path.join(d, changed[0])).read()[:300]))
    if hidden(d):
        fail('| head -1: temporary files left: %r' % hidden(d))
    if p.returncode != 2:
        fail('| head -1 with report files: exit status %d, want 2 (the input was not read completely)' % p.returncode)
    if not re.search(r'not written', err):
        fail('| head -1 with report files: stderr does not say the reports were not written: %r' % err[-300:])
    if not changed and not hidden(d) and p.returncode == 2:
        ok('| head -1: previous reports and baseline kept, exit 2')

def check_signal(bin_, work, sig):
    name = signal.Signals(sig).name
    d = os.path.join(work, name)
    os.makedirs(d)
    files = previous_files(d)
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    p = subprocess.Popen([bin_, '--no-progress', '-j', '1', '-f', 'prometheus', '-o', os.path.join(d, 'm.prom'),
                          '-f', 'json', '-o', os.path.join(d, 'r.json'),
                          '--write-baseline', os.path.join(d, 'known.baseline'), '-'],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(200):  # busy mid-input, the pipe still open
        p.stdin.write(sample)
    p.stdin.flush()
    deadline = time.time() + 20
    while time.time() < deadline and len(hidden(d)) < 2:
        time.sleep(0.01)
    if len(hidden(d)) < 2:
        fail('%s: the run never opened its temporary report files' % name)
    p.send_signal(sig)
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        fail('%s: statuslint did not end' % name)
        return
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    left = hidden(d)
    changed = [n for n, t in files.items() if open(os.path.join(d, n)).read() != t]
    if left:
        fail('%s: temporary report files left behind: %r' % (name, left))
    if changed:
        fail('%s: previous files replaced: %r' % (name, changed))
    if p.returncode != -sig:
        fail('%s: ended with status %r, want death by the signal' % (name, p.returncode))
    if not left and not changed and p.returncode == -sig:
        ok('%s: temporary files removed, previous reports kept, ended by the signal' % name)

def check_damaged(bin_, work):
    d = os.path.join(work, 'damaged')
    os.makedirs(d)
    files = previous_files(d)
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    gz = gzip.compress(sample * 20)
    open(os.path.join(d, 'cut.log.gz'), 'wb').write(gz[:len(gz) // 2])
    r = run([bin_, '--no-progress', '-f', 'prometheus', '-o', os.path.join(d, 'm.prom'),
             '-f', 'json', '-o', os.path.join(d, 'r.json'),
             '--write-baseline', os.path.join(d, 'known.baseline'), os.path.join(d, 'cut.log.gz')])
    if r is None:
        return
    prom = open(os.path.join(d, 'm.prom')).read()
    try:
        doc = json.load(open(os.path.join(d, 'r.json')))
    except ValueError:
        doc = {}
    good = True
    if r.returncode != 2:
        fail('damaged input: exit status %d, want 2' % r.returncode)
        good = False
    if not re.search(r'^statuslint_last_run_success 0$', prom, re.M):
        fail('damaged input: metrics do not say the run failed: %r' % prom[-400:])
        good = False
    if doc.get('summary', {}).get('success') is not False:
        fail('damaged input: json summary success is %r, want false' % doc.get('summary', {}).get('success'))
        good = False
    if open(os.path.join(d, 'known.baseline')).read() != files['known.baseline']:
        fail('damaged input: --write-baseline was written from a partial read')
        good = False
    if good:
        ok('damaged input: reports marked unsuccessful, previous baseline kept, exit 2')

# ---------------------------------------------------------------- clobbering

def cmd_clobber(bin_, work):
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    log = os.path.join(work, 'access.log')
    open(log, 'wb').write(sample)
    refuse(bin_, work, 'an input as -o', ['-f', 'json', '-o', log, log], r'access\.log.*input', log, sample)
    with open(log, 'rb') as stdin:
        refuse(bin_, work, 'stdin\'s file as -o', ['-f', 'json', '-o', log, '-'], r'access\.log.*input',
               log, sample, stdin=stdin)
    refuse(bin_, work, '--write-baseline onto an input', ['--write-baseline', log, log], r'access\.log.*input',
           log, sample)
    r1 = os.path.join(work, 'r.json')
    refuse(bin_, work, 'two -o onto one file', ['-f', 'json', '-o', r1, '-f', 'sarif', '-o',
           os.path.join(work, '.', 'r.json'), log], r'same file', r1, None)
    refuse(bin_, work, '-o /dev/stdout beside a stdout report', ['-f', 'json', '-o', '/dev/stdout', '-f', 'text',
           log], r'standard output.*interleave', None, None)
    report = os.path.join(work, 'named.jsonl')
    r = run([bin_, '-q', '--no-progress', '--exit-zero', '-f', 'jsonl', '-o', report, log])
    refuse(bin_, work, 'a report named as input', ['--exit-zero', report], r'named\.jsonl.*not an access log',
           report, open(report, 'rb').read() if os.path.exists(report) else b'')
    check_inferred(bin_, work, log)
    check_symlink(bin_, work, log)
    check_own_reports(bin_, work, sample)

def refuse(bin_, work, what, args, pattern, path, before, **kw):
    had = os.path.exists(path) if path else False
    r = run([bin_, '-q', '--no-progress'] + args, stdin=kw.get('stdin', subprocess.DEVNULL))
    if r is None:
        return
    err = r.stderr.decode('utf-8', 'replace')
    good = True
    if r.returncode != 2:
        fail('%s: exit status %d, want 2' % (what, r.returncode))
        good = False
    if not re.search(pattern, err):
        fail('%s: stderr does not say why: %r' % (what, err[-300:]))
        good = False
    if path and before is not None and open(path, 'rb').read() != before:
        fail('%s: %s was replaced' % (what, path))
        open(path, 'wb').write(before)
        good = False
    if path and before is None and not had and os.path.exists(path):
        fail('%s: %s was written anyway' % (what, path))
        os.unlink(path)
        good = False
    if good:
        ok('%s refused: %s' % (what, err.strip()[:140]))

def check_inferred(bin_, work, log):
    out = os.path.join(work, 'x.json')
    r = run([bin_, '-q', '--no-progress', '--exit-zero', '-o', out, log])
    try:
        doc = json.load(open(out))
        good = doc['tool']['name'] == 'statuslint'
    except (ValueError, KeyError, OSError, TypeError):
        good = False
    if r is None or not good:
        fail('-o x.json without -f: not a JSON report: %r' % open(out, 'rb').read()[:80] if os.path.exists(out) else 'missing')
    else:
        ok('-o x.json without -f writes JSON')

def check_symlink(bin_, work, log):
    target = os.path.join(work, 'real.prom')
    link = os.path.join(work, 'link.prom')
    open(target, 'w').write('old\n')
    os.symlink('real.prom', link)
    r = run([bin_, '-q', '--no-progress', '--exit-zero', '-f', 'prometheus', '-o', link, log])
    good = r is not None and r.returncode == 0
    if not os.path.islink(link):
        fail('-o onto a symlink: the link was replaced by a file')
        good = False
    elif 'statuslint_last_run_lines' not in open(target).read():
        fail('-o onto a symlink: the file it points to was not written: %r' % open(target).read()[:80])
        good = False
    if good:
        ok('-o onto a symlink writes the file it points to and keeps the link')

def check_own_reports(bin_, work, sample):
    d = os.path.join(work, 'logs')
    os.makedirs(d)
    open(os.path.join(d, 'access.log'), 'wb').write(sample)
    args = [bin_, '--no-progress', '--exit-zero', '-f', 'json', '-o', os.path.join(d, 'report.json'),
            '-f', 'jsonl', '-o', os.path.join(d, 'findings.jsonl'), '-f', 'prometheus', '-o',
            os.path.join(d, 'statuslint.prom'), d]
    seen = []
    for night in range(3):
        r = run(args)
        if r is None:
            return
        try:
            s = json.load(open(os.path.join(d, 'report.json')))['summary']
        except (ValueError, KeyError):
            fail('own reports: night %d: no JSON report' % night)
            return
        seen.append((r.returncode, s['files'], s['lines'], sum(s['findings'].values())))
    if len(set(seen)) != 1 or seen[0][0] != 0 or seen[0][1] != 1:
        fail('own reports in the scanned directory: (exit, files, lines, findings) by night %r, '
             'want the same each night, exit 0, one file' % seen)
    else:
        ok('own reports in the scanned directory are not read: %r each night' % (seen[0],))
    # standard output redirected into the scanned directory
    out = os.path.join(d, 'stdout.txt')
    with open(out, 'w') as so:
        r = subprocess.run([bin_, '--no-progress', '--exit-zero', '-f', 'text', '-f', 'json', '-o',
                            os.path.join(work, 'stdout-run.json'), d], stdout=so, stderr=subprocess.PIPE, timeout=60)
    try:
        s = json.load(open(os.path.join(work, 'stdout-run.json')))['summary']
        got = (r.returncode, s['files'], s['lines'])
    except (ValueError, KeyError, OSError):
        got = None
    if got != (0, 1, seen[0][2]):
        fail('stdout redirected into the scanned directory: (exit, files, lines) %r, want %r'
             % (got, (0, 1, seen[0][2])))
    else:
        ok('stdout redirected into the scanned directory is not read back')
    # reports under a new name each night: earlier nights' reports are not this run's files
    d = os.path.join(work, 'dated')
    os.makedirs(d)
    open(os.path.join(d, 'access.log'), 'wb').write(sample)
    seen = []
    for night in range(3):
        outs = []
        for fmt, ext in (('json', 'json'), ('jsonl', 'jsonl'), ('sarif', 'sarif'), ('codequality', 'cq.json'),
                         ('junit', 'xml'), ('github', 'gh'), ('prometheus', 'prom'), ('openmetrics', 'om')):
            outs += ['-f', fmt, '-o', os.path.join(d, 'night%d.%s' % (night, ext))]
        baseline = ['--write-baseline', os.path.join(d, 'night%d.baseline' % night)]
        r = run([bin_, '--no-progress', '--exit-zero'] + outs + baseline + [d])
        if r is None:
            return
        try:
            s = json.load(open(os.path.join(d, 'night%d.json' % night)))['summary']
        except (ValueError, KeyError, OSError):
            fail('dated reports: night %d: no JSON report' % night)
            return
        seen.append((r.returncode, s['files'], s['lines'], sum(s['findings'].values())))
    if len(set(seen)) != 1 or seen[0][0] != 0 or seen[0][1] != 1:
        fail('dated reports in the scanned directory: (exit, files, lines, findings) by night %r, '
             'want the same each night, exit 0, one file' % seen)
    else:
        ok('dated reports of earlier nights are not read as logs: %r each night' % (seen[0],))

def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('lines', 'partial', 'clobber'):
        sys.exit(__doc__)
    cmd, bin_, work = sys.argv[1:]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    globals()['cmd_' + cmd](os.path.abspath(bin_), work)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('all %s checks passed' % cmd)

if __name__ == '__main__':
    main()
