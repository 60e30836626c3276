#!/usr/bin/env python3
"""gen_traffic.py: seeded web traffic for the aggregate rules, clean or with planted patterns.

    gen_traffic.py --seed 1 --out DIR            # clean background traffic only
    gen_traffic.py --seed 1 --plant all --out DIR  # plus one or more instances of every pattern
    gen_traffic.py --list                        # the pattern names

Writes DIR/traffic.log (an nginx log_format with the extra fields the aggregate rules read),
DIR/format.txt (that log_format string, for --log-format) and DIR/expected.json: for every
planted instance its rule, key (the `by:` field values), count (the records the pattern
consists of, as the rule counts them) and the line numbers of those records; and for every
false-positive case the clean traffic holds, the rule it guards against and its lines.

The background is a few thousand clients browsing two sites and calling an API: pages,
assets, conditional requests, logins with the 401-then-credentials flow, a WebDAV share,
crawlers, uptime probes, CORS preflights, favicon and robots.txt rechecks, a low-traffic
route that fails, 429/503 with Retry-After honoured, a 410 page, cookie-setting redirects.
Timestamps advance at --rate requests per second; about one line in a hundred is logged up
to 2 s out of order, as nginx workers finishing requests at once do. The same seed always
gives the same bytes.
"""
import argparse
import json
import os
import random
import sys
import time

FORMAT = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
          '"$http_referer" "$http_user_agent" "$host" "$sent_http_content_type" '
          '"$sent_http_retry_after" "$sent_http_location" "$http_authorization" '
          '"$upstream_status"')

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
]
APICLIENTS = ["okhttp/4.12.0", "python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0"]
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
DAVCLIENT = "Microsoft-WebDAV-MiniRedir/10.0.19045"
PROBE = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"

WWW, SHOP, API = "www.example.com", "shop.example.com", "api.example.com"
HTML, JSON_T, CSS, JS, PNG, XML = ("text/html", "application/json", "text/css",
                                   "application/javascript", "image/png", "application/xml")
# Each host's own 404 page: the body size soft-404 detection learns.
NOT_FOUND_SIZE = {WWW: 3412, SHOP: 5120, API: 61}
PAGES = {WWW: ["/", "/about", "/blog/2026/11/status-codes", "/blog/2026/10/caching", "/contact",
               "/docs/install", "/docs/rules"],
         SHOP: ["/", "/cart", "/checkout", "/products/%d", "/category/%s", "/search"]}
ASSETS = ["/static/app.js", "/static/app.css", "/images/logo.png"]
API_GET = ["/api/v1/items", "/api/v1/items/%d", "/api/v1/orders/%d", "/api/v1/search"]


