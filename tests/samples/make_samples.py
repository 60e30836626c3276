#!/usr/bin/env python3
"""make_samples.py: writes the sample logs of samples/ and tests/samples/expected.json.

Every line is hand-designed here, with the rules it must fire (or none: a near miss) and
why. tests/check_samples.py runs statuslint over each log and compares its findings with
expected.json line by line. Run from anywhere: python3 tests/samples/make_samples.py"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))          # tests/samples: expectations
SAMPLES = os.path.join(HERE, "..", "..", "samples")          # samples/: the logs and their README

NGINX_FORMAT = (
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent" "$host" "$sent_http_content_type" $request_time '
    '$request_length "$upstream_status" "$upstream_addr" "$sent_http_location" '
    '"$sent_http_content_location" "$sent_http_www_authenticate" "$sent_http_proxy_authenticate" '
    '"$sent_http_allow" "$sent_http_upgrade" "$sent_http_link" "$sent_http_content_range" '
    '"$sent_http_content_length" "$sent_http_cache_control" "$http_range" "$http_if_match" '
    '"$http_if_none_match" "$http_if_modified_since" "$http_if_unmodified_since" '
    '"$http_if_range" "$http_if" "$http_overwrite" "$http_upgrade" "$http_a_im" '
    '"$http_early_data" "$http_depth" "$http_cache_control"')

APACHE_FORMAT = (
    '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%v" "%{Content-Type}o" %D %I '
    '"%{Location}o" "%{Content-Location}o" "%{WWW-Authenticate}o" "%{Proxy-Authenticate}o" '
    '"%{Allow}o" "%{Upgrade}o" "%{Link}o" "%{Content-Range}o" "%{Content-Length}o" '
    '"%{Cache-Control}o" "%{Range}i" "%{If-Match}i" "%{If-None-Match}i" '
    '"%{If-Modified-Since}i" "%{If-Unmodified-Since}i" "%{If-Range}i" "%{If}i" '
    '"%{Overwrite}i" "%{Upgrade}i" "%{A-IM}i" "%{Early-Data}i" "%{Depth}i" "%{Cache-Control}i"')

# Extended fields in format order (nginx has upstream_status/addr after request_length).
EXT_NGINX = ["host", "ctype", "rt", "reqlen", "ups", "upa", "loc", "cloc", "wwwauth", "proxyauth",
             "allow", "rupgrade", "link", "crange", "clen", "cc", "range", "ifm", "inm", "ims",
             "ius", "ifr", "if", "overwrite", "upgrade", "aim", "early", "depth", "reqcc"]
QUOTED = {"host", "ctype", "ups", "upa"} | set(EXT_NGINX[6:])

UA_CURL = "curl/8.5.0"
UA_MOZ = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
UA_BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
UA_APP = "okhttp/4.12.0"
UA_DAV = "davfs2/1.7.0 neon/0.33.0"

# (method, target, protocol, status, bytes, user agent, expected rules, intent)
COMBINED = [
    ("GET", "/api/items", "HTTP/1.1", "600", "12", UA_CURL, ["core.status-out-of-range"], "600 is outside 100..599"),
    ("GET", "/", "HTTP/1.1", "000", "0", "-", ["core.status-out-of-range.no-response"], "nginx 000: no response was sent (info)"),
    ("GET", "/status", "HTTP/1.1", "599", "40", UA_CURL, ["core.status-unregistered"], "near miss for out-of-range: 599 is in range, but unregistered"),
    ("POST", "/login", "HTTP/1.1", "419", "120", UA_MOZ, ["core.status-unregistered"], "419 (a framework's 'page expired') is unregistered"),
    ("GET", "/quota", "HTTP/1.1", "509", "300", UA_MOZ, ["core.status-unregistered"], "509 (cPanel bandwidth) is unregistered"),
    ("GET", "/slow", "HTTP/1.1", "499", "0", UA_MOZ, ["vendor.nginx-no-response"], "near miss for unregistered: nginx 499 is left to vendor.*"),
    ("GET", "/wp-login.php", "HTTP/1.1", "418", "0", "python-requests/2.31.0", ["core.status-reserved"], "418 as a bot block"),
    ("GET", "/old-proxy", "HTTP/1.1", "306", "0", UA_CURL, ["core.status-reserved"], "306 is reserved"),
    ("GET", "/api/ext", "HTTP/1.1", "510", "80", UA_APP, ["core.status-reserved"], "510 is OBSOLETED"),
    ("POST", "/api/export", "HTTP/1.1", "402", "64", UA_APP, ["core.status-reserved.402"], "402 from a billing API (info)"),
    ("POST", "/upload", "HTTP/1.1", "100", "0", UA_CURL, ["core.1xx-final"], "interim 100 logged as final"),
    ("GET", "/hints", "HTTP/1.1", "103", "0", UA_MOZ, ["core.1xx-final"], "interim 103 logged as final"),
    ("GET", "/chat", "HTTP/1.0", "101", "0", "legacy/1.0", ["core.101-misuse"], "101 to an HTTP/1.0 request"),
    ("GET", "/chat", "HTTP/1.1", "101", "0", UA_MOZ, [], "near miss: WebSocket upgrade over HTTP/1.1"),
    ("GET", "/api/items", "HTTP/1.1", "207", "90", UA_CURL, ["dav.207-non-webdav-method"], "207 to GET"),
    ("PROPFIND", "/dav/", "HTTP/1.1", "207", "512", UA_DAV, [], "near miss: PROPFIND 207 with a multistatus body"),
    ("REPORT", "/cal/user/", "HTTP/1.1", "207", "2048", "DAVx5/4.4", [], "near miss: CalDAV REPORT 207"),
    ("PROPFIND", "/dav/empty/", "HTTP/1.1", "207", "0", UA_DAV, ["dav.207-empty-or-tiny-body"], "207 with 0 body bytes"),
    ("PROPPATCH", "/dav/a.txt", "HTTP/1.1", "207", "2", UA_DAV, ["dav.207-empty-or-tiny-body.tiny"], "207 with 2 body bytes"),
    ("PROPFIND", "/dav/b.txt", "HTTP/1.1", "207", "27", UA_DAV, [], "near miss: 27 bytes, the shortest multistatus document"),
    ("HEAD", "/dav/", "HTTP/1.1", "207", "0", UA_DAV, ["dav.207-non-webdav-method"], "HEAD 207: no empty-body finding (HEAD has no content), but 207 to HEAD"),
    ("GET", "/page", "HTTP/1.1", "207", "900", UA_BOT, ["dav.207-non-webdav-method", "dav.207-to-browser-or-crawler"], "207 to a crawler's GET"),
    ("PROPFIND", "/dav/tree/", "HTTP/1.1", "208", "300", UA_DAV, ["dav.208-top-level"], "top-level 208 to PROPFIND"),
    ("POST", "/api/items", "HTTP/1.1", "208", "40", UA_APP, ["dav.208-top-level.post"], "208 as 'already exists' to POST"),
    ("PUT", "/api/items/1", "HTTP/1.1", "208", "0", UA_APP, ["dav.208-top-level.put"], "208 to a repeated PUT"),
    ("GET", "/feed", "HTTP/1.1", "208", "120", UA_CURL, ["dav.208-top-level.get"], "208 as 'unchanged' to GET"),
    ("DELETE", "/api/items/2", "HTTP/1.1", "208", "0", UA_APP, ["dav.208-top-level.delete"], "208 as 'already deleted'"),
    ("POST", "/api/orders", "HTTP/1.1", "424", "80", UA_APP, ["dav.424-top-level"], "424 for a failed backend"),
    ("PROPPATCH", "/dav/a.txt", "HTTP/1.1", "424", "120", UA_DAV, [], "near miss: 424 to a WebDAV method"),
    ("GET", "/index.php", "HTTP/1.1", "508", "420", UA_MOZ, ["vendor.508-outside-webdav"], "508 as 'resource limit reached'"),
    ("PROPFIND", "/dav/loop/", "HTTP/1.1", "508", "300", UA_DAV, [], "near miss: 508 to PROPFIND (no Depth logged = infinity)"),
    ("DELETE", "/api/items/1", "HTTP/1.1", "204", "17", UA_APP, ["body.bodyless-status-with-content"], "204 with body bytes"),
    ("DELETE", "/api/items/3", "HTTP/1.1", "204", "0", UA_APP, [], "near miss: 204 with no body"),
    ("GET", "/logo.png", "HTTP/1.1", "304", "5120", UA_MOZ, ["body.bodyless-status-with-content.304"], "304 with bytes logged (warning: may be a logged Content-Length)"),
    ("GET", "/logo.png", "HTTP/1.1", "304", "-", UA_MOZ, [], "near miss: 304 with Apache's '-' for no body"),
    ("POST", "/form", "HTTP/1.1", "205", "2", UA_MOZ, ["body.bodyless-status-with-content"], "205 with body bytes"),
    ("HEAD", "/index.html", "HTTP/1.1", "200", "5120", UA_CURL, ["body.head-with-content"], "HEAD with body bytes"),
    ("HEAD", "/index.html", "HTTP/1.1", "200", "0", UA_CURL, [], "near miss: HEAD without body bytes"),
    ("POST", "/api/ping", "HTTP/1.1", "200", "0", UA_APP, ["body.200-empty"], "200 with an empty body (info)"),
    ("OPTIONS", "/api/items", "HTTP/1.1", "200", "0", UA_MOZ, [], "near miss: CORS preflight 200 with no body"),
    ("POST", "/api/v1/orders", "HTTP/1.1", "301", "0", UA_APP, ["redir.method-changing-redirect"], "301 to POST"),
    ("POST", "/login", "HTTP/1.1", "302", "0", UA_MOZ, ["redir.method-changing-redirect"], "302 to POST (classic PRG; still flagged)"),
    ("PUT", "/api/v1/items/1", "HTTP/1.1", "301", "0", UA_APP, ["redir.method-changing-redirect.non-post"], "301 to PUT (info)"),
    ("POST", "/login", "HTTP/1.1", "303", "0", UA_MOZ, [], "near miss: Post/Redirect/Get with 303"),
    ("POST", "/api/v1/orders", "HTTP/1.1", "308", "0", UA_APP, [], "near miss: 308 keeps the method"),
    ("GET", "/docs", "HTTP/1.1", "303", "0", UA_MOZ, ["redir.303-for-get"], "303 to GET (info)"),
    ("GET", "/old-page", "HTTP/1.1", "301", "0", UA_MOZ, [], "near miss: 301 to GET"),
    ("PUT", "/api/items/1", "HTTP/1.1", "304", "0", UA_APP, ["cond.304-412-swap"], "304 to PUT"),
    ("OPTIONS", "/api/items", "HTTP/1.1", "412", "0", UA_MOZ, ["cond.412-without-precondition.ignored-method"], "412 to OPTIONS"),
    ("PUT", "/api/items/1", "HTTP/1.1", "412", "0", UA_APP, [], "near miss: 412 to PUT (needs conditional headers to judge)"),
    ("GET", "/api/session", "HTTP/1.1", "201", "64", UA_APP, ["ok.201-safe-method"], "201 to GET"),
    ("POST", "/api/items", "HTTP/1.1", "201", "64", UA_APP, [], "near miss: 201 to POST"),
    ("GET", "/api/report", "HTTP/1.1", "202", "0", UA_APP, ["ok.202-checks"], "202 to GET (info)"),
    ("POST", "/api/jobs", "HTTP/1.1", "202", "58", UA_APP, [], "near miss: 202 to POST"),
    ("POST", "/api/events", "HTTP/1.1", "226", "12", UA_APP, ["ok.226-misuse"], "226 as a 'processed' code"),
    ("GET", "/feed.xml", "HTTP/1.1", "226", "512", "FeedFetcher/2.0", [], "near miss: 226 to GET (A-IM not logged)"),
    ("POST", "/api/upload", "HTTP/1.1", "206", "0", UA_APP, ["range.206-416-non-get"], "206 to POST"),
    ("HEAD", "/video.mp4", "HTTP/1.1", "206", "0", UA_CURL, ["range.206-416-non-get.head"], "206 to HEAD (info)"),
    ("GET", "/video.mp4", "HTTP/1.1", "206", "1048576", UA_MOZ, [], "near miss: 206 to GET"),
    ("GET", "/admin", "HTTP/1.1", "407", "0", UA_MOZ, ["auth.407-from-origin"], "407 from an origin"),
    ("CONNECT", "example.com:443", "HTTP/1.1", "407", "0", UA_CURL, [], "near miss: 407 to CONNECT at a proxy"),
    ("GET", "/api/export", "HTTP/1.1", "501", "0", UA_CURL, ["method.501-for-get-head"], "501 to GET"),
    ("BREW", "/pot", "HTTP/1.1", "501", "0", UA_CURL, [], "near miss: 501 to an unknown method"),
    ("FOO", "/api", "HTTP/1.1", "405", "0", "scanner/1.0", ["method.405-501-swap"], "405 to an unregistered method (info)"),
    ("DELETE", "/api", "HTTP/1.1", "405", "0", UA_CURL, [], "near miss: 405 to DELETE"),
    ("GET", "/api/search?q=%ZZ", "HTTP/1.1", "422", "80", UA_APP, ["content.codes-without-request-content"], "422 to GET"),
    ("POST", "/api/items", "HTTP/1.1", "422", "80", UA_APP, [], "near miss: 422 to POST"),
    ("GET", "/a/b", "HTTP/1.1", "414", "0", UA_CURL, ["size.414-431-misfit"], "414 for a 4-byte target (info)"),
    ("GET", "/.env", "HTTP/1.1", "444", "0", "zgrab/0.x", ["vendor.nginx-no-response"], "nginx 444 (info)"),
    ("GET", "/", "HTTP/1.1", "497", "0", UA_CURL, ["vendor.nginx-49x"], "nginx-internal 497"),
    ("GET", "/", "HTTP/1.1", "522", "0", UA_MOZ, ["vendor.cdn-lb-codes"], "Cloudflare 522 (info)"),
    ("GET", "/", "HTTP/1.1", "200", "5120", UA_MOZ, [], "near miss: plain 200"),
    ("GET", "/missing", "HTTP/1.1", "404", "162", UA_MOZ, [], "near miss: plain 404"),
]

D = {k: "-" for k in EXT_NGINX}
# (method, target, status, bytes, extended fields, expected rules, intent); combined part fixed.
EXTENDED = [
    ("GET", "/api/me", "401", "40", dict(ctype="application/json"), ["auth.401-without-challenge"], "401 without WWW-Authenticate"),
    ("GET", "/api/me", "401", "40", dict(ctype="application/json", wwwauth='Bearer realm=\\"api\\"'), [], "near miss: 401 with a challenge"),
    ("DELETE", "/api/items/1", "204", "0", dict(clen="0"), ["body.bodyless-status-with-content.content-length"], "204 with Content-Length"),
    ("GET", "/api/limited", "429", "20", dict(ctype="application/json", cc="public, max-age=60"), ["cache.no-store-codes-marked-cacheable"], "429 marked cacheable"),
    ("GET", "/api/limited", "429", "20", dict(ctype="application/json", cc="no-store"), [], "near miss: 429 with no-store"),
    ("GET", "/logo.png", "304", "0", dict(), ["cond.304-unconditional"], "304 without validators"),
    ("GET", "/logo.png", "304", "0", dict(inm='\\"abc\\"'), [], "near miss: 304 to If-None-Match"),
    ("GET", "/a", "412", "0", dict(inm='\\"v1\\"'), ["cond.304-412-swap.412"], "412 to GET with only If-None-Match"),
    ("POST", "/api/orders", "412", "0", dict(ctype="application/json"), ["cond.412-without-precondition"], "412 without any precondition"),
    ("PUT", "/api/items/1", "412", "0", dict(ifm='\\"v3\\"'), [], "near miss: 412 to a failed If-Match"),
    ("POST", "/api/items", "201", "64", dict(ctype="application/json"), ["ok.201-safe-method.post-without-location"], "201 to POST without Location (info)"),
    ("POST", "/api/items", "201", "64", dict(ctype="application/json", loc="/api/items/7"), [], "near miss: 201 with Location"),
    ("POST", "/api/jobs", "202", "0", dict(), ["ok.202-checks.nothing-to-poll"], "202 with nothing to poll (info)"),
    ("GET", "/feed.xml", "226", "512", dict(ctype="application/xml"), ["ok.226-misuse.no-a-im"], "226 without A-IM"),
    ("POST", "/api/orders", "200", "120", dict(ctype="application/problem+json"), ["ok.problem-json-with-2xx"], "problem+json with 200"),
    ("GET", "/video.mp4", "206", "1048576", dict(ctype="video/mp4", crange="bytes 0-1048575/9000000"), ["range.206-without-range"], "206 without Range"),
    ("GET", "/video.mp4", "206", "1048576", dict(ctype="video/mp4", crange="bytes 0-1048575/9000000", range="bytes=0-1048575"), [], "near miss: 206 to a Range request"),
    ("GET", "/video.mp4", "416", "0", dict(), ["range.416-without-range"], "416 without Range"),
    ("DELETE", "/api/items", "405", "0", dict(), ["hdr.companion-missing.405-allow"], "405 without Allow"),
    ("DELETE", "/api/items", "405", "0", dict(allow="GET, HEAD, POST"), [], "near miss: 405 with Allow"),
    ("GET", "/ws", "426", "0", dict(), ["hdr.companion-missing.426-upgrade"], "426 without Upgrade"),
    ("GET", "/chat", "101", "0", dict(upgrade="websocket"), ["hdr.companion-missing.101-upgrade"], "101 without a response Upgrade"),
    ("GET", "/chat", "101", "0", dict(upgrade="websocket", rupgrade="websocket"), [], "near miss: WebSocket upgrade with both headers"),
    ("GET", "/video.mp4", "206", "100", dict(ctype="video/mp4", range="bytes=0-99"), ["hdr.companion-missing.206-content-range"], "206 without Content-Range"),
    ("GET", "/video.mp4", "416", "0", dict(range="bytes=99999999-"), ["hdr.companion-missing.416-content-range"], "416 to a byte range without Content-Range"),
    ("GET", "/article", "451", "300", dict(ctype="text/html"), ["hdr.companion-missing.451-link"], "451 without Link rel=blocked-by"),
    ("GET", "/internal", "407", "0", dict(), ["auth.407-from-origin", "hdr.companion-missing.407-proxy-authenticate"], "407 from an origin, without a challenge either"),
    ("GET", "/old", "301", "0", dict(), ["redir.missing-location"], "301 without Location"),
    ("GET", "/account", "302", "0", dict(loc="/account"), ["redir.self-loop"], "302 to itself"),
    ("GET", "/account", "302", "0", dict(loc="https://example.com/account"), [], "near miss: http to https is not a loop"),
    ("GET", "/", "431", "0", dict(reqlen="412"), ["size.414-431-misfit.431"], "431 for a 412-byte request (info)"),
    ("GET", "/", "400", "0", dict(reqlen="17000"), ["size.414-431-misfit.400-big-headers"], "400 for a 17 kB bodiless request (info)"),
    ("POST", "/api/pay", "425", "0", dict(), ["misc.425-without-early-data"], "425 without early data"),
    ("POST", "/api/pay", "425", "0", dict(early="1"), [], "near miss: 425 to an early-data request"),
    ("GET", "/chat", "101", "0", dict(rupgrade="websocket"), ["core.101-misuse.no-upgrade"], "101 without an Upgrade request"),
    ("POST", "/api/bulk", "207", "300", dict(ctype="application/json"), ["dav.207-non-webdav-method", "dav.207-non-xml-ctype"], "JSON bulk 207"),
    ("PROPFIND", "/dav/", "207", "300", dict(ctype="application/xml; charset=utf-8", depth="1"), [], "near miss: XML 207 to PROPFIND"),
    ("PROPFIND", "/dav/", "508", "300", dict(ctype="application/xml", depth="1"), ["vendor.508-outside-webdav"], "508 to a Depth: 1 PROPFIND"),
    ("GET", "/api", "500", "120", dict(ctype="text/html", ups="502", upa="192.0.2.10:8080"), ["proxy.500-for-upstream-failure"], "500 after an upstream 502"),
    ("GET", "/api", "500", "120", dict(ctype="text/html", ups="500", upa="192.0.2.10:8080"), [], "near miss: the app's own 500 passed through"),
    ("GET", "/api/items", "502", "60", dict(ctype="application/json", ups="502", upa="192.0.2.10:8080"), ["proxy.gateway-code-from-origin"], "an app's JSON 502 (info)"),
    ("GET", "/api/items", "502", "157", dict(ctype="text/html", ups="502", upa="192.0.2.10:8080"), [], "near miss: nginx's own 502 page"),
    ("GET", "/api", "504", "160", dict(ctype="text/html", rt="0.004", ups="504", upa="192.0.2.10:8080"), ["proxy.504-too-fast"], "504 after 4 ms (info)"),
    ("GET", "/api", "504", "160", dict(ctype="text/html", rt="60.002", ups="504", upa="192.0.2.10:8080"), [], "near miss: 504 after the 60 s timeout"),
    ("POST", "/api", "408", "0", dict(ups="-", upa="192.0.2.10:8080", rt="60.001"), ["proxy.408-after-upstream"], "408 after forwarding"),
    ("GET", "/", "511", "0", dict(ups="511", upa="192.0.2.10:8080"), ["misc.511-from-origin"], "511 from the origin"),
    ("GET", "/x", "444", "0", dict(ups="444", upa="192.0.2.10:8080"), ["vendor.nginx-no-response", "vendor.nginx-no-response.upstream"], "an app answering 444"),
    ("GET", "/", "520", "0", dict(ups="520", upa="192.0.2.10:8080"), ["vendor.cdn-lb-codes", "vendor.cdn-lb-codes.upstream"], "an origin answering 520"),
    ("GET", "/", "200", "5120", dict(ctype="text/html; charset=utf-8", ups="200", upa="192.0.2.10:8080", cc="max-age=60"), [], "near miss: plain 200"),
]
NGINX_ONLY = {"proxy.500-for-upstream-failure", "proxy.gateway-code-from-origin", "proxy.408-after-upstream",
              "misc.511-from-origin", "vendor.nginx-no-response.upstream", "vendor.cdn-lb-codes.upstream"}

CLEAN = [
    ("GET", "/", "200", "5120", UA_MOZ), ("GET", "/style.css", "200", "2310", UA_MOZ),
    ("GET", "/app.js", "200", "48211", UA_MOZ), ("GET", "/logo.png", "304", "0", UA_MOZ),
    ("GET", "/favicon.ico", "404", "162", UA_MOZ), ("GET", "/old-page", "301", "0", UA_MOZ),
    ("GET", "/new-page", "200", "3002", UA_MOZ), ("POST", "/login", "303", "0", UA_MOZ),
    ("GET", "/account", "200", "4410", UA_MOZ), ("GET", "/api/items", "200", "912", UA_APP),
    ("POST", "/api/items", "201", "64", UA_APP), ("PUT", "/api/items/7", "204", "0", UA_APP),
    ("DELETE", "/api/items/7", "204", "0", UA_APP), ("GET", "/api/items/7", "404", "40", UA_APP),
    ("HEAD", "/", "200", "0", UA_CURL), ("GET", "/robots.txt", "200", "68", UA_BOT),
    ("GET", "/video.mp4", "206", "1048576", UA_MOZ), ("PROPFIND", "/dav/", "207", "1834", UA_DAV),
    ("PUT", "/dav/notes.txt", "201", "0", UA_DAV), ("GET", "/api/slow", "503", "90", UA_APP),
    ("POST", "/api/items", "400", "88", UA_APP), ("GET", "/admin", "403", "140", UA_MOZ),
    ("GET", "/api/me", "401", "40", UA_APP), ("POST", "/api/orders", "422", "97", UA_APP),
    ("GET", "/api/limited", "429", "20", UA_APP), ("GET", "/sitemap.xml", "200", "1200", UA_BOT),
]


def ts(i):
    return "24/Nov/2026:10:%02d:%02d +0000" % (i // 60 % 60, i % 60)


def client(i):
    return ["192.0.2.%d", "198.51.100.%d", "203.0.113.%d"][i % 3] % (10 + i % 40)


def combined_line(i, method, target, proto, status, nbytes, ua):
    return '%s - - [%s] "%s %s %s" %s %s "-" "%s"' % (client(i), ts(i), method, target, proto,
                                                     status, nbytes, ua)


def ext_line(i, method, target, status, nbytes, f, apache):
    v = dict(D)
    v.update(f)
    v.setdefault("host", "example.com")
    if v["host"] == "-":
        v["host"] = "example.com"
    if v["rt"] == "-":
        v["rt"] = "0.012"
    if v["reqlen"] == "-":
        v["reqlen"] = "412"
    head = '%s - - [%s] "%s %s HTTP/1.1" %s %s "-" "%s"' % (
        client(i), ts(i), method, target, status,
        ("-" if apache and nbytes == "0" else nbytes), UA_APP)
    parts = []
    for k in EXT_NGINX:
        if apache and k in ("ups", "upa"):
            continue
        val = v[k]
        if apache and k == "rt":
            val = str(int(float(val) * 1000000))
        parts.append('"%s"' % val if k in QUOTED else val)
    return head + " " + " ".join(parts)


def main():
    expected = {}
    lines, exp = [], {}
    for i, (m, t, p, s, b, ua, rules, why) in enumerate(COMBINED):
        lines.append(combined_line(i, m, t, p, s, b, ua))
        exp[str(i + 1)] = {"rules": sorted(rules), "intent": why}
    write("combined.log", lines)
    expected["combined.log"] = {"log_format": "combined", "lines": exp}

    for name, apache, fmt in (("nginx-extended.log", False, NGINX_FORMAT),
                              ("apache-extended.log", True, APACHE_FORMAT)):
        lines, exp, n = [], {}, 0
        for (m, t, s, b, f, rules, why) in EXTENDED:
            if apache and (set(rules) & NGINX_ONLY or "ups" in f):
                continue
            lines.append(ext_line(n, m, t, s, b, f, apache))
            n += 1
            exp[str(n)] = {"rules": sorted(rules), "intent": why}
        write(name, lines)
        expected[name] = {"log_format": fmt, "lines": exp}

    lines = [combined_line(i, m, t, "HTTP/1.1", s, b, ua) for i, (m, t, s, b, ua) in enumerate(CLEAN)]
    write("clean.log", lines)
    expected["clean.log"] = {"log_format": "combined",
                             "lines": {str(i + 1): {"rules": [], "intent": "ordinary traffic"}
                                       for i in range(len(lines))}}
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1, sort_keys=True)
        fh.write("\n")
    write_readme(expected)


README_HEAD = """# Sample logs

