#!/usr/bin/env python3
"""make_seeds.py: writes the seed corpora in tests/fuzz/corpus/<target>/ from samples/,
rules/*.yml and the permissively licensed shared corpora (elastic, lnav, crowdsec, fluentd,
ccs, svnbook; see corpus/PROVENANCE.md). Run once by hand; its output is committed, and
files found by fuzzing are added beside it. Seeds are small (at most 4 KiB each)."""
import bz2, gzip, lzma, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
SHARED = os.environ.get('SL_SHARED_DIR', os.path.join(SRC, '..', 'shared'))
C = os.path.join(SHARED, 'corpora')
OUT = os.path.join(HERE, 'corpus')
MAX = 4096

def lines(path, n=12):
    try:
        with open(path, 'rb') as f:
            return f.read(64 * 1024).split(b'\n')[:n]
    except OSError:
        return []

def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'seed-' + name), 'wb') as f:
        f.write(data[:MAX])

def block(ls):
    return b'\n'.join(ls) + b'\n'

def crowd(name):
    return os.path.join(C, 'crowdsec-hub', 'logs', name)

def lnav(name):
    return os.path.join(C, 'lnav', 'logs', name)

def text_seeds():
    srcs = {
        'clf': [os.path.join(SRC, 'samples', 'combined.log'), os.path.join(SRC, 'samples', 'clean.log'),
                os.path.join(C, 'elastic-examples', 'apache_logs.log'),
                os.path.join(C, 'svnbook', 'ch06_apache_access_log_excerpt.log'),
                os.path.join(C, 'ccs-calendarserver', 'ExtendedLogItems_examples.log'),
                lnav('logfile_access_log.0'), lnav('logfile_bad_access_log.0'),
                crowd('apache2-malformed__apache2-logs.log'), crowd('nginx-http-malformed__nginx_http-logs.log'),
                crowd('http-dos-invalid-http-versions__http-dos-invalid-http-versions.log')],
        'nginx': [os.path.join(SRC, 'samples', 'nginx-extended.log'), crowd('nginx_http-logs__nginx_http-logs.log')],
        'apache': [os.path.join(SRC, 'samples', 'apache-extended.log'), crowd('apache2-logs__apache2-logs.log')],
        'json': [lnav('logfile_caddy_log.0'), lnav('logfile_cloudflare.json'), lnav('logfile_json3.json'),
                 crowd('caddy-logs__caddy-logs.log'), crowd('traefik_json__traefik_json.log')],
        'w3c': [lnav('logfile_w3c.%d' % i) for i in range(7)] + [crowd('aws-cloudfront-logs__aws-cloudfront-logs.log'),
                crowd('iis-xml-logs__iis-logs.log')],
        'cloud': [crowd('aws-alb-logs__aws-alb-logs.log'), crowd('haproxy-logs__haproxy-logs.log'),
                  lnav('logfile_haproxy.0'), crowd('traefik_clf__traefik_clf.log')],
    }
    for group, paths in srcs.items():
        for i, p in enumerate(paths):
            ls = lines(p)
            if not ls:
                continue
            for sel in range(4):
                put('format_' + group, '%s-%d-%d' % (os.path.basename(p)[:24], i, sel),
                    bytes([sel]) + block(ls[sel * 3:sel * 3 + 6] or ls))
    csv = [b'time,client,method,path,status,bytes,user_agent,content_type',
           b'2026-06-01T10:00:00Z,192.0.2.1,GET,/x,207,90,"curl/8, ""quoted""",text/html',
           b'2026-06-01T10:00:01Z,192.0.2.2,PROPFIND,/dav/,208,0,ua,application/xml',
           b'"2026-06-01T10:00:02Z","192.0.2.3","POST","/a\nb",301,"-","ua",-']
    ecs = [b'@timestamp,source.ip,http.request.method,url.original,http.response.status_code,'
           b'http.response.body.bytes,user_agent.original',
           b'2026-06-01T10:00:00Z,192.0.2.1,HEAD,/x?y=1,204,10,curl']
    w3ccsv = [b'date,time,c-ip,cs-method,cs-uri-stem,cs-uri-query,sc-status,sc-bytes,cs(User-Agent)',
              b'2026-06-01,10:00:00,192.0.2.1,GET,/x,-,418,5,Mozilla']
    mapped = [b'st,ua,m,p', b'207,curl,GET,/x', b'999999999999,x,DELETE,/']
    for i, rows in enumerate([csv, ecs, w3ccsv, mapped]):
        put('format_csv', 'csv-%d' % i, bytes([0x80]) + block(rows))
        put('format_csv', 'tsv-%d' % i, bytes([0x81]) + block(r.replace(b',', b'\t') for r in rows))