class Traffic:
    """Events (time, fields) from the background and the plants, then sorted into lines."""

    def __init__(self, seed, t0, duration):
        self.rnd = random.Random(seed)
        self.t0, self.duration = t0, duration
        self.events = []          # [time, seq, fields, tag]
        self.expected = []        # planted findings
        self.guards = []          # false-positive cases in the clean traffic
        self.next_ip = 0

    def fresh_ip(self, prefix="198.18"):
        """An address no other client uses (198.18.0.0/15 is the benchmark range)."""
        self.next_ip += 1
        return "%s.%d.%d" % (prefix, self.next_ip // 250, self.next_ip % 250 + 1)

    def add(self, t, tag=None, **f):
        ev = [t, len(self.events), f, tag]
        self.events.append(ev)
        return ev

    # ---------------------------------------------------------------- lines

    def render(self, f):
        def q(k):
            v = f.get(k)
            return "-" if v is None or v == "" else str(v)
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(int(f["time"])))
        return ('%s - %s [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s"\n'
                % (f["client"], q("user"), ts, f["method"], f["target"], f["status"],
                   f.get("bytes", 0), q("referer"), q("ua"), f["host"], q("ctype"),
                   q("retry_after"), q("location"), q("auth"), q("upstream")))

    def finish(self):
        """Sorts events into log order; returns the lines and fills in line numbers."""
        for ev in self.events:
            ev[2]["time"] = ev[0]
        # nginx writes a line when the request ends; a few lines carry an earlier second
        order = sorted(self.events, key=lambda e: (e[0] + e[2].pop("_late", 0), e[1]))
        lines = []
        for n, ev in enumerate(order, 1):
            ev.append(n)
            lines.append(self.render(ev[2]))
        return lines

    # ----------------------------------------------------------- background

    def background(self, rate, clients):
        rnd = self.rnd
        pool = []
        for i in range(clients):
            ua = rnd.choice(BROWSERS) if rnd.random() < 0.8 else rnd.choice(APICLIENTS)
            pool.append(("%d.%d.%d.%d" % (rnd.choice((192, 203, 100, 172)), rnd.randrange(256),
                                           rnd.randrange(256), rnd.randrange(1, 255)), ua))
        n = int(rate * self.duration)
        for i in range(n):
            t = self.t0 + i / rate + rnd.random() * 0.05
            ip, ua = rnd.choice(pool)
            self.one_background(t, ip, ua)
        self.recurring()

    def one_background(self, t, ip, ua):
        rnd = self.rnd
        r = rnd.random()
        late = rnd.choice((1, 2)) if rnd.random() < 0.01 else 0
        ref = rnd.choice(("-", "https://www.example.com/", "https://www.google.com/"))
        if ua in APICLIENTS or r < 0.15:
            return self.api_call(t, ip, ua, late)
        host = WWW if rnd.random() < 0.6 else SHOP
        if r < 0.45:
            path = rnd.choice(ASSETS)
            ctype = {"js": JS, "ss": CSS, "ng": PNG}[path[-2:]]
            if rnd.random() < 0.4:
                return self.add(t, method="GET", target=path, status=304, bytes=0, client=ip,
                                ua=ua, host=host, referer=ref, _late=late)
            return self.add(t, method="GET", target=path, status=200,
                            bytes=rnd.randrange(2000, 90000), client=ip, ua=ua, host=host,
                            ctype=ctype, referer=ref, _late=late)
        if r < 0.50:  # a page that is not there: the host's 404 page
            return self.add(t, method="GET", target="/old/page-%d.html" % rnd.randrange(9000),
                            status=404, bytes=NOT_FOUND_SIZE[host], client=ip, ua=ua,
                            host=host, ctype=HTML, referer=ref, _late=late)
        if r < 0.53:
            return self.add(t, method="HEAD", target=rnd.choice(PAGES[host]).replace(
                "%d", "1").replace("%s", "shoes"), status=200, bytes=0, client=ip, ua=ua,
                host=host, ctype=HTML, _late=late)
        if r < 0.56:  # a redirect that converges: http to the canonical page
            page = self.page(host)
            self.add(t, method="GET", target=page + "/", status=301, bytes=162, client=ip,
                     ua=ua, host=host, ctype=HTML, location="https://%s%s" % (host, page),
                     _late=late)
            return self.add(t + 0.2, method="GET", target=page, status=200,
                            bytes=self.page_size(host), client=ip, ua=ua, host=host,
                            ctype=HTML)
        if r < 0.58 and host == SHOP:  # a form: POST, 303 See Other, GET
            self.add(t, method="POST", target="/cart/add", status=303, bytes=0, client=ip,
                     ua=ua, host=host, location="/cart", _late=late)
            return self.add(t + 0.3, method="GET", target="/cart", status=200,
                            bytes=self.page_size(host), client=ip, ua=ua, host=host,
                            ctype=HTML)
        if r < 0.585:  # a server error here and there, far below any burst
            return self.add(t, method="GET", target=self.page(host), status=500, bytes=512,
                            client=ip, ua=ua, host=host, ctype=HTML, upstream=500)
        return self.add(t, method="GET", target=self.page(host), status=200,
                        bytes=self.page_size(host), client=ip, ua=ua, host=host, ctype=HTML,
                        referer=ref, upstream=200, _late=late)

    def page(self, host):
        p = self.rnd.choice(PAGES[host])
        if "%d" in p:
            p = p % self.rnd.randrange(1, 5000)
        if "%s" in p:
            p = p % self.rnd.choice(("shoes", "hats", "bags"))
        return p

    def page_size(self, host):
        """A page size that is not the host's 404 size: a page that happens to match it is
        the false positive soft-404 detection accepts (see the rule's description)."""
        while True:
            s = self.rnd.randrange(1500, 90000)
            if abs(s - NOT_FOUND_SIZE[host]) > 64:
                return s

    def api_call(self, t, ip, ua, late):
        rnd = self.rnd
        p = rnd.choice(API_GET)
        if "%d" in p:
            p = p % rnd.randrange(1, 100000)
        if p == "/api/v1/search":
            p += "?q=%d" % rnd.randrange(10 ** 6)
        auth = "Bearer" if rnd.random() < 0.7 else None
        r = rnd.random()
        if r < 0.05:
            return self.add(t, method="OPTIONS", target=p, status=204, bytes=0, client=ip,
                            ua=ua, host=API, _late=late)
        if r < 0.10 and "/items/" in p:
            return self.add(t, method="PUT", target=p, status=204, bytes=0, client=ip, ua=ua,
                            host=API, auth="Bearer", upstream=204, _late=late)
        if r < 0.13:  # the challenge flow: 401, then the same request with credentials
            self.add(t, method="GET", target=p, status=401, bytes=61, client=ip, ua=ua,
                     host=API, ctype=JSON_T, upstream=401, _late=late)
            return self.add(t + 0.4, method="GET", target=p, status=200,
                            bytes=rnd.randrange(100, 9000), client=ip, ua=ua, host=API,
                            ctype=JSON_T, auth="Bearer", upstream=200)
        if r < 0.15:
            return self.add(t, method="GET", target="/api/v1/items/%d" % rnd.randrange(10 ** 6),
                            status=404, bytes=NOT_FOUND_SIZE[API], client=ip, ua=ua, host=API,
                            ctype=JSON_T, auth=auth, upstream=404, _late=late)
        return self.add(t, method="GET", target=p, status=200, bytes=rnd.randrange(100, 9000),
                        client=ip, ua=ua, host=API, ctype=JSON_T, auth=auth, upstream=200,
                        _late=late)

    def recurring(self):
        """Traffic that repeats on a schedule: probes, crawlers, a DAV share."""
        t, end = self.t0, self.t0 + self.duration
        probe = self.fresh_ip("198.19")
        while t < end:  # an uptime probe every 30 s; its page is 200
            self.add(t, method="GET", target="/healthz", status=200, bytes=2, client=probe,
                     ua=PROBE, host=API, ctype="text/plain", upstream=200)
            t += 30
        bot = "66.249.66.%d" % 1
        t = self.t0 + 7
        while t < end:  # Googlebot crawling pages, some missing, some redirected
            host = WWW if self.rnd.random() < 0.5 else SHOP
            k = self.rnd.random()
            if k < 0.1:
                self.add(t, method="GET", target="/old/page-%d.html" % self.rnd.randrange(9000),
                         status=404, bytes=NOT_FOUND_SIZE[host], client=bot, ua=GOOGLEBOT,
                         host=host, ctype=HTML)
            elif k < 0.2:
                self.add(t, method="GET", target=self.page(host), status=304, bytes=0,
                         client=bot, ua=GOOGLEBOT, host=host)
            else:
                self.add(t, method="GET", target=self.page(host), status=200,
                         bytes=self.page_size(host), client=bot, ua=GOOGLEBOT, host=host,
                         ctype=HTML)
            t += 11
        dav = self.fresh_ip("198.19")
        t = self.t0 + 13
        while t < end:  # a WebDAV client (not a crawler) gets its 207s
            self.add(t, method="PROPFIND", target="/dav/team/", status=207, bytes=4096,
                     client=dav, ua=DAVCLIENT, host=WWW, ctype=XML, auth="Basic")
            t += 45


