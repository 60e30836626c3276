#!/usr/bin/env python3
"""detect_edges.py: hostile inputs at the edges of the detection sample and of the byte
column inference (ctest hostile.detect-edges), checked through the command line:
  - a first line longer than the sample, than the reader's line cap, and than a chunk;
  - the sample ending exactly at, one byte before and one byte after a line end;
  - NUL bytes, CR-only line ends and a lone huge line without a newline;
  - a %O log whose only bodyless 0 line ends one byte past the sample (stays total bytes),
    exactly at its end or one byte before (body bytes), and a file whose format fits only
    after the first chunk (decided once: every line rejected).
For each: no signal, exit <= 2, lines == records + rejected + skipped == the input's
physical lines, identical JSON summaries and findings for -j1 and -j3, and --detect agreeing
with the analysis on whether the byte column counts headers.
usage: detect_edges.py STATUSLINT WORKDIR"""
import json, os, shutil, subprocess, sys

SAMPLE = 1 << 20            # SL_DETECT_SAMPLE
LINE_MAX = 64 << 10         # SL_DETECT_LINE_MAX
failures = []

def fail(what):
    failures.append(what)
    print('FAIL: ' + what, flush=True)

def line(req, st, b, ua='curl/7.88.1'):
    return ('127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "%s" %s %s "-" "%s"\n' % (req, st, b, ua)).encode()

STOCK_O = b''.join([line('GET / HTTP/1.1', 200, 22261), line('HEAD / HTTP/1.1', 200, 234),
                    line('GET /i HTTP/1.1', 304, 196), line('DELETE /d/a HTTP/1.1', 204, 96),
                    line('PUT /d/a HTTP/1.1', 204, 121), line('GET /b HTTP/1.1', 206, 395)])
ZERO = line('HEAD /gone HTTP/1.1', 410, 0)  # a bodyless 0: decisive

def pad(n):  # a 200 line of exactly n bytes (n >= 120)
    head = b'127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] "GET /'
    tail = b' HTTP/1.1" 200 5120 "-" "curl/7.88.1"\n'
    return head + b'a' * (n - len(head) - len(tail)) + tail

def fill_to(prefix, total):  # prefix + 200 lines up to exactly `total` bytes
    out = bytearray(prefix)
    while total - len(out) > 4000 + 200:
        out += pad(4000)
    out += pad(total - len(out))
    return bytes(out)

def cases():
    big = line('GET /q?%s HTTP/1.1' % ('x' * 300000), 414, 226)
    yield 'first-line-longer-than-sample', big + STOCK_O * 20
    yield 'first-line-over-line-cap', line('GET /%s HTTP/1.1' % ('y' * 600000), 414, 226) + STOCK_O * 20
    yield 'first-line-longer-than-chunk', b'z' * (3 << 20) + b'\n' + STOCK_O * 20
    yield 'first-line-at-line-max', pad(LINE_MAX + 1) + STOCK_O * 20
    yield 'first-line-over-line-max', pad(LINE_MAX + 2) + STOCK_O * 20
    # the zero-byte line ends 1 byte before, exactly at, or 1 byte after the sample's end
    for d in (-1, 0, 1):
        body = fill_to(STOCK_O, SAMPLE + d - len(ZERO))
        yield 'zero-ends-at-sample%+d' % d, body + ZERO + STOCK_O * 50
    yield 'nul-bytes', STOCK_O + b'\x00' * 5000 + b'\n' + STOCK_O.replace(b'curl', b'cu\x00rl')
    yield 'cr-only', STOCK_O.replace(b'\n', b'\r') * 30
    yield 'lone-huge-line', b'w' * (5 << 20)
    yield 'format-after-first-chunk', b'trace line, not an access log\n' * 80000 + STOCK_O * 100
    yield 'only-long-lines', (b'v' * (LINE_MAX + 10) + b'\n') * 40
    yield 'only-long-log-lines', line('GET /%s HTTP/1.1' % ('u' * (LINE_MAX + 10)), 200, 9) * 12

def physical_lines(data):
    return data.count(b'\n') + (1 if data and not data.endswith(b'\n') else 0)

def analyze(sl, path, j):
    p = subprocess.run([sl, '--no-progress', '-q', '-j%d' % j, '-f', 'json', '--exit-zero', path],
                       capture_output=True, timeout=120)
    return p

def main():
    sl, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for name, data in cases():
        path = os.path.join(work, name + '.log')
        with open(path, 'wb') as f:
            f.write(data)
        docs = []
        for j in (1, 3):
            p = analyze(sl, path, j)
            if p.returncode < 0 or p.returncode > 2:
                fail('%s -j%d: exit %d: %s' % (name, j, p.returncode, p.stderr[-300:]))
                continue
            try:
                d = json.loads(p.stdout)
            except ValueError as e:
                fail('%s -j%d: JSON does not parse: %s' % (name, j, e))
                continue
            s = d['summary']
            for k in ('seconds', 'started', 'finished'):
                s.pop(k, None)
            if s['lines'] != s['records'] + s['rejected'] + s['skipped']:
                fail('%s -j%d: lines %d != records + rejected + skipped' % (name, j, s['lines']))
            if s['lines'] != physical_lines(data):
                fail('%s -j%d: %d lines counted, the input has %d' % (name, j, s['lines'], physical_lines(data)))
            docs.append(json.dumps(d, sort_keys=True))
        if len(docs) == 2 and docs[0] != docs[1]:
            fail('%s: -j1 and -j3 differ' % name)
        det = subprocess.run([sl, '--detect', path], capture_output=True, timeout=60)
        total = b'bytes include headers' in det.stdout
        body_rules = any(f['rule'].startswith('body.') for f in json.loads(docs[0])['findings']) if docs else False
        print('%-34s %s' % (name, det.stdout.decode('utf-8', 'replace').split(': ', 1)[-1][:90].strip()))
        if name == 'zero-ends-at-sample+1' and not total:
            fail('%s: a zero past the sample changed the inference: %s' % (name, det.stdout))
        if name in ('zero-ends-at-sample-1', 'zero-ends-at-sample+0') and total:
            fail('%s: a zero inside the sample did not veto the inference' % name)
        if (name.startswith('first-line-') or name == 'only-long-log-lines') and b'combined' not in det.stdout:
            fail('%s: not detected as combined: %s' % (name, det.stdout))
        if total and body_rules:
            fail('%s: body-byte rules ran on a total-bytes input' % name)
    print('%d failures' % len(failures))
    return 1 if failures else 0

if __name__ == '__main__':
    sys.exit(main())