def reader_seeds():
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()[:3000]
    put('reader', 'plain', b'\x10\x20' + sample)
    put('reader', 'crlf', b'\x05\x00' + sample.replace(b'\n', b'\r\n')[:500])
    put('reader', 'long', b'\x02\x01' + b'x' * 300 + b'\nab\n' + b'y' * 70)
    put('reader', 'nul', b'\x07\x07a\x00b\n\x00\n\n\nno-final-newline')
    put('reader', 'gzip', b'\x20\x40' + gzip.compress(sample))
    put('reader', 'gzip2', b'\x20\x40' + gzip.compress(sample[:200]) + gzip.compress(sample[200:400]))
    put('reader', 'bzip2', b'\x30\x10' + bz2.compress(sample))
    put('reader', 'xz', b'\x08\x08' + lzma.compress(sample))
    put('reader', 'gzip-cut', b'\x20\x40' + gzip.compress(sample)[:300])
    try:
        z = subprocess.run(['zstd', '-q', '-c'], input=sample, capture_output=True, check=True).stdout
        put('reader', 'zstd', b'\x11\x22' + z)
        put('reader', 'zstd-cut', b'\x11\x22' + z[:200])
    except (OSError, subprocess.CalledProcessError):
        print('zstd missing: no zstd seeds', file=sys.stderr)

def format_compile_seeds():
    specs = [b'combined', b'csv\x00st=status,ua=user_agent', b'w3c',
             b'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
             b'"$http_referer" "$http_user_agent" "$sent_http_content_type"',
             b'$host $msec $request_time $upstream_status $upstream_addr $http_x_y $sent_http_location',
             b'%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Content-Type}o"',
             b'%v %{%Y-%m-%d}t %D %T %I %O %m %U%q %H %{X-Y}o %<s %B',
             b'$', b'%', b'%{', b'$status$status', b'"$request', b'%{Foo}x %Z']
    for i, s in enumerate(specs):
        put('format_compile', 'spec-%d' % i, s)

def rule_seeds():
    rules_dir = os.path.join(SRC, 'rules')
    yml = sorted(f for f in os.listdir(rules_dir) if f.endswith('.yml'))
    log = block(lines(os.path.join(SRC, 'samples', 'combined.log'), 16))
    small = [b'rules:\n  - id: t.a\n    title: t\n    severity: error\n    codes: [207]\n'
             b'    when: method not in (PROPFIND, "REPORT") and len(path) > 2\n'
             b'    message: "{method} {path} got {status} from {client} via {req.x_y}"\n',
             b'lists:\n  m: [GET, HEAD]\nmacros:\n  x: user_agent =~ "(?i)^curl/[0-9]+"\n'
             b'rules:\n  - id: t.b\n    title: t\n    severity: warning\n    when: x and method in @m and status in 200..299\n'
             b'    message: "{user_agent}"\n    suggest: [204]\n',
             b'rules:\n  - id: t.c\n    title: t\n    severity: info\n'
             b'    when: not exists(content_type) or lower(content_type) startswith "text/" or bytes >= 1000000\n'
             b'    message: "{content_type} {bytes} {time} {nosuch}"\n',
             b'rules:\n  - id: t.d\n    title: t\n    severity: info\n    when: user_agent =~ "(a+)+$"\n    message: "{{x}} {"\n']
    for i, s in enumerate(small):
        put('rule_compile', 'small-%d' % i, s)
        put('rule_eval', 'small-%d' % i, s + b'\x00' + log)
        put('rule_eval', 'tabs-%d' % i, s + b'\x00' + b'2026-06-01T10:00:00Z\t1.2.3.4\t-\tGET\t/x?y\t/x\ty\tHTTP/1.1\t207\t12\n')
    for f in yml:
        data = open(os.path.join(rules_dir, f), 'rb').read()
        put('rule_compile', f, data)
        cut = data[:MAX - len(log) - 1]
        put('rule_eval', f, cut + b'\x00' + log)
    bad = [b'rules:\n  - id: Bad Id\n    colour: red\n    when: status ==\n',
           b'macros:\n  a: b\n  b: a\nrules:\n  - {id: t.x, title: t, severity: error, when: a, message: m}\n',
           b'rules:\n  - {id: t.y, title: t, severity: error, when: path =~ "(", message: m}\n'
           b'  - {id: t.y, title: t, severity: error, when: "((((", message: m}\n',
           b'rules: [\n', b'\xff\xfe', b'rules:\n  - &a {id: t.z}\n  - *a\n']
    for i, s in enumerate(bad):
        put('rule_compile', 'bad-%d' % i, s)