# ------------------------------------------------------------------ plants

def expect(tr, rule, key, evs, note, count=None):
    """A planted finding: it fires at the last of evs (the line that makes the rule's
    condition true) with `count` (default: len(evs)) as its count, and evs[0] as its first
    line; count=False when both depend on the background (then they are not checked)."""
    tr.expected.append({"rule": rule, "key": key, "events": evs, "note": note,
                        "count": len(evs) if count is None else count or None})


def guard(tr, rule, evs, note):
    tr.guards.append({"rule": rule, "events": evs, "note": note})


def at(tr, frac):
    return tr.t0 + tr.duration * frac


def p_retry_nonretryable(tr, t):
    ip, ua = tr.fresh_ip(), "python-requests/2.31.0"
    evs = [tr.add(t + 7 * i, method="GET", target="/api/v1/export?id=7", status=404,
                  bytes=NOT_FOUND_SIZE[API], client=ip, ua=ua, host=API, ctype=JSON_T,
                  auth="Bearer", upstream=404) for i in range(8)]
    expect(tr, "agg.retry-nonretryable-4xx",
           {"client": ip, "user_agent": ua, "method": "GET", "target": "/api/v1/export?id=7"},
           evs[:5], "8 identical GETs answered 404 within 49 s: found at the 5th")
    ip2, ua2 = tr.fresh_ip(), "Feedly/1.0"
    evs = [tr.add(t + 300 + 9 * i, method="GET", target="/feed.rss", status=410, bytes=0,
                  client=ip2, ua=ua2, host=WWW) for i in range(6)]
    expect(tr, "agg.retry-nonretryable-4xx",
           {"client": ip2, "user_agent": ua2, "method": "GET", "target": "/feed.rss"},
           evs[:5], "6 identical GETs answered 410 within 45 s: found at the 5th")


def g_retry_nonretryable(tr, t):
    ip, ua = tr.fresh_ip(), BROWSERS[0]
    evs = [tr.add(t + 8 * i, method="GET", target=p, status=404, bytes=NOT_FOUND_SIZE[WWW],
                  client=ip, ua=ua, host=WWW, ctype=HTML)
           for i in range(6) for p in ("/favicon.ico", "/robots.txt")]
    guard(tr, "agg.retry-nonretryable-4xx", evs, "favicon.ico and robots.txt rechecked 6 times")
    probe = tr.fresh_ip("198.19")
    evs = [tr.add(t + 10 * i, method="GET", target="/status", status=404, bytes=61,
                  client=probe, ua=PROBE, host=API, ctype=JSON_T) for i in range(12)]
    guard(tr, "agg.retry-nonretryable-4xx", evs, "an uptime probe polling a 404 every 10 s")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 5 * i, method="OPTIONS", target="/api/v1/items", status=403, bytes=0,
                  client=ip, ua=BROWSERS[1], host=API) for i in range(8)]
    guard(tr, "agg.retry-nonretryable-4xx", evs, "CORS preflights refused 8 times")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 20 * i, method="GET", target="/api/v1/items/0", status=404, bytes=61,
                  client=ip, ua="okhttp/4.12.0", host=API, ctype=JSON_T) for i in range(6)]
    guard(tr, "agg.retry-nonretryable-4xx", evs, "6 repeats spread over 100 s, not 60")


