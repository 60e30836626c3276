#!/usr/bin/env python3
"""routes.py BIN WORK: hostile input for routes and finding groups (ctest hostile.routes),
checked through the statuslint command line:
  - a path near the line cap made of one-character segments (the route's worst expansion),
    read by a rule's condition and message, in jsonl, json groups, sarif and --group text;
  - log bytes that must be escaped (terminal controls, quotes, backslashes) in the route
    and the group of every sink;
  - many `routes:` patterns against paths deeper than any pattern: bounded time;
  - more distinct groups than the table holds, with long hosts: bounded memory, overflow
    counted, identical for -j1 and -j2.
Prints every failure and exits 1 if there was one."""
import json, os, resource, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import failures, fail, ok  # noqa: E402


def run(args, timeout=120, **kw):
    t = time.monotonic()
    try:
        r = subprocess.run(args, capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        fail('timed out after %ds: %r' % (timeout, args[:6]))
        return None, timeout
    return r, time.monotonic() - t


def line(path, status=404, host=None):
    if host is None:
        return b'203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET ' + path + b' HTTP/1.1" ' + \
            str(status).encode() + b' 9 "-" "curl/8"\n'
    return host + b' 203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET ' + path + \
        b' HTTP/1.1" ' + str(status).encode() + b' 9 "-" "curl/8"\n'


RULES = b'''rules:
  - id: local.route-404
    title: 404 anywhere
    severity: warning
    codes: [404]
    when: route startswith "/" and len(route) > 0
    message: "{method} {route} answered 404"
'''


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def long_path(bin_, work):
    log, rules = os.path.join(work, 'long.log'), os.path.join(work, 'r.yml')
    write(rules, RULES)
    path = b'/1' * 250000  # 500 KB: each 2-byte segment becomes 6 bytes of route
    write(log, line(path) + line(b'/users/7'))
    base = [bin_, '-q', '--no-progress', '--no-default-rules', '--rules', rules, '--exit-zero',
            '--log-format', 'combined']
    r, secs = run(base + ['-f', 'jsonl', log])
    if r is None:
        return
    if r.returncode != 0:
        fail('long path: jsonl exit %d: %r' % (r.returncode, r.stderr[-300:]))
        return
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    if len(rows) != 2:
        fail('long path: %d findings, expected 2' % len(rows))
        return
    rt = rows[0].get('route', '')
    if not rt.startswith('/{int}/{int}') or len(rt) > 4096:
        fail('long path: route %r... (%d bytes), expected /{int}/... cut at 4096' % (rt[:40], len(rt)))
    elif rows[1].get('route') != '/users/{int}':
        fail('long path: the next line\'s route is %r' % rows[1].get('route'))
    elif len(rows[0]['message']) > 2100:
        fail('long path: message of %d bytes, over the message cap' % len(rows[0]['message']))
    else:
        ok('long path: route read by rule and message, cut in findings (%.2f s)' % secs)
    r, _ = run(base + ['-f', 'json', log])
    if r is not None:
        try:
            d = json.loads(r.stdout)
            g = d['groups']
            if len(g) != 2 or any(len(x['route']) > 1024 for x in g):
                fail('long path: json groups %r' % [(x['count'], len(x['route'])) for x in g])
            else:
                ok('long path: json groups hold a cut route')
        except (ValueError, KeyError) as e:
            fail('long path: json does not parse or lacks groups: %s' % e)
    for extra in (['--group'], ['-f', 'sarif']):
        r, _ = run(base + extra + [log])
        if r is None or r.returncode != 0:
            fail('long path: %s exit %s' % (extra, r and r.returncode))
        elif extra == ['-f', 'sarif']:
            try:
                s = json.loads(r.stdout)
                props = s['runs'][0]['results'][0]['properties']
                if not props.get('route', '').startswith('/{int}'):
                    fail('long path: sarif properties %r' % list(props))
                else:
                    ok('long path: sarif result carries the route')
            except (ValueError, KeyError, IndexError) as e:
                fail('long path: sarif: %s' % e)
        elif r.stdout.count('\u00d7'.encode()) != 2:
            fail('long path: --group printed %r' % r.stdout[:200])
        else:
            ok('long path: --group prints one line per group')


def escaping(bin_, work):
    log, rules = os.path.join(work, 'esc.log'), os.path.join(work, 'r.yml')
    write(rules, RULES)
    nasty = b'/a\x1b[31mred/\\"q\\"/%00/\x07bell/\xff\xfe'
    write(log, line(nasty) * 3)
    base = [bin_, '-q', '--no-progress', '--no-default-rules', '--rules', rules, '--exit-zero']
    r, _ = run(base + ['--group', log])
    if r is not None:
        if b'\x1b' in r.stdout or b'\x07' in r.stdout:
            fail('escaping: --group text passes a terminal control byte through')
        else:
            ok('escaping: --group text escapes controls')
    for fmt in ('jsonl', 'json', 'sarif'):
        r, _ = run(base + ['-f', fmt, log])
        if r is None:
            continue
        try:
            docs = [json.loads(l) for l in r.stdout.splitlines()] if fmt == 'jsonl' else [json.loads(r.stdout)]
        except ValueError as e:
            fail('escaping: %s output does not parse: %s' % (fmt, e))
            continue
        if fmt == 'json' and (len(docs[0]['groups']) != 1 or docs[0]['groups'][0]['count'] != 3):
            fail('escaping: json groups %r' % docs[0]['groups'])
            continue
        ok('escaping: %s parses with the hostile route' % fmt)


def many_patterns(bin_, work):
    cfg, log, rules = (os.path.join(work, n) for n in ('routes.yml', 'deep.log', 'r.yml'))
    write(rules, RULES)
    with open(cfg, 'w') as f:
        f.write('routes:\n')
        for i in range(5000):
            f.write('  - /p%d/{a}/x/{b}/*\n' % i)
    deep = b'/p4999' + b'/s' * 5000
    write(log, (line(deep) + line(b'/p4999/1/x/2/3/4') + line(b'/p1/1/x')) * 200)
    r, secs = run([bin_, '-q', '--no-progress', '--no-default-rules', '--rules', rules, '--config', cfg,
                   '--exit-zero', '-f', 'json', log], timeout=60)
    if r is None:
        return
    try:
        g = {x['route']: x['count'] for x in json.loads(r.stdout)['groups']}
    except (ValueError, KeyError) as e:
        fail('many patterns: %s' % e)
        return
    want = {'/p4999/{a}/x/{b}/*': 200, '/p1/{int}/x': 200}
    if any(g.get(k) != v for k, v in want.items()) or len(g) != 3:
        fail('many patterns: groups %r' % {k[:40]: v for k, v in g.items()})
    elif secs > 30:
        fail('many patterns: %.1f s for 600 lines' % secs)
    else:
        ok('many patterns: 5000 patterns, 5000-segment paths, %.2f s' % secs)


def peak_rss_kib(args):
    """Runs args from a fresh interpreter (so no earlier child's peak counts) and returns
    (exit status, peak RSS in KiB)."""
    probe = ('import resource, subprocess, sys\n'
             'rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n'
             'print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n')
    r = subprocess.run([sys.executable, '-c', probe] + args, capture_output=True, timeout=120)
    rc, kib = r.stdout.split()
    return int(rc), int(kib)


def overflow(bin_, work):
    log, rules = os.path.join(work, 'many.log'), os.path.join(work, 'r.yml')
    write(rules, RULES)
    host = b'h' * 900
    with open(log, 'wb') as f:
        for i in range(100000):
            f.write(line(b'/w/%s' % bytes(chr(97 + i % 26) + chr(97 + i // 26 % 26) + chr(97 + i // 676 % 26)
                                           + chr(97 + i // 17576 % 26), 'ascii'),
                         host=host + b'%d' % (i // 10000)))
    base = [bin_, '-q', '--no-progress', '--no-default-rules', '--rules', rules, '--exit-zero',
            '--log-format', '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"']
    outs = []
    for j in ('1', '2'):
        r, _ = run(base + ['-j' + j, '-f', 'json', '-o', os.path.join(work, 'g%s.json' % j), log])
        if r is None or r.returncode != 0:
            fail('overflow: -j%s exit %s %r' % (j, r and r.returncode, r and r.stderr[-300:]))
            return
        d = json.load(open(os.path.join(work, 'g%s.json' % j)))
        for k in ('seconds', 'started', 'finished'):
            d['summary'].pop(k, None)
        outs.append(d)
        if b'beyond the table' not in r.stderr:
            fail('overflow: no note on stderr for -j%s' % j)
    s = outs[0]['summary']
    if s['groups'] + s['groups_overflow'] != 100000 or s['groups_overflow'] == 0:
        fail('overflow: %d groups + %d overflow, expected 100000 with overflow'
             % (s['groups'], s['groups_overflow']))
    elif outs[0] != outs[1]:
        fail('overflow: -j1 and -j2 json differ')
    else:
        ok('overflow: %d groups kept, %d findings beyond, -j1 == -j2' % (s['groups'], s['groups_overflow']))
    # The table's cost is what -f json and --group add to a run that keeps no groups (jsonl):
    # about 8 MiB (4 MiB of strings), more under AddressSanitizer, and three times that under
    # ThreadSanitizer, whose shadow memory grows with every heap byte (24 MiB measured). As in
    # hostile.limits, a sanitizer build gets three times the bound; the 32 MiB target for the
    # whole process holds only for an unsanitized build.
    sanitized = bool(os.environ.get('SL_SANITIZE'))  # as hostile.limits tells it
    if not sanitized:
        with open(bin_, 'rb') as f:
            data = f.read()
            sanitized = b'__asan_init' in data or b'__tsan_init' in data
    more = 16 * (3 if sanitized else 1)
    rc, plain = peak_rss_kib(base + ['-j2', '-f', 'jsonl', log])
    for extra in (['--group'], ['-f', 'json']):
        rc, kib = peak_rss_kib(base + ['-j2'] + extra + [log])
        if rc != 0 or kib - plain > more * 1024 or (not sanitized and kib > 32 * 1024):
            fail('overflow: %s exit %d, peak RSS %d KiB, %d KiB over jsonl (want <= %d MiB more%s)'
                 % (extra, rc, kib, kib - plain, more, '' if sanitized else ', under 32 MiB in all'))
        else:
            ok('overflow: %s peak RSS %d KiB, %d KiB over jsonl' % (' '.join(extra), kib, kib - plain))


def main():
    bin_, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    long_path(bin_, work)
    escaping(bin_, work)
    many_patterns(bin_, work)
    overflow(bin_, work)
    print('%d failure(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