Small, hand-written logs for trying statuslint and for its tests. Every line was designed in
`tests/samples/make_samples.py` (which writes these files, this README, and the expectations
`tests/samples/expected.json` and `tests/tests/samples/log-formats.txt`);
none is copied from real traffic. Addresses are from the RFC 5737 documentation ranges
(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and hosts are example.com.
`tests/check_samples.py` (ctest `pack.samples`) runs statuslint over each log and checks that
every line fires exactly the rules listed below, and no others; it also checks that `clean.log`
exits 0 and `combined.log` exits 1.

| File | Format | Purpose |
|---|---|---|
| `combined.log` | combined | every rule that the combined format can feed fires at least once; near misses beside them |
| `nginx-extended.log` | the nginx `log_format` below | the rules that need response headers, conditional request headers, upstream fields or request time |
| `apache-extended.log` | the Apache `LogFormat` below | the same traffic as nginx-extended minus the upstream lines (Apache has no upstream fields) |
| `clean.log` | combined | ordinary traffic with no finding at all: exits 0 |

Try them:

```sh
statuslint samples/combined.log
statuslint --log-format "$(sed -n 's/^nginx: //p' tests/samples/log-formats.txt)" samples/nginx-extended.log
statuslint --log-format "$(sed -n 's/^apache: //p' tests/samples/log-formats.txt)" samples/apache-extended.log
```

## Recommended log formats (unlock every rule)

nginx (`http` block; the `$upstream_*` variables are `-` where nginx answers by itself):

```nginx
log_format statuslint '%s';
access_log /var/log/nginx/access.log statuslint;
```

Apache (`%%I` needs mod_logio; statuslint converts `%%D` microseconds to seconds):

```apache
LogFormat "%s" statuslint
CustomLog logs/access.log statuslint
```

Give statuslint the same string with `--log-format` (the nginx one contains `$`, the Apache one
`%%`), or put it in `.statuslint.yml` as `log_format:`. Both strings are in `tests/samples/log-formats.txt`, one
per line.
"""


def write_readme(expected):
    out = [README_HEAD % (NGINX_FORMAT, APACHE_FORMAT.replace('"', '\\"'))]
    for name in ("combined.log", "nginx-extended.log", "apache-extended.log"):
        out.append("## %s\n\n| Line | Fires | Intent |\n|---|---|---|" % name)
        for ln, v in sorted(expected[name]["lines"].items(), key=lambda kv: int(kv[0])):
            fires = ", ".join("`%s`" % r for r in v["rules"]) or "nothing (near miss)"
            out.append("| %s | %s | %s |" % (ln, fires, v["intent"]))
        out.append("")
    with open(os.path.join(SAMPLES, "README.md"), "w") as fh:
        fh.write("\n".join(out))
    with open(os.path.join(HERE, "log-formats.txt"), "w") as fh:
        fh.write("nginx: %s\napache: %s\n" % (NGINX_FORMAT, APACHE_FORMAT))


def write(name, lines):
    with open(os.path.join(SAMPLES, name), "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