def sink_seeds():
    hostile = [b'logs/a.log', b'GET', b'/x\x1b[31m\x07', b'Example.COM', b'msg "q" \\ <&> \xff\xc3\x28',
               b'we\x1b]0;t\x07ird.gz', b'PROPFIND', b'/\xe2\x80\xae', b'-', b'a\nb\rc\x7f\xc2\x9b',
               b'', b'\x00', b'%0A::,', b'\t', b'\xf4\x90\x80\x80']
    put('sinks', 'hostile', b'\x00' + b'\x00'.join(hostile))
    put('sinks', 'hostile-baseline', b'\x01' + b'\x00'.join(hostile * 3))
    put('sinks', 'plain', b'\x02' + b'\x00'.join([b'access.log', b'GET', b'/', b'h', b'ok'] * 4))

def xpnd(mode, size, delta, body, filler=0, sel=0, gz=False):
    """A boundary-mode recipe (fuzz_expand.h): "XPND" op size delta body."""
    op = (sel << 5) | (filler << 2) | mode | (0x80 if gz else 0)
    return b'XPND' + bytes([op & 0xff, size, delta & 0xff]) + body

def boundary_seeds():
    """Recipes that grow to the 64 KiB sample and CSV record span, the 512 KiB line cap and
    the 2 MiB chunk, a few bytes either side."""
    A, SP, Q, COMMA, TAB, BS, HALF, LF = range(8)
    K64, K512, M1, M2, M4 = range(5)
    sample = block(lines(os.path.join(SRC, 'samples', 'combined.log'), 8))
    clf_head = b'203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET /'
    clf_tail = b' HTTP/1.1" 207 90 "-" "curl/8"\n'
    put('reader', 'xpnd-repeat-2m', xpnd(0, M2, -1, sample))
    put('reader', 'xpnd-line-at-cap', xpnd(1, K512, 1, b'\x00\n'))
    put('reader', 'xpnd-line-over-cap', xpnd(1, K512, 3, b'\x00\n'))
    put('reader', 'xpnd-lines-64k', xpnd(2, K64, 0, sample))
    put('reader', 'xpnd-last-4m', xpnd(3, M4, 17, sample))
    put('reader', 'xpnd-gzip-4m', xpnd(0, M4, 5, sample, gz=True))
    put('reader', 'xpnd-gzip-long-line', xpnd(1, M1, 0, b'start\x00end\n', A, gz=True))
    put('reader', 'xpnd-crlf-2m', xpnd(0, M2, 1, sample.replace(b'\n', b'\r\n')))
    for d in (-60, 10):
        put('format_clf', 'xpnd-path-%d' % d, xpnd(1, K512, d, clf_head + b'\x00' + clf_tail, A))
    put('format_clf', 'xpnd-sample-cut', xpnd(0, K64, 7, sample))
    put('format_clf', 'xpnd-utf8-cut', xpnd(1, K64, 1, clf_head + b'\x00' + clf_tail, HALF))
    put('format_nginx', 'xpnd-ua', xpnd(1, K512, -90, clf_head + b'x HTTP/1.1" 207 90 "-" "\x00"\n', SP))
    put('format_apache', 'xpnd-ua', xpnd(1, K512, -90, clf_head + b'x HTTP/1.1" 207 90 "-" "\x00"\n', BS))
    csv_head = b'status,path,user_agent\n207,"/'
    for d in (-3, 3):  # still open when the record reaches the 64 KiB span bound
        put('format_csv', 'xpnd-span-bytes-%d' % d, xpnd(1, K64, d, csv_head + b'\x00\nmore",curl\n', A))
    put('format_csv', 'xpnd-span-lines', xpnd(1, K64, 0, csv_head + b'\x00a\n\x00",curl\n'))
    put('format_csv', 'xpnd-quotes', xpnd(1, K512, 0, csv_head + b'\x00",curl\n', Q))
    put('format_csv', 'xpnd-rows-2m', xpnd(3, M2, 0, b'status,path\n207,/a\n'))
    put('format_csv', 'xpnd-tsv-tabs', xpnd(1, K64, -1, b'status\tpath\n207\t/\x00\n', TAB, sel=1))
    put('format_json', 'xpnd-string', xpnd(1, K512, -40, b'{"status":207,"request_uri":"/\x00",'
                                                          b'"http_user_agent":"c"}\n', BS, sel=1))
    put('format_json', 'xpnd-lines-64k', xpnd(2, K64, 0, b'{"status":207,"request_uri":"/x"}\n'))
    put('format_w3c', 'xpnd-fields-2m', xpnd(3, M2, -2, b'#Fields: date time cs-method cs-uri-stem sc-status\n'
                                                         b'2026-06-01 10:00:00 GET /x 207\n'))
    rule = (b'rules:\n  - {id: t.big, title: t, severity: warning, when: user_agent =~ "(a|b)+c$" or '
            b'path contains "zz", message: "{path} {user_agent}"}\n')
    put('rule_eval', 'xpnd-long-ua', rule + b'\x00' + xpnd(1, K512, -80, clf_head + b'x HTTP/1.1" 207 90 "-" "'
                                                             b'\x00"\n', A))
    put('rule_eval', 'xpnd-long-path', rule + b'\x00' + xpnd(1, K512, 0, clf_head + b'\x00' + clf_tail, HALF))
    put('format_cloud', 'xpnd-alb', xpnd(1, K512, 0, b'http 2026-06-01T10:00:00.000000Z app/x 1.2.3.4:1 '
                                                      b'- -1 -1 -1 207 - 0 0 "GET http://h/\x00 HTTP/1.1" "c" - -\n', A))