def p_retry_before_retry_after(tr, t):
    ip, ua = tr.fresh_ip(), "Go-http-client/1.1"
    tgt = "/api/v1/search?q=books"
    evs = [tr.add(t, method="GET", target=tgt, status=429, bytes=61, client=ip, ua=ua,
                  host=API, ctype=JSON_T, retry_after=120, upstream=429)]
    evs += [tr.add(t + 10 * i, method="GET", target=tgt, status=429, bytes=61, client=ip,
                   ua=ua, host=API, ctype=JSON_T, retry_after=120, upstream=429)
            for i in range(1, 4)]
    expect(tr, "agg.retry-before-retry-after",
           {"client": ip, "user_agent": ua, "target": tgt}, evs[:2],
           "3 retries 10, 20, 30 s after a 429 that said Retry-After: 120: found at the "
           "first, then quiet for the cooldown", count=1)


def g_retry_before_retry_after(tr, t):
    ip, ua = tr.fresh_ip(), "okhttp/4.12.0"
    tgt = "/api/v1/search?q=lamps"
    evs = [tr.add(t, method="GET", target=tgt, status=429, bytes=61, client=ip, ua=ua,
                  host=API, ctype=JSON_T, retry_after=5, upstream=429),
           tr.add(t + 6, method="GET", target=tgt, status=200, bytes=900, client=ip, ua=ua,
                  host=API, ctype=JSON_T, upstream=200)]
    guard(tr, "agg.retry-before-retry-after", evs, "a retry 6 s after Retry-After: 5")
    ip = tr.fresh_ip()
    date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(int(t) + 60))
    evs = [tr.add(t + 1, method="GET", target="/docs/rules", status=503, bytes=512, client=ip,
                  ua=BROWSERS[2], host=WWW, ctype=HTML, retry_after=date, upstream=503),
           tr.add(t + 62, method="GET", target="/docs/rules", status=200, bytes=8000,
                  client=ip, ua=BROWSERS[2], host=WWW, ctype=HTML, upstream=200)]
    guard(tr, "agg.retry-before-retry-after", evs, "an HTTP-date Retry-After honoured")


def p_retry_after_missing(tr, t):
    evs = []
    for i in range(40):
        ip = tr.fresh_ip()
        st = 503 if i % 4 != 3 else 200
        ev = tr.add(t + 4 * i, method="GET", target="/api/v1/reports/%d" % (100 + i),
                    status=st, bytes=120, client=ip, ua="okhttp/4.12.0", host=API,
                    ctype=JSON_T, upstream=st)
        if st == 503:
            evs.append(ev)
    expect(tr, "agg.retry-after-missing", {"host": API, "route": "/api/v1/reports/{int}"},
           evs[:10], "30 of 40 requests in 160 s answered 503 without Retry-After: found at "
           "the 10th 503")


def g_retry_after_missing(tr, t):
    evs = []
    for i in range(30):
        evs.append(tr.add(t + 5 * i, method="GET", target="/maintenance", status=503,
                          bytes=900, client=tr.fresh_ip(), ua=BROWSERS[i % 4], host=WWW,
                          ctype=HTML, retry_after=300, upstream=503))
    guard(tr, "agg.retry-after-missing", evs, "30 maintenance 503s, all with Retry-After")
    evs = [tr.add(t + 40 * i, method="GET", target="/api/v1/legacy", status=503, bytes=61,
                  client=tr.fresh_ip(), ua="curl/8.5.0", host=API, ctype=JSON_T)
           for i in range(3)]
    guard(tr, "agg.retry-after-missing", evs, "3 503s on a low-traffic route (minimum count)")


def p_5xx_burst(tr, t):
    evs = []
    for i in range(100):
        ip = tr.fresh_ip()
        if i % 5 == 0:
            st, up = 502, 502
        elif i % 5 == 1:
            st, up = 500, 500
        else:
            st, up = 200, 200
        evs.append(tr.add(t + 0.5 * i, method="POST", target="/checkout/%d" % (5000 + i),
                          status=st, bytes=300, client=ip, ua=BROWSERS[i % 4], host=SHOP,
                          ctype=HTML, upstream=up))
    # the 20th 5xx is request 47 (i == 46): 20 errors of 47 requests, 42 %
    expect(tr, "agg.5xx-burst-route", {"host": SHOP, "route": "/checkout/{int}"}, evs[:47],
           "40 of 100 requests in 50 s answered 5xx (20 502 from the upstream, 20 500): "
           "found at the 20th 5xx")


