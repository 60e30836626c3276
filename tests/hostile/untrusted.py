#!/usr/bin/env python3
"""untrusted.py: hostile checkouts, hostile names and hostile compressed streams, checked
through the statuslint command line (ctest label `hostile`). Each subcommand prints every
failure it finds and exits 1 if there was one:
  settings BIN WORK     a committed .statuslint.yml (absolute rule path, `..`, symbolic links
                        out of the checkout, a settings symlink) never makes statuslint read a
                        file outside the checkout, nor print a secret from one; --config-root
                        is the explicit way to allow more
  escapes BIN WORK      ESC/OSC/C1/U+202E from rule files and file names never reach the
                        terminal raw: rules list, rules explain, --detect, stderr messages
  compressed BIN WORK   zstd streams that open with a skippable frame are zstd; gzip with
                        trailing zeros is read as `gzip -dc` reads it (a warning, exit 0/1)
  boundaries BIN WORK   inputs at the CLI's size limits (a first line past the 64 KiB detection
                        sample, lines at the 512 KiB cap, 2 MiB chunks, CSV records over lines):
                        detected, accounted for, identical for -j1 and -j2
  hooks BIN WORK        no environment variable moves the clock of a release build (test builds,
                        -DSL_TEST_HOOKS=ON, have exactly STATUSLINT_NOW)
It checks behaviour only through the command line."""
import gzip, json, os, re, shutil, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import failures, fail  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
SECRET = 'SL_SECRET_hunter2_7f3a'


def run(args, timeout=60, **kw):
    return harness.run(args, timeout, **kw)

def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

RULE = ('rules:\n  - id: local.r\n    title: a local rule\n    severity: warning\n'
        '    codes: [299]\n    when: status == 299\n    message: m\n')

# ================= settings =================

def settings_cases(outside):
    """(name, files in the checkout {path: text | ('link', target)}, extra args, want exit,
    regex stderr must match). `outside` holds secret.txt, secret.yml, dir/x.yml."""
    sec = os.path.join(outside, 'secret.txt')
    secyml = os.path.join(outside, 'secret.yml')
    return [
        ('absolute', {'.statuslint.yml': 'rules: [%s]\n' % sec}, [], 2,
         r"\.statuslint\.yml:1:9: error: rule path '.*secret\.txt' leads outside "),
        ('dotdot', {'.statuslint.yml': 'rules: [../outside/secret.txt]\n'}, [], 2,
         r"\.statuslint\.yml:1:9: error: rule path '\.\./outside/secret\.txt' leads outside "),
        ('dotdot-inside', {'.statuslint.yml': 'rules: [ci/../ci/../../outside/secret.yml]\n'}, [], 2,
         r"leads outside "),
        ('symlink-file', {'.statuslint.yml': 'rules: [ci/r.yml]\n', 'ci/r.yml': ('link', secyml)}, [], 2,
         r"ci/r\.yml: error: rule file resolves to a place outside "),
        ('symlink-dir', {'.statuslint.yml': 'rules: [ci/]\n', 'ci': ('link', os.path.join(outside, 'dir'))},
         [], 2, r"ci/?: error: rule directory resolves to a place outside "),
        ('symlink-subdir', {'.statuslint.yml': 'rules: [ci/]\n', 'ci/a.yml': RULE,
                            'ci/sub': ('link', os.path.join(outside, 'dir'))},
         [], 2, r"ci/sub/x\.yml: error: rule file resolves to a place outside "),
        ('proc-environ', {'.statuslint.yml': 'rules: [/proc/self/environ]\n'}, [], 2, r"leads outside "),
        ('settings-symlink', {'.statuslint.yml': ('link', secyml)}, [], 2,
         r"\.statuslint\.yml: error: a symbolic link leading outside the working directory"),
        # the explicit ways to allow more: --config-root, --config, --rules
        ('config-root', {'.statuslint.yml': 'rules: [../outside/ok.yml]\n'}, ['--config-root', '..'], 0, None),
        ('config-flag', {'s.yml': ('link', os.path.join(outside, 'settings.yml'))}, ['--config', 's.yml'], 0,
         None),
        ('rules-flag', {}, ['--rules', os.path.join(outside, 'ok.yml')], 0, None),
        # inside the tree everything still works, symbolic links included
        ('inside', {'.statuslint.yml': 'rules: [ci/, ./more/../more/r.yml]\n', 'ci/a.yml': RULE,
                    'other/b.yml': RULE.replace('local.r', 'local.s'),
                    'more/r.yml': ('link', '../other/b.yml')}, [], 0, None),
        ('inside-one', {'.statuslint.yml': 'rules: [ci/a.yml]\n', 'ci/a.yml': RULE}, [], 0, None),
    ]