def route_seeds():
    """route: pattern lines, then a path (the paths of samples/combined.log and crowdsec)."""
    paths = []
    for path in (os.path.join(SRC, 'samples', 'combined.log'), crowd('nginx-http-sensitive-files__nginx-http-sensitive-files.log')):
        for l in lines(path, 40):
            q = l.split(b'"')
            if len(q) > 1 and len(q[1].split(b' ')) == 3:
                paths.append(q[1].split(b' ')[1])
    pats = b'/users/{id}/orders/{id}\n/users/me/orders/{id}\n/static/*\n/api/{v}/items/*\nbad{\n/a/*/b\n'
    for i, p in enumerate(paths[:24]):
        put('route', 'path-%d' % i, p)
        put('route', 'pats-%d' % i, pats + p)
    for name, p in [('ids', b'/u/3fa85f64-5717-4562-b3fc-2c963f66afa6/01ARZ3NDEKTSV4RRFFQ69G5FAV/2026-06-01/a%40b.io/x'),
                    ('hex-ext', b'/img/9f86d081884c7d65.png?x=1#f'), ('token', b'/s/Ab3dE9fG7hJ2kL5mN8pQ'),
                    ('empty-segs', b'//a///1//'), ('one-char', b'/1' * 300), ('users', b'/users/me/orders/12')]:
        put('route', name, p)
        put('route', 'pats-' + name, pats + p)

if __name__ == '__main__':
    text_seeds()
    reader_seeds()
    format_compile_seeds()
    rule_seeds()
    sink_seeds()
    boundary_seeds()
    route_seeds()