def g_5xx_burst(tr, t):
    evs = [tr.add(t + 6 * i, method="GET", target="/api/v1/rarely", status=500 if i else 200,
                  bytes=90 if i else 480, client=tr.fresh_ip(), ua="curl/8.5.0", host=API, ctype=JSON_T,
                  upstream=500 if i else 200) for i in range(6)]
    guard(tr, "agg.5xx-burst-route", evs, "5 of 6 requests fail on a low-traffic route")
    evs = []
    for i in range(400):
        st = 503 if i % 20 == 0 else 200
        evs.append(tr.add(t + 0.15 * i, method="GET", target="/api/v1/feed/%d" % i, status=st,
                          bytes=700, client=tr.fresh_ip(), ua="okhttp/4.12.0", host=API,
                          ctype=JSON_T, retry_after=30 if st == 503 else None, upstream=st))
    guard(tr, "agg.5xx-burst-route", evs, "20 5xx among 400 requests in 60 s (5 %)")


def p_rate_limit_503(tr, t):
    """nginx limit_req (with `add_header Retry-After 60 always`) refusing one client on three
    routes nobody else's traffic touches, while other clients get 200 there."""
    ip, ua = tr.fresh_ip(), "python-requests/2.31.0"
    routes = ("/api/v2/items?page=%d", "/api/v2/orders/%d", "/api/v2/search?q=%d")
    names = ("/api/v2/items", "/api/v2/orders/{int}", "/api/v2/search")
    per = {r: [] for r in range(3)}
    for i in range(45):
        limited = i >= 9
        per[i % 3].append(tr.add(t + i, method="GET", target=routes[i % 3] % i,
                                 status=503 if limited else 200,
                                 bytes=197 if limited else 4000, client=ip, ua=ua, host=API,
                                 ctype=HTML if limited else JSON_T,
                                 retry_after=60 if limited else None,
                                 upstream=None if limited else 200))
        if i % 2 == 0:  # someone else on the same route, served
            per[i % 3].append(tr.add(t + i + 0.5, method="GET", target=routes[i % 3] % 1,
                                     status=200, bytes=4000, client=tr.fresh_ip(),
                                     ua="okhttp/4.12.0", host=API, ctype=JSON_T, upstream=200))
    for r in range(3):  # each route's 10th 503 makes the finding
        evs, n503 = [], 0
        for ev in per[r]:
            evs.append(ev)
            n503 += ev[2]["status"] == 503
            if n503 == 10:
                break
        expect(tr, "agg.rate-limit-as-503", {"host": API, "route": names[r]}, evs,
               "12 of one client's 36 limit_req 503s on this route while others get 200: "
               "found at the 10th")


def g_rate_limit_503(tr, t):
    evs = [tr.add(t + 2 * i, method="GET", target="/api/v1/export-%s/%d" % ("abcdefghij"[i % 10], i),
                  status=503, bytes=197, client=tr.fresh_ip(), ua=BROWSERS[i % 4], host=API,
                  ctype=HTML, retry_after=60) for i in range(30)]
    guard(tr, "agg.rate-limit-as-503", evs,
          "an overload: 30 503s spread over 30 clients (and 10 routes)")


def p_crawler_odd(tr, t):
    bot = "66.249.66.%d" % 200
    evs = [tr.add(t + 3600 * 0.01 * i, method="GET", target="/api/v1/bulk/%d" % i, status=207,
                  bytes=2000, client=bot, ua=GOOGLEBOT, host=API, ctype=JSON_T)
           for i in range(3)]
    expect(tr, "agg.crawler-gets-dav-or-odd-codes",
           {"host": API, "route": "/api/v1/bulk/{int}", "status": 207}, evs[:1],
           "Googlebot got 207 three times on one route: one finding per route and day")
    evs = [tr.add(t + 100, method="GET", target="/promo", status=299, bytes=800,
                  client="157.55.39.%d" % 9, ua=BINGBOT, host=WWW, ctype=HTML)]
    expect(tr, "agg.crawler-gets-dav-or-odd-codes",
           {"host": WWW, "route": "/promo", "status": 299}, evs, "bingbot got the unregistered 299")


def g_crawler_odd(tr, t):
    dav = tr.fresh_ip("198.19")
    evs = [tr.add(t + i, method="GET", target="/dav/team/report.xml", status=207, bytes=900,
                  client=dav, ua=DAVCLIENT, host=WWW, ctype=XML) for i in range(3)]
    guard(tr, "agg.crawler-gets-dav-or-odd-codes", evs, "a WebDAV client (not a crawler) got 207")


def p_soft_404(tr, t):
    evs = [tr.add(t + 20 * i, method="GET", target="/products/%d" % (90000 + i), status=200,
                  bytes=NOT_FOUND_SIZE[SHOP], client=tr.fresh_ip(), ua=BROWSERS[i % 4],
                  host=SHOP, ctype=HTML, upstream=200) for i in range(4)]
    # count and first line are the host's whole day of 200s and 404s: not checked
    expect(tr, "agg.soft-404.size", {"host": SHOP, "content_type": HTML}, evs[:1],
           "4 product pages answered 200 with the shop's 404 page size: found at the first, "
           "one finding per host and day", count=False)
    evs = [tr.add(t + 30 + 40 * i, method="GET", target="/not-found", status=200, bytes=3000,
                  client=tr.fresh_ip(), ua=BROWSERS[i % 4], host=WWW, ctype=HTML)
           for i in range(2)]
    expect(tr, "agg.soft-404", {"host": WWW, "route": "/not-found"}, evs[:1],
           "an error page answered 200, twice: one finding per route and day")