def cmd_settings(bin_, work):
    base = fresh(work)
    outside = os.path.join(base, 'outside')
    write(os.path.join(outside, 'secret.txt'), 'TOKEN=%s\n' % SECRET)
    write(os.path.join(outside, 'secret.yml'), 'password: %s\n' % SECRET)
    write(os.path.join(outside, 'dir', 'x.yml'), 'api_key: %s\n' % SECRET)
    write(os.path.join(outside, 'ok.yml'), RULE)
    write(os.path.join(outside, 'settings.yml'), 'rules: []\n')
    env = dict(os.environ, SL_PROBE=SECRET)  # /proc/self/environ holds it
    for name, files, extra, want, pattern in settings_cases(outside):
        co = fresh(os.path.join(base, 'checkout-' + name))
        for rel, what in files.items():
            p = os.path.join(co, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if isinstance(what, tuple):
                os.symlink(what[1], p)
            else:
                write(p, what)
        # the checkout's parent is `base`, so ../outside exists from it
        r = run([bin_, '--no-progress'] + extra + ['rules', 'list'], cwd=co, env=env)
        if r is None:
            continue
        out = (r.stdout + r.stderr).decode('utf-8', 'replace')
        if SECRET in out:
            fail('settings %s: the secret reached the output:\n%s' % (name, out[:800]))
        if r.returncode != want:
            fail('settings %s: exit %d, want %d:\n%s' % (name, r.returncode, want, out[:800]))
        if pattern and not re.search(pattern, r.stderr.decode('utf-8', 'replace')):
            fail('settings %s: stderr lacks /%s/:\n%s' % (name, pattern, out[:800]))
        for rid in ('local.r', 'local.s'):
            if want == 0 and any(rid in t for t in files.values() if isinstance(t, str)) \
                    and rid.encode() not in r.stdout:
                fail('settings %s: rule %s was not loaded:\n%s' % (name, rid, out[:800]))
        print('checked settings %s' % name, flush=True)
    # Not YAML / not a rule file, named on the command line: named, never shown.
    for name, text in [('env', 'TOKEN=%s\n' % SECRET), ('map', 'password: %s\n' % SECRET),
                       ('json', '{"auths": {"r": {"auth": "%s"}}}\n' % SECRET),
                       ('bad-yaml', 'k: [%s\n' % SECRET), ('binary', '\x01%s\x00\n' % SECRET)]:
        p = os.path.join(outside, 'foreign-' + name)
        write(p, text)
        for args in (['--rules', p, 'rules', 'list'], ['--config', p, 'rules', 'list']):
            r = run([bin_, '--no-progress'] + args, cwd=base)
            if r is None:
                continue
            err = r.stderr.decode('utf-8', 'replace')
            if SECRET in err or r.returncode != 2 or 'foreign-' + name not in err:
                fail('foreign %s via %s: exit %d (want 2), stderr must name the file and not show it:\n%s'
                     % (name, args[0], r.returncode, err[:600]))
        print('checked foreign file %s' % name, flush=True)

# ================= escapes =================

# C0 (but TAB, LF), DEL, C1 (UTF-8 and a lone 8-bit byte), line separators and bidi controls
TERM_BAD = re.compile(rb'[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]'
                      rb'|[\x80-\xff]')
UTF8_OK = re.compile(rb'[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}')

def raw_terminal_byte(data):
    """Offset of the first byte a terminal would act on, or None (valid UTF-8 letters pass)."""
    i = 0
    while True:
        m = TERM_BAD.search(data, i)
        if not m:
            return None
        ok = UTF8_OK.match(data, m.start())
        if m.group()[0] >= 0x80 and ok and not TERM_BAD.fullmatch(ok.group()[:2]) \
                and not re.fullmatch(rb'\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]', ok.group()):
            i = ok.end()
            continue
        return m.start()

def check_clean(tag, data):
    at = raw_terminal_byte(data)
    if at is not None:
        fail('%s: raw terminal control at offset %d: %r' % (tag, at, data[max(0, at - 40):at + 12]))

# YAML double-quoted escapes put every kind of control into rule text.
HOSTILE = r'\e]8;;http://x\a\e[2J\x9b31m\u202eevil\u2066\x85\x7f'
def hostile_rules():
    h = HOSTILE
    return ('rules:\n  - id: local.esc\n    title: "title %s"\n    description: "line one %s\\nline two"\n'
            '    severity: warning\n    codes: [299]\n    when: status == 299 and user_agent != "%s"\n'
            '    message: "msg %s {path}"\n    references: ["RFC 9110 %s"]\n'
            '    tests:\n      match: [{status: 299, user_agent: "ua", path: "/%s"}]\n'
            '      no_match: [{status: 299, user_agent: "%s", path: "/%s"}]\n'
            '  - id: local.esc-fails\n    title: t\n    severity: info\n    codes: [299]\n'
            '    when: status == 299\n    message: m\n'
            '    tests:\n      match: [{status: 200, path: "/%s"}]\n      no_match: [{status: 200}]\n'
            % ((h,) * 9))

def cmd_escapes(bin_, work):
    base = fresh(work)
    rules = os.path.join(base, 'esc.yml')
    write(rules, hostile_rules())
    runs = [('rules list', ['--rules', rules, 'rules', 'list']),
            ('rules list jsonl', ['--rules', rules, 'rules', 'list', '-f', 'jsonl']),
            ('rules explain', ['--rules', rules, 'rules', 'explain', 'local.esc']),
            ('rules test', ['rules', 'test', rules])]
    for tag, args in runs:
        r = run([bin_, '--no-progress', '--no-default-rules'] + args)
        if r is None:
            continue
        if r.returncode not in (0, 1) or (tag != 'rules test' and r.returncode):
            fail('%s: exit %d:\n%s' % (tag, r.returncode, r.stderr[:500]))
        if tag.startswith('rules list') and b'local.esc' not in r.stdout:
            fail('%s: the rule is not listed:\n%r' % (tag, r.stdout[:500]))
        check_clean(tag + ' stdout', r.stdout)
        check_clean(tag + ' stderr', r.stderr)
        if tag == 'rules list jsonl':
            for line in r.stdout.splitlines():
                json.loads(line)
        print('checked %s' % tag, flush=True)
    # file names: a CSI byte on its own, C1 in UTF-8, a bidi override, ESC
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    for raw in (b'csi-\x9b31m', b'c1-\xc2\x9b31m', b'rlo-\xe2\x80\xaegol.txt', b'esc-\x1b]0;t\x07'):
        name = os.path.join(base.encode(), raw + b'.log')
        with open(name, 'wb') as f:
            f.write(sample)
        with open(name + b'.gz', 'wb') as f:
            f.write(gzip.compress(sample)[:300])
        with open(name + b'.bin', 'wb') as f:
            f.write(b'\x00\x01 not a log \x02\n' * 4)
        for tag, args in (('detect', ['--detect', name, name + b'.gz', name + b'.bin']),
                          ('analyze', ['-f', 'jsonl', '-o', os.devnull, name + b'.gz', name + b'.missing',
                                       name + b'.bin']),
                          ('rules explain', ['rules', 'explain', raw])):
            r = run([bin_, '--no-progress'] + args)
            if r is None:
                continue
            if r.returncode == 0 or (r.returncode < 0):
                fail('%s %r: exit %d, want 1 or 2' % (tag, raw, r.returncode))
            check_clean('%s %r stdout' % (tag, raw), r.stdout)
            check_clean('%s %r stderr' % (tag, raw), r.stderr)
        print('checked names %r' % raw, flush=True)

# ================= compressed =================

def summary_of(bin_, path, extra=()):
    r = run([bin_, '--no-progress', '-q', '--exit-zero', '-f', 'json', '-j', '2'] + list(extra) + [path])
    if r is None:
        return None, None
    try:
        return r, json.loads(r.stdout)['summary']
    except (ValueError, KeyError):
        fail('%s: no JSON summary (exit %d): %r' % (path, r.returncode, r.stderr[:400]))
        return r, None

def skippable(payload, magic_low=0x50):
    import struct
    return struct.pack('<II', 0x184D2A00 | magic_low, len(payload)) + payload

def cmd_compressed(bin_, work):
    base = fresh(work)
    plain = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read() * 40
    want = plain.count(b'\n')
    cases = []
    gz = gzip.compress(plain)
    # gzip followed by zero padding (tape, block devices, preallocated files): gzip -dc reads
    # it with status 0; so must statuslint, with a warning. 3 MiB of zeros cross every buffer.
    for n in (1, 4096, 3 << 20):
        cases.append(('gzip+%d-zeros' % n, gz + b'\0' * n, 'gzip', False, r'warning: .*zero bytes'))
    cases.append(('gzip-2-members+zeros', gz + gz + b'\0' * 100, 'gzip', False, r'warning: .*zero bytes'))
    # zeros and then garbage stay an input error (gzip -dc, too, exits 2 on it)
    cases.append(('gzip+zeros+garbage', gz + b'\0' * 10 + b'junk', 'gzip', True, r'trailing garbage'))
    if shutil.which('zstd'):
        zs = subprocess.run(['zstd', '-q', '-c'], input=plain, capture_output=True, check=True).stdout
        cases.append(('zstd-skippable-first', skippable(b'meta' * 10) + zs, 'zstd', False, None))
        cases.append(('zstd-skippable-5f-empty', skippable(b'', 0x5f) + zs, 'zstd', False, None))
        cases.append(('zstd-skippable-between', zs + skippable(b'x' * 100, 0x5a) + zs, 'zstd', False, None))
        cases.append(('zstd-skippable-cut', skippable(b'meta' * 10)[:12], 'zstd', True, r'unexpected end of zstd'))
    else:
        print('note: zstd missing, its skippable-frame cases are not tested')
    for name, data, tool, bad, pattern in cases:
        path = os.path.join(base, name)
        write(path, data)
        ref = subprocess.run([tool, '-dc', path], capture_output=True)
        r, summ = summary_of(bin_, path)
        if r is None or summ is None:
            continue
        err = r.stderr.decode('utf-8', 'replace')
        if bad != (r.returncode == 2):
            fail('%s: exit %d (%s wanted); %s -dc exits %d:\n%s' % (name, r.returncode,
                 'an input error' if bad else 'no input error', tool, ref.returncode, err[:500]))
        if pattern and not re.search(pattern, err):
            fail('%s: stderr lacks /%s/:\n%s' % (name, pattern, err[:500]))
        lines = ref.stdout.count(b'\n')
        if summ.get('lines') != lines:
            fail('%s: %s lines read, %s -dc gives %d' % (name, summ.get('lines'), tool, lines))
        d = run([bin_, '--detect', path])
        if d is not None and not bad and (', %s ' % tool).encode() not in d.stdout:
            fail('%s: --detect does not say %s: %r' % (name, tool, d.stdout))
        print('checked %s: exit %d, %s lines' % (name, r.returncode, summ.get('lines')), flush=True)

# ================= boundaries =================

CLF = b'203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /%s HTTP/1.1" 207 90 "-" "curl/8"\n'

def boundary_inputs():
    """(name, bytes, {summary key: value wanted}) around the CLI's size limits."""
    short = [CLF % (b'item/%d' % i) for i in range(50)]
    cap = 512 << 10
    at_cap = (CLF % (b'a' * (cap + 1 - len(CLF % b'')))).rstrip(b'\n')  # exactly cap bytes
    yield 'first-line-100k', CLF % (b'p' * 100000) + b''.join(short), {'records': 51, 'rejected': 0}
    yield 'json-first-line-100k', b''.join(
        b'{"status":207,"request_method":"GET","request_uri":"/%s"}\n' % (b'x' * (100000 if i == 0 else i))
        for i in range(20)), {'records': 20, 'rejected': 0}
    yield 'line-at-cap', at_cap + b'\n' + b''.join(short), {'records': 51, 'rejected': 0}
    yield 'line-over-cap', at_cap + b'x\n' + b''.join(short), {'records': 50, 'rejected': 1}
    body = b''.join(short) * 500  # about 4.5 MiB: lines straddle the 2 MiB chunks
    yield 'across-chunks', body, {'records': 25000, 'rejected': 0}
    # CSV: a quoted field of most of a 512 KiB line; records over lines either side of the
    # span bounds (8 lines, 64 KiB): a record past them is rejected, the rows after it read
    head = b'status,path,method\n'
    yield 'csv-field-500k', head + b'207,"/' + b'a' * (500 << 10) + b'",GET\n207,/b,GET\n', \
        {'records': 2, 'rejected': 0}
    for name, nl, want in (('csv-record-7-lines', 6, {'records': 2, 'rejected': 0}),
                           ('csv-record-9-lines', 8, {'records': 1, 'reason': 'not closed within'}),
                           ('csv-record-60k', 1, {'records': 2, 'rejected': 0})):
        field = b'\n'.join([b'a' * (60000 if name.endswith('60k') else 10)] * (nl + 1))
        yield name, head + b'207,"/' + field + b'",GET\n207,/b,GET\n', want
    field = b'\n'.join([b'a' * 40000] * 3)  # still open after 80 KB
    yield 'csv-record-120k', head + b'207,"/' + field + b'",GET\n207,/b,GET\n', \
        {'records': 1, 'reason': 'not closed within'}

def cmd_boundaries(bin_, work):
    base = fresh(work)
    for name, data, want in boundary_inputs():
        path = os.path.join(base, name + '.log')
        write(path, data)
        phys = data.count(b'\n') + (0 if data.endswith(b'\n') else 1)
        seen = []
        for j in (1, 2):
            r = run([bin_, '--no-progress', '-q', '--exit-zero', '-j', str(j), '-f', 'json', path])
            if r is None:
                continue
            try:
                doc = json.loads(r.stdout)
            except ValueError:
                fail('%s -j%d: no JSON (exit %d): %r' % (name, j, r.returncode, r.stderr[:300]))
                continue
            sm = doc['summary']
            if sm['lines'] != phys or sm['lines'] != sm['records'] + sm['rejected'] + sm['skipped']:
                fail('%s -j%d: lines %d, records %d + rejected %d + skipped %d; the file has %d'
                     % (name, j, sm['lines'], sm['records'], sm['rejected'], sm['skipped'], phys))
            reasons = ' | '.join(x['reason'] for x in doc.get('rejected_samples', []))
            if 'reason' in want and want['reason'] not in reasons:
                fail('%s -j%d: no line rejected as %r: %s' % (name, j, want['reason'], reasons[:300]))
            for k, v in want.items():
                if k != 'reason' and sm.get(k) != v:
                    fail('%s -j%d: %s is %s, want %s (stderr %r)' % (name, j, k, sm.get(k), v, r.stderr[:300]))
            seen.append([(f['line'], f['rule']) for f in doc['findings']])
        if len(seen) == 2 and seen[0] != seen[1]:
            fail('%s: findings differ between -j1 and -j2' % name)
        print('checked %s' % name, flush=True)

# ================= hooks =================

def cmd_hooks(bin_, work):
    """Release builds (no -DSL_TEST_HOOKS) read no environment variable but the documented
    CI and NO_COLOR: the binary carries no STATUSLINT_* name and suppression expiry follows
    the real date whatever STATUSLINT_NOW says. A test build (SL_TEST_HOOKS=1 from ctest)
    has exactly one hook, STATUSLINT_NOW, and it pins the date."""
    base = fresh(work)
    hooks = os.environ.get('SL_TEST_HOOKS', '0') == '1'
    data = open(bin_, 'rb').read()
    names = sorted(set(n.decode() for n in re.findall(rb'STATUSLINT_[A-Z_]+', data)))
    if names != (['STATUSLINT_NOW'] if hooks else []):
        fail('a %s build carries the environment hooks %s' % ('test' if hooks else 'release', names))
    log = os.path.join(base, 'bulk.log')
    write(log, '203.0.113.9 - - [01/Jun/2026:10:00:00 +0000] "POST /api/bulk HTTP/1.1" 207 90 "-" "c/8"\n')
    for expires, expired in (('2000-01-01', True), ('2999-12-31', False)):
        co = fresh(os.path.join(base, 'co-' + expires))
        write(os.path.join(co, '.statuslint.yml'),
              'suppress:\n  - rule: dav.207-non-webdav-method\n    reason: by design\n'
              '    expires: %s\n' % expires)
        for fake in (None, '0', '99999999999', '1795000000'):
            env = dict(os.environ)
            for k in [k for k in env if k.startswith('STATUSLINT')]:
                del env[k]
            if fake:
                env['STATUSLINT_NOW'] = fake
            r = run([bin_, '--no-progress', '-q', '--exit-zero', '-f', 'json', log], cwd=co, env=env)
            if r is None:
                continue
            try:
                supp = json.loads(r.stdout)['summary'].get('suppressed')
            except (ValueError, KeyError):
                fail('hooks: no JSON summary: %r' % r.stderr[:300])
                continue
            want = expired
            if hooks and fake is not None:  # the test hook: the pinned date decides
                want = int(fake) >= {'2000-01-01': 946771200, '2999-12-31': 32503680000}[expires]
            warned = b'expired on ' + expires.encode() in r.stderr
            if warned != want or (supp == 1) == want:
                fail('hooks: expires %s with STATUSLINT_NOW=%s: suppressed %s, warned %s; want %s'
                     % (expires, fake, supp, warned, 'expired' if want else 'applied'))
        print('checked expiry %s (%s build)' % (expires, 'test' if hooks else 'release'), flush=True)

def main():
    if len(sys.argv) != 4:
        sys.exit('usage: untrusted.py settings|escapes|compressed|boundaries|hooks BIN WORK')
    cmd, bin_, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    {'settings': cmd_settings, 'escapes': cmd_escapes, 'compressed': cmd_compressed,
     'boundaries': cmd_boundaries, 'hooks': cmd_hooks}[cmd](bin_, work)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')

if __name__ == '__main__':
    main()
