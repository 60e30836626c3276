#!/usr/bin/env python3
"""gen_inputs.py: writes the hostile-input corpus into a directory at test time (large
inputs are not kept in the repository): random bytes, NULs, a 10 MB line, invalid UTF-8,
CRLF, no final newline, terminal escapes and BEL in paths, user agents and the file name,
quotes and backslashes, huge numbers, impossible dates, 100k-deep JSON, a CSV with 100k
columns, W3C without #Fields, and a gzip copy. Deterministic (fixed seed).
usage: gen_inputs.py OUTDIR"""
import gzip, os, random, sys

def combined(ip=b'203.0.113.7', t=b'01/Jun/2026:10:00:00 +0000', req=b'GET /x HTTP/1.1', st=b'200',
             size=b'90', ref=b'-', ua=b'curl/8'):
    return b'%s - - [%s] "%s" %s %s "%s" "%s"' % (ip, t, req, st, size, ref, ua)

def lines(*ls, end=b'\n'):
    return end.join(ls) + end

def inputs(rnd):
    ok = [combined(req=b'PROPFIND /dav/ HTTP/1.1', st=b'207', size=b'512'),
          combined(req=b'GET /api HTTP/1.1', st=b'207'),
          combined(req=b'GET /b HTTP/1.1', st=b'208'),
          combined(req=b'HEAD / HTTP/1.1', st=b'204', size=b'12')]
    yield 'random-bytes.log', bytes(rnd.getrandbits(8) for _ in range(65536))
    yield 'random-lines.log', b'\n'.join(bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(200)))
                                         for _ in range(500))
    yield 'nuls.log', lines(*ok, combined(req=b'GET /a\x00b HTTP/1.1', st=b'207'),
                            b'\x00' * 100, combined(ua=b'x\x00\x00y', st=b'208'), b'\x00')
    yield 'long-line-10mb.log', lines(*ok, combined(ua=b'A' * (10 << 20), st=b'207'), *ok)
    yield 'invalid-utf8.log', lines(*ok, combined(req=b'GET /\xff\xfe\xc3\x28 HTTP/1.1', st=b'207'),
                                    combined(ua=b'\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80', st=b'208'),
                                    combined(ref=b'\xe2\x80\xae\xc2\x9b', st=b'207'))
    yield 'crlf.log', lines(*ok, end=b'\r\n') + b'\r\n\r\n' + combined(st=b'208') + b'\r\r\n'
    yield 'no-final-newline.log', lines(*ok) + combined(st=b'208')
    yield 'only-newlines.log', b'\n' * 1000 + b'\r\n' * 10 + b'\r'
    yield 'empty.log', b''
    esc = [combined(req=b'GET /\x1b[2J\x1b]0;pwned\x07/x HTTP/1.1', st=b'207'),
           combined(ua=b'\x1b[31mred\x1b[0m\x07\x08\x7f', st=b'208'),
           combined(req=b'G\x1bET /\x9b31m HTTP/1.1', st=b'207'),
           combined(ref=b'\x1bP+q\x1b\\', st=b'207')]
    yield 'escapes.log', lines(*ok, *esc)
    yield 'esc\x1b[31m-bel\x07-name.log', lines(*esc)
    yield 'quotes.log', lines(combined(req=b'GET /"q" HTTP/1.1', st=b'207'),
                              combined(ua=b'a\\"b\\\\', st=b'208'),
                              b'1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] "GET /x HTTP/1.1\\" 207 1 "-" "\\',
                              combined(req=b'\\\\\\" \\ \\', st=b'207'), b'"""""', b'\\' * 1000)
    yield 'huge-numbers.log', lines(combined(st=b'99999999999999999999'), combined(size=b'1e30', st=b'207'),
                                    combined(size=b'99999999999999999999999999', st=b'204'),
                                    combined(size=b'-5', st=b'204'), combined(st=b'-207'),
                                    combined(st=b'2070'), combined(st=b'0207'), combined(st=b'1e3'))
    yield 'impossible-dates.log', lines(*(combined(t=t, st=b'207') for t in (
        b'31/Feb/2026:10:00:00 +0000', b'01/Foo/2026:10:00:00 +0000', b'01/Jun/99999:10:00:00 +0000',
        b'00/Jun/2026:25:61:61 +9999', b'01/Jun/1969:00:00:00 -2400', b'', b'[[[', b'01/Jun/2026')))
    deep = b'[' * 100000
    yield 'nested.json', lines(b'{"status":207,"request":"GET /a HTTP/1.1","request_time":0.1}',
                               b'{"status":208,"x":' + deep + b'}', deep,
                               b'{"a":' * 100000 + b'1' + b'}' * 100000,
                               b'{"status":"\\u0000\\u001b[31m","request":"GET /\\u202e HTTP/1.1"}',
                               b'{"status":207,"request":"GET /\\ud800 HTTP/1.1","bad":"\\x41"}',
                               b'{"status":1e999}', b'{"status":207,' * 1000)
    cols = b','.join(b'c%d' % i for i in range(100000))
    yield 'wide.csv', lines(b'status,method,path,' + cols, b'207,GET,/x,' + b'1,' * 99999 + b'1',
                            b'208,GET,/y', b'"unterminated,207')
    yield 'w3c-no-fields.log', lines(b'#Software: Microsoft Internet Information Services 10.0',
                                     b'#Version: 1.0', b'2026-06-01 10:00:00 GET /x - 207 90',
                                     b'2026-06-01 10:00:01 GET /y - 208 0')
    yield 'w3c-changing.log', lines(b'#Fields: date time cs-method cs-uri-stem sc-status',
                                    b'2026-06-01 10:00:00 GET /x 207', b'#Fields:',
                                    b'2026-06-01 10:00:00 GET /x 207', b'#Fields: sc-status ' + b'x ' * 5000,
                                    b'207', b'#Fields: sc-status cs-method', b'208 GET extra extra')
    yield 'mixed.log', lines(*ok, b'{"status":207}', b'#Fields: sc-status', b'a,b,c', *ok)
    yield 'many-findings.log', lines(*(ok * 2000))
    yield 'escapes.log.gz', gzip.compress(lines(*ok, *esc) * 50)

def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    for name, data in inputs(rnd):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)

if __name__ == '__main__':
    main()