def g_soft_404(tr, t):
    evs = [tr.add(t + 15 * i, method="GET", target="/api/v1/ping", status=200,
                  bytes=NOT_FOUND_SIZE[WWW], client=tr.fresh_ip(), ua="curl/8.5.0",
                  host=WWW, ctype=JSON_T) for i in range(3)]
    guard(tr, "agg.soft-404", evs, "JSON 200s the size of the host's HTML 404 page")
    evs = [tr.add(t + 15 * i + 5, method="GET", target="/docs/install", status=200,
                  bytes=NOT_FOUND_SIZE[SHOP], client=tr.fresh_ip(), ua=BROWSERS[0],
                  host=WWW, ctype=HTML) for i in range(3)]
    guard(tr, "agg.soft-404", evs, "200s the size of another host's 404 page")


def p_410_resurrected(tr, t):
    tgt = "/blog/2025/03/retired-post"
    a = tr.add(t, method="GET", target=tgt, status=410, bytes=0, client=tr.fresh_ip(),
               ua=BROWSERS[1], host=WWW)
    b = tr.add(t + 1200, method="GET", target=tgt, status=200, bytes=9000,
               client=tr.fresh_ip(), ua=BROWSERS[2], host=WWW, ctype=HTML)
    expect(tr, "agg.410-resurrected", {"host": WWW, "target": tgt}, [a, b],
           "410 Gone, then 200 for the same target 20 min later", count=1)


def g_410_resurrected(tr, t):
    a = tr.add(t, method="GET", target="/blog/2024/gone", status=410, bytes=0,
               client=tr.fresh_ip(), ua=BROWSERS[0], host=WWW)
    b = tr.add(t + 60, method="GET", target="/blog/2024/gone", status=404, bytes=3412,
               client=tr.fresh_ip(), ua=BROWSERS[0], host=WWW, ctype=HTML)
    c = tr.add(t + 90, method="GET", target="/blog/2024/kept", status=200, bytes=7000,
               client=tr.fresh_ip(), ua=BROWSERS[0], host=WWW, ctype=HTML)
    guard(tr, "agg.410-resurrected", [a, b, c], "410 then 404 (still gone); 200 on a sibling")


def p_credential_401(tr, t):
    ip, ua = tr.fresh_ip(), "okhttp/4.12.0"
    evs = [tr.add(t + 15 * i, method="GET", target="/api/v1/me", status=401, bytes=61,
                  client=ip, ua=ua, host=API, ctype=JSON_T, auth="Bearer", upstream=401)
           for i in range(7)]
    expect(tr, "agg.credential-401-loop",
           {"client": ip, "user_agent": ua, "target": "/api/v1/me"}, evs[:5],
           "7 requests with credentials answered 401 within 90 s: found at the 5th")


def g_credential_401(tr, t):
    ip, ua = tr.fresh_ip(), BROWSERS[0]
    evs = [tr.add(t + 10 * i, method="GET", target="/api/v1/me", status=401, bytes=61,
                  client=ip, ua=ua, host=API, ctype=JSON_T, auth="Bearer", upstream=401)
           for i in range(2)]
    evs.append(tr.add(t + 30, method="GET", target="/api/v1/me", status=200, bytes=300,
                      client=ip, ua=ua, host=API, ctype=JSON_T, auth="Bearer", upstream=200))
    guard(tr, "agg.credential-401-loop", evs, "two mistyped passwords, then success")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 12 * i, method="GET", target="/api/v1/orders", status=401, bytes=61,
                  client=ip, ua="curl/8.5.0", host=API, ctype=JSON_T) for i in range(6)]
    guard(tr, "agg.credential-401-loop", evs, "6 401s to a client sending no credentials")


def p_redirect_loop(tr, t):
    ip, ua = tr.fresh_ip(), BROWSERS[3]
    hops = [("/account", "/login"), ("/login", "/account"), ("/account", "/login")]
    evs = [tr.add(t + 0.3 * i, method="GET", target=a, status=302, bytes=0, client=ip, ua=ua,
                  host=SHOP, location="https://%s%s" % (SHOP, b)) for i, (a, b) in enumerate(hops)]
    expect(tr, "agg.redirect-loop", {"client": ip, "user_agent": ua}, evs,
           "/account -> /login -> /account: found when the chain revisits /account (3 hops)")
    ip3 = tr.fresh_ip()
    hops = [("/lang", "/lang/en"), ("/lang/en", "/home"), ("/home", "/lang"), ("/lang", "/lang/en")]
    evs = [tr.add(t + 200 + 0.3 * i, method="GET", target=a, status=302 if i != 1 else 307,
                  bytes=0, client=ip3, ua=ua, host=WWW, location=b)
           for i, (a, b) in enumerate(hops)]
    expect(tr, "agg.redirect-loop", {"client": ip3, "user_agent": ua}, evs,
           "/lang -> /lang/en -> /home -> /lang: a three-step cycle (4 hops)")
    ip2 = tr.fresh_ip()
    evs = [tr.add(t + 400 + 0.2 * i, method="GET", target="/r/%d" % i, status=301, bytes=0,
                  client=ip2, ua=ua, host=WWW, location="/r/%d" % (i + 1)) for i in range(11)]
    tr.add(t + 400 + 2.4, method="GET", target="/r/11", status=200, bytes=5000, client=ip2,
           ua=ua, host=WWW, ctype=HTML)
    expect(tr, "agg.redirect-loop.hops", {"client": ip2, "user_agent": ua}, evs,
           "a chain of 11 redirects (more than 10 hops)")


