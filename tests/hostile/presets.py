#!/usr/bin/env python3
"""presets.py: hostile lines for the presets whose matching backtracks (ctest hostile.presets):
bare-or-quoted fields (traefik, s3), lines that may end early (elb), unquoted lists
(combined_xff, ingress_nginx, nginx strings with $http_x_forwarded_for), apache_ssl and iis.
Each input is read with each format: no signal, exit <= 2, every line accounted for
(lines == records + rejected + skipped), and done within 30 s on a 2-core machine.
  presets.py BIN WORK"""
import json, os, subprocess, sys, time

FORMATS = ['traefik', 's3', 'elb', 'alb', 'combined_xff', 'ingress_nginx', 'apache_ssl', 'iis',
           'combined', 'common', 'haproxy',
           '$http_x_forwarded_for $remote_addr - $remote_user [$time_local] "$request" $status '
           '$upstream_addr $upstream_status $request_time']
T = b'[01/Dec/2026:10:00:00 +0000]'


def inputs():
    big = 40000  # lines stay under the 512 KiB line cap
    yield 'quotes', b'\n'.join([
        b'1.2.3.4 - - ' + T + b' "GET / HTTP/1.1" 200 5 ' + b'"- ' * big + b'0ms',
        b'1.2.3.4 - - ' + T + b' "GET / HTTP/1.1" 200 5 ' + b'" "' * big,
        b'x b ' + T + b' 1.2.3.4 - - op k ' + b'"-" ' * big,
        b'2014-02-15T23:39:43.945958Z lb 1.2.3.4:1 - 0 0 0 200 200 0 29 "' + b'\\"' * big,
        b'2014-02-15T23:39:43.945958Z lb 1.2.3.4:1 - 0 0 0 200 200 0 29 ' + b'" ' * big + b'"',
    ]) + b'\n'
    yield 'lists', b'\n'.join([
        b'10.0.0.1, ' * big + b'1.2.3.4 - - ' + T + b' "GET / HTTP/1.1" 200 5 "-" "ua"',
        b'1.2.3.4 ' + b', : ' * big + T,
        b'1.2.3.4 - - ' + T + b' "GET / HTTP/1.1" 200 5 "-" "ua" 1 0.1 [u] [] ' +
        b'10.0.0.1:80, ' * (big // 2) + b'10.0.0.2:80 : ' * 1000 + b'x',
        b', ' * big + b'- - ' + T,
    ]) + b'\n'
    yield 'iis', b'\n'.join([
        b'2026-12-01 10:00:01 ' + b'- ' * 13,
        b'2026-12-01 10:00:01 ' + b'"a b" ' * 13,
        b'2026-12-01 10:00:01 ' + b'- ' * big,
        b'#Fields: date time sc-status',
        b'2026-12-01 10:00:01 200',
    ]) + b'\n'


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    failures = 0
    for name, data in inputs():
        path = os.path.join(work, name + '.log')
        with open(path, 'wb') as f:
            f.write(data)
        for fmt in FORMATS:
            t0 = time.time()
            try:
                r = subprocess.run([binary, '--no-progress', '--exit-zero', '-f', 'json',
                                    '--log-format', fmt, path], capture_output=True, timeout=120)
            except subprocess.TimeoutExpired:
                print('FAIL: %s with %s: timed out' % (name, fmt[:40]))
                failures += 1
                continue
            dt = time.time() - t0
            why = None
            if r.returncode < 0 or r.returncode > 2:
                why = 'exit %d' % r.returncode
            elif dt > 30:
                why = 'took %.1f s' % dt
            else:
                try:
                    s = json.loads(r.stdout)['summary']
                    if s['lines'] != s['records'] + s['rejected'] + s['skipped']:
                        why = 'lines %d != records + rejected + skipped' % s['lines']
                except (ValueError, KeyError) as e:
                    why = 'no JSON summary (%s)' % e
            if why:
                print('FAIL: %s with %s: %s' % (name, fmt[:40], why))
                failures += 1
            else:
                print('ok   %-6s %-14s %.2f s' % (name, fmt[:14], dt))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
