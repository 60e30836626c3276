#!/usr/bin/env python3
"""genlog.py: a deterministic combined-format access log for benchmarks.

    genlog.py --lines 1000000 --seed 1 > data.log      # about 190 MB
    genlog.py --lines 1000000 --clients 900000 --extended > agg.log   # the aggregate benchmark

Realistic mix: mostly GET 200/304 to pages and assets, some POST/PUT/DELETE/HEAD/OPTIONS,
a WebDAV share (PROPFIND 207), redirects, client and server errors, plus a few percent of
status-code misuse (207 to GET, 208, 204 with a body, 302 to POST, 600, 418, 1xx finals).
The same seed always gives the same bytes.

--clients N draws addresses so that about N distinct clients appear (each line is a new
client with probability N/lines, else one seen before), which is what the aggregate tables
must survive. --extended appends the fields the aggregate rules read, in the nginx format
EXTENDED_FORMAT (host, content type, Retry-After, Location, Authorization presence, upstream
status); pass it to statuslint as --log-format. Without these options the output is the
same as before they existed.
"""
import argparse
import random
import sys
import time

EXTENDED_FORMAT = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                   '"$http_referer" "$http_user_agent" "$host" "$sent_http_content_type" '
                   '"$sent_http_retry_after" "$sent_http_location" "$http_authorization" '
                   '"$upstream_status"')
HOSTS = ["www.example.com", "shop.example.com", "api.example.com"]

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.5.0", "python-requests/2.31.0", "Microsoft-WebDAV-MiniRedir/10.0.19045",
    "okhttp/4.12.0", "Go-http-client/1.1",
]
PAGES = ["/", "/index.html", "/about", "/blog/2026/11/status-codes", "/products/1234",
         "/search", "/api/v1/items", "/api/v1/items/987", "/api/v1/orders", "/login",
         "/static/app.js", "/static/app.css", "/images/logo.png", "/favicon.ico", "/robots.txt"]

# (weight, method, status, path kind, body bytes kind)
MIX = [
    (620, "GET", 200, "page", "body"), (60, "GET", 304, "asset", "zero"),
    (50, "GET", 404, "missing", "body"), (20, "GET", 301, "page", "small"),
    (15, "GET", 302, "page", "small"), (12, "GET", 206, "asset", "body"),
    (40, "POST", 200, "api", "body"), (20, "POST", 201, "api", "small"),
    (10, "POST", 303, "page", "zero"), (8, "POST", 302, "page", "zero"),
    (10, "PUT", 204, "api", "zero"), (8, "DELETE", 204, "api", "zero"),
    (5, "PATCH", 200, "api", "body"), (15, "HEAD", 200, "page", "zero"),
    (10, "OPTIONS", 204, "api", "zero"), (20, "PROPFIND", 207, "dav", "xml"),
    (10, "GET", 401, "api", "small"), (10, "GET", 403, "page", "small"),
    (8, "GET", 429, "api", "small"), (6, "GET", 500, "api", "small"),
    (5, "GET", 502, "api", "small"), (6, "GET", 503, "page", "small"),
    # misuse
    (4, "GET", 207, "api", "body"), (2, "PUT", 208, "dav", "zero"),
    (3, "GET", 204, "api", "small"), (2, "GET", 600, "page", "small"),
    (2, "GET", 418, "page", "small"), (1, "GET", 100, "page", "zero"),
    (2, "PROPFIND", 207, "dav", "zero"), (2, "HEAD", 200, "page", "small"),
    (1, "GET", 501, "api", "small"), (1, "GET", 201, "api", "small"),
]


def extended_fields(rnd, method, status, kind):
    """The EXTENDED_FORMAT fields after the user agent, consistent with the status."""
    host = HOSTS[2] if kind == "api" else rnd.choice(HOSTS[:2])
    ctype = {"api": "application/json", "dav": "application/xml"}.get(kind, "text/html")
    if status in (204, 304) or method == "HEAD":
        ctype = "-"
    ra = str(rnd.choice((5, 30, 60))) if status in (429, 503) and rnd.random() < 0.7 else "-"
    loc = "https://%s/moved/%d" % (host, rnd.randrange(1000)) if 300 <= status < 400 and status != 304 else "-"
    auth = "1" if kind == "api" and rnd.random() < 0.6 else "-"
    up = "-" if status in (304, 429) else str(status)
    return ' "%s" "%s" "%s" "%s" "%s" "%s"' % (host, ctype, ra, loc, auth, up)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", type=int, default=0, help="about this many distinct clients")
    ap.add_argument("--extended", action="store_true", help="append EXTENDED_FORMAT's fields")
    ap.add_argument("--print-format", action="store_true", help="print EXTENDED_FORMAT")
    a = ap.parse_args()
    if a.print_format:
        print(EXTENDED_FORMAT)
        return
    rnd = random.Random(a.seed)
    crnd = random.Random(a.seed + 1)  # its own stream: the default output stays as it was
    seen = 0
    weights = [m[0] for m in MIX]
    t0 = 1795000000  # 2026-11-18
    out = sys.stdout
    buf = []
    choices = rnd.choices(range(len(MIX)), weights=weights, k=a.lines)
    for i, k in enumerate(choices):
        _, method, status, kind, bk = MIX[k]
        ip = "%d.%d.%d.%d" % (rnd.choice((192, 198, 203, 10)), rnd.randrange(256),
                              rnd.randrange(256), rnd.randrange(1, 255))
        if a.clients:
            if seen == 0 or crnd.random() * a.lines < a.clients:
                seen += 1
                c = seen
            else:
                c = crnd.randrange(1, seen + 1)
            ip = "10.%d.%d.%d" % (c >> 16 & 255, c >> 8 & 255, c & 255)
        t = time.gmtime(t0 + i // 12)
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", t)
        if kind == "dav":
            path = "/dav/team/%s/" % rnd.choice(("docs", "photos", "src"))
        elif kind == "missing":
            path = "/old/page-%d.html" % rnd.randrange(5000)
        elif kind == "asset":
            path = rnd.choice(PAGES[10:])
        else:
            path = rnd.choice(PAGES)
            if rnd.random() < 0.3:
                path += "?q=%d&page=%d" % (rnd.randrange(100000), rnd.randrange(20))
        size = {"body": rnd.randrange(200, 60000), "small": rnd.randrange(20, 600),
                "zero": 0, "xml": rnd.randrange(300, 9000)}[bk]
        ref = rnd.choice(('"-"', '"https://www.example.com/"', '"https://www.example.com/blog/2026/11/status-codes?utm_source=newsletter"', '"https://www.google.com/search?q=http+status+codes"'))
        ua = rnd.choice(AGENTS)
        line = '%s - - [%s] "%s %s HTTP/1.1" %d %d %s "%s"' % (ip, ts, method, path, status,
                                                                size, ref, ua)
        if a.extended:
            line += extended_fields(crnd, method, status, kind)
        buf.append(line + "\n")
        if len(buf) >= 10000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


if __name__ == "__main__":
    main()