def g_redirect_loop(tr, t):
    ip, ua = tr.fresh_ip(), BROWSERS[0]
    evs = [tr.add(t, method="GET", target="/login", status=302, bytes=0, client=ip, ua=ua,
                  host=SHOP, location="/login?cookie=1"),
           tr.add(t + 0.2, method="GET", target="/login?cookie=1", status=200, bytes=6000,
                  client=ip, ua=ua, host=SHOP, ctype=HTML)]
    guard(tr, "agg.redirect-loop", evs, "a cookie-setting redirect that converges")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 50 + 0.2 * i, method="GET", target="/s/%d" % i, status=301, bytes=0,
                  client=ip, ua=ua, host=WWW, location="/s/%d" % (i + 1)) for i in range(4)]
    evs.append(tr.add(t + 51, method="GET", target="/s/4", status=200, bytes=5000, client=ip,
                      ua=ua, host=WWW, ctype=HTML))
    guard(tr, "agg.redirect-loop", evs, "a 4-hop chain that ends in 200")


def p_method_lost(tr, t):
    out = []
    for k in range(2):
        ip, ua = tr.fresh_ip(), APICLIENTS[k]
        a = tr.add(t + 100 * k, method="POST", target="/api/v1/orders", status=301, bytes=0,
                   client=ip, ua=ua, host=API, location="https://api.example.com/api/v2/orders")
        b = tr.add(t + 100 * k + 0.4, method="GET", target="/api/v2/orders", status=405,
                   bytes=61, client=ip, ua=ua, host=API, ctype=JSON_T)
        expect(tr, "agg.method-lost-after-redirect", {"client": ip, "user_agent": ua}, [a, b],
               "POST answered 301, the follow-up GET to its Location failed with 405",
               count=1)
        out.append((a, b))


def g_method_lost(tr, t):
    ip, ua = tr.fresh_ip(), BROWSERS[1]
    evs = [tr.add(t, method="POST", target="/cart/add", status=303, bytes=0, client=ip, ua=ua,
                  host=SHOP, location="/cart"),
           tr.add(t + 0.3, method="GET", target="/cart", status=200, bytes=7000, client=ip,
                  ua=ua, host=SHOP, ctype=HTML)]
    guard(tr, "agg.method-lost-after-redirect", evs, "POST, 303 See Other, GET 200: meant")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 5, method="POST", target="/login", status=302, bytes=0, client=ip, ua=ua,
                  host=SHOP, location="/account"),
           tr.add(t + 5.3, method="GET", target="/account", status=200, bytes=7000, client=ip,
                  ua=ua, host=SHOP, ctype=HTML)]
    guard(tr, "agg.method-lost-after-redirect", evs, "POST, 302, GET that succeeds")
    ip = tr.fresh_ip()
    evs = [tr.add(t + 9, method="POST", target="/api/v1/upload", status=307, bytes=0,
                  client=ip, ua="curl/8.5.0", host=API, location="/api/v2/upload"),
           tr.add(t + 9.2, method="POST", target="/api/v2/upload", status=201, bytes=40,
                  client=ip, ua="curl/8.5.0", host=API, ctype=JSON_T)]
    guard(tr, "agg.method-lost-after-redirect", evs, "POST, 307, POST again")


def p_403_without_credentials(tr, t):
    evs = [tr.add(t + 3 * i, method="GET", target="/api/v1/account", status=200, bytes=800,
                  client=tr.fresh_ip(), ua="okhttp/4.12.0", host=API, ctype=JSON_T,
                  auth="Bearer", upstream=200) for i in range(20)]
    evs += [tr.add(t + 61 + 3 * i, method="GET", target="/api/v1/account", status=403,
                   bytes=61, client=tr.fresh_ip(), ua="curl/8.5.0", host=API, ctype=JSON_T,
                   upstream=403) for i in range(6)]
    expect(tr, "agg.403-without-credentials", {"host": API, "route": "/api/v1/account"},
           evs[:23], "6 403s without credentials on a route that served 20 authenticated "
           "200s: found at the 3rd 403")


def g_403_without_credentials(tr, t):
    evs = [tr.add(t + 4 * i, method="GET", target="/wp-admin/setup.php", status=403,
                  bytes=150, client=tr.fresh_ip(), ua="Mozilla/5.0 zgrab/0.x", host=WWW,
                  ctype=HTML) for i in range(6)]
    guard(tr, "agg.403-without-credentials", evs, "a WAF refusing a scanner (route never 2xx)")
    for i in range(10):
        evs.append(tr.add(t + 50 + 2 * i, method="GET", target="/api/v1/admin/users",
                          status=200 if i % 2 else 403, bytes=300, client=tr.fresh_ip(),
                          ua="okhttp/4.12.0", host=API, ctype=JSON_T, auth="Bearer"))
    guard(tr, "agg.403-without-credentials", evs[6:], "403 with credentials: not permitted")


def p_501_served_method(tr, t):
    admin = "admin.example.com"
    evs = [tr.add(t + 10 * i, method="PUT", target="/users/%d" % i, status=204, bytes=0,
                  client=tr.fresh_ip(), ua="okhttp/4.12.0", host=admin, auth="Bearer",
                  upstream=204) for i in range(4)]
    evs += [tr.add(t + 60 + 30 * i, method="PUT", target="/settings", status=501, bytes=61,
                   client=tr.fresh_ip(), ua="okhttp/4.12.0", host=admin, ctype=JSON_T,
                   auth="Bearer", upstream=501) for i in range(3)]
    expect(tr, "agg.501-for-served-method", {"host": admin, "method": "PUT"}, evs[:5],
           "PUT answered 501 on one route while the host answers PUT with 2xx on others: "
           "found at the first 501")


def g_501_served_method(tr, t):
    evs = [tr.add(t + 5 * i, method=m, target="/api/v1/items", status=501, bytes=61,
                  client=tr.fresh_ip(), ua="curl/8.5.0", host=API, ctype=JSON_T)
           for i, m in enumerate(("BREW", "PATCH", "PATCH"))]
    guard(tr, "agg.501-for-served-method", evs, "501 to BREW and to PATCH, which no route serves")


# name: (plant, guard, when in the run as a fraction of the duration)
PATTERNS = {
    "retry-nonretryable-4xx": (p_retry_nonretryable, g_retry_nonretryable, 0.05),
    "retry-before-retry-after": (p_retry_before_retry_after, g_retry_before_retry_after, 0.12),
    "retry-after-missing": (p_retry_after_missing, g_retry_after_missing, 0.20),
    "5xx-burst-route": (p_5xx_burst, g_5xx_burst, 0.28),
    "rate-limit-as-503": (p_rate_limit_503, g_rate_limit_503, 0.36),
    "crawler-gets-dav-or-odd-codes": (p_crawler_odd, g_crawler_odd, 0.44),
    "soft-404": (p_soft_404, g_soft_404, 0.52),
    "410-resurrected": (p_410_resurrected, g_410_resurrected, 0.58),
    "credential-401-loop": (p_credential_401, g_credential_401, 0.66),
    "redirect-loop": (p_redirect_loop, g_redirect_loop, 0.74),
    "method-lost-after-redirect": (p_method_lost, g_method_lost, 0.82),
    "403-without-credentials": (p_403_without_credentials, g_403_without_credentials, 0.88),
    "501-for-served-method": (p_501_served_method, g_501_served_method, 0.93),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=10.0, help="background requests per second")
    ap.add_argument("--duration", type=int, default=3600, help="seconds of traffic")
    ap.add_argument("--clients", type=int, default=3000, help="background client pool")
    ap.add_argument("--plant", default="", help="comma-separated pattern names, or all")
    ap.add_argument("--no-guards", action="store_true", help="leave the false-positive cases out")
    ap.add_argument("--out", help="directory for traffic.log, format.txt, expected.json")
    ap.add_argument("--list", action="store_true", help="print the pattern names")
    a = ap.parse_args()
    if a.list:
        print("\n".join(PATTERNS))
        return 0
    if not a.out:
        ap.error("--out DIR is required")
    names = list(PATTERNS) if a.plant == "all" else [p for p in a.plant.split(",") if p]
    for p in names:
        if p not in PATTERNS:
            ap.error("unknown pattern '%s' (see --list)" % p)
    tr = Traffic(a.seed, 1795000000, a.duration)  # 2026-11-18T11:06:40Z
    tr.background(a.rate, a.clients)
    for name, (plant, guard_fn, frac) in PATTERNS.items():
        if not a.no_guards:
            guard_fn(tr, at(tr, frac + 0.03))
        if name in names:
            plant(tr, at(tr, frac))
    lines = tr.finish()
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "traffic.log"), "w") as f:
        f.writelines(lines)
    with open(os.path.join(a.out, "format.txt"), "w") as f:
        f.write(FORMAT + "\n")

    def lines_of(evs):
        return [e[4] for e in evs]
    doc = {"format": FORMAT, "seed": a.seed, "lines": len(lines),
           "expected": [{"rule": x["rule"], "key": x["key"], "count": x["count"],
                         "lines": lines_of(x["events"]), "note": x["note"]}
                        for x in tr.expected],
           "guards": [{"rule": g["rule"], "lines": lines_of(g["events"]), "note": g["note"]}
                      for g in tr.guards]}
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
