#!/usr/bin/python3
"""peer_check.py: agreement with other projects' parsers on their own test cases.

Reads ../shared/corpora/*_cases.jsonl (crowdsec, matomo, lnav, fluentd, apache-log-parser;
the GPL ones are only read there, never copied), keeps every case whose line is in a text
format statuslint claims (presets, nginx/Apache strings), parses the line with peer_dump
(the library, through the C helper) and compares client, time, method, path/target, query,
protocol, status, bytes, referer and user agent with what the peer expects.

Prints a table per source and every disagreement; exits 1 if a source's count of agreeing
fields falls below peer_baseline.tsv, 77 (skipped) when the shared folder is absent.
  peer_check.py DUMP_BINARY BASELINE.TSV SHARED_DIR [--write-baseline]
"""
import datetime
import json
import os
import subprocess
import sys

STRUCTURED = {"jsonl", "nginx_json", "caddy", "traefik_json", "csv", "tsv", "w3c", "cloudfront"}

# matomo's format names -> ours (the formats matomo's importer defines; see README.md)
MATOMO_FORMATS = {
    "common": "common", "ncsa_extended": "combined", "common_vhost": "vhost_common",
    "common_complete": "vhost_combined", "s3": "s3", "icecast2": "combined", "ovh": "combined",
    "haproxy": "haproxy",
    "gandi": '%v %h %l %u %t (%T s) "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
}
CROWDSEC_PARSERS = {
    "s01-parse/crowdsecurity/nginx-logs", "s01-parse/crowdsecurity/apache2-logs",
    "s01-parse/crowdsecurity/aws-alb", "s01-parse/crowdsecurity/traefik-logs",
    "s01-parse/crowdsecurity/haproxy-logs", "s01-parse/crowdsecurity/nginx-proxy-manager-logs",
    "s01-parse/bunkerity/bunkerweb-logs",
}


def norm(v):
    if v is None:
        return None
    v = str(v)
    return None if v in ("", "-") else v


def parse_time(s):
    """Peer time text -> epoch seconds, or None when it is not a form we read."""
    if s is None:
        return None
    s = str(s).strip().strip("[]")
    for fmt in ("%d/%b/%Y:%H:%M:%S %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z",
                "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%d/%b/%Y:%H:%M:%S.%f",
                "%d/%b/%Y:%H:%M:%S"):
        try:
            d = datetime.datetime.strptime(s.replace("Z", "+0000"), fmt)
        except ValueError:
            continue
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        return str(int(d.timestamp()))
    return None


def pick(d, *keys):
    for k in keys:
        if k in d:
            return True, d[k]
    return False, None


def expect_generic(d, m):
    """Maps a peer's field dict onto ours with the key spellings in m (ours -> peer keys)."""
    out = {}
    for ours, keys in m.items():
        ok, v = pick(d, *keys)
        if ok:
            out[ours] = v
    return out


def fluentd_cases(rows):
    for r in rows:
        exp = r.get("expected") or r.get("expected_partial")
        if not exp:
            continue
        # fluentd's nginx "host" is the column nginx writes as a literal "-": not compared
        e = expect_generic(exp, {"client": ["remote"] if r["parser"] == "nginx" else ["host"],
                                 "method": ["method"], "target": ["path"], "status": ["code"],
                                 "bytes": ["size"], "referer": ["referer"],
                                 "user_agent": ["agent"]})
        if r.get("expected_time"):
            e["time"] = r["expected_time"]
        yield r["test"], "auto", r["line"], e


def matomo_cases(rows):
    for r in rows:
        if not r.get("line"):
            continue
        if r["kind"] == "regex_groups":
            fmt = MATOMO_FORMATS.get(r.get("format"))
            if not fmt:
                continue
            g = r["expected_groups"]
        else:
            fmt, g = "auto", r["expected_hit"]
        e = expect_generic(g, {"client": ["ip"], "method": ["method"], "status": ["status"],
                               "bytes": ["length"], "referer": ["referrer"],
                               "user_agent": ["user_agent"], "host": ["host"]})
        if "path" in g:
            e["path" if "query_string" in g else "target"] = g["path"]
        if "query_string" in g:
            e["query"] = g["query_string"]
        if "date" in g and "timezone" in g:
            e["time"] = "%s %s" % (g["date"], g["timezone"])
        elif "date" in g:
            e["time"] = g["date"]
        name = "%s#%s" % (r["source"].split("#")[-1], r.get("hit_index", r.get("lineno0")))
        yield name, fmt, r["line"], e


def crowdsec_cases(rows):
    keys = {"client": ["remote_addr", "clientip", "client_ip", "remote_ip"],
            "time": ["time_local", "timestamp"], "method": ["verb", "request_method", "method"],
            "target": ["request"], "status": ["status", "elb_status_code"],
            "bytes": ["body_bytes_sent"], "referer": ["http_referer", "referrer"],
            "user_agent": ["http_user_agent", "user_agent"]}
    for r in rows:
        for parser, res in r["expected"].items():
            if parser not in CROWDSEC_PARSERS or not res.get("success"):
                continue
            p = res.get("parsed", {})
            e = expect_generic(p, keys)
            if "http_version" in p:
                e["protocol"] = "HTTP/" + p["http_version"]
            if parser.endswith("aws-alb"):  # request is the absolute URL there
                e.pop("target", None)
            yield "%s#%s" % (r["test"], r["event_index"]), "auto", r["line"], e


def lnav_cases(rows):
    for r in rows:
        if r["kind"] != "sql_row":
            continue
        e = expect_generic(r["expected"], {"client": ["c_ip"], "method": ["cs_method"],
                                           "path": ["cs_uri_stem"], "query": ["cs_uri_query"],
                                           "protocol": ["cs_version"], "status": ["sc_status"],
                                           "bytes": ["sc_bytes"], "referer": ["cs_referer"],
                                           "user_agent": ["cs_user_agent"],
                                           "time": ["log_time"]})
        yield "%s:%s" % (r["log_file"], r["lineno0"]), "auto", r["line"], e


def alp_cases(rows):
    keys = {"client": ["remote_host"], "method": ["request_method"], "target": ["request_url"],
            "path": ["request_url_path"], "query": ["request_url_query"],
            "status": ["status"], "bytes": ["response_bytes_clf"],
            "referer": ["request_header_referer"], "user_agent": ["request_header_user_agent"],
            "time": ["time_received"]}
    for r in rows:
        exp = dict(r.get("expected") or {})
        exp.update(r.get("expected_partial") or {})
        e = expect_generic(exp, keys)
        if "request_http_ver" in exp:
            e["protocol"] = "HTTP/" + exp["request_http_ver"]
        yield r["test"], r["apache_logformat"], r["line"], e


SOURCES = [
    ("fluentd", "fluentd/fluentd_parser_cases.jsonl", fluentd_cases),
    ("matomo", "matomo-log-analytics/matomo_cases.jsonl", matomo_cases),
    ("crowdsec", "crowdsec-hub/crowdsec_parser_cases.jsonl", crowdsec_cases),
    ("lnav", "lnav/lnav_cases.jsonl", lnav_cases),
    ("apache-log-parser", "apache-log-parser-py/apache_log_parser_cases.jsonl", alp_cases),
]


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def run_dump(binary, cases):
    data = "".join("%s\n%s\n" % (fmt, line.replace("\n", " ")) for _, fmt, line, _ in cases)
    out = subprocess.run([binary], input=data.encode("utf-8", "surrogateescape"),
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8", "replace")
    results = []
    for row in out.split("\n")[:len(cases)]:
        cols = row.split("\t")
        fields = {}
        for c in cols[1:]:
            k, _, v = c.partition("=")
            fields[k] = unescape(v)
        results.append((cols[0], fields))
    return results


def compare(expected, got):
    """Yields (field, peer value, our value, agree) for each field the peer states."""
    for k, v in expected.items():
        peer = parse_time(v) if k == "time" else norm(v)
        if k == "time" and peer is None:
            continue  # a time form we do not read on the peer's side
        ours = norm(got.get(k))
        if k == "bytes" and "bytes" not in got and "bytes_total" in got:
            ours = norm(got["bytes_total"])  # same column; the format declares it total bytes
        if k == "bytes":  # CLF: "-" is zero bytes (Apache %b)
            peer = peer or "0"
            ours = ours or "0"
        yield k, peer, ours, peer == ours


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binary, baseline_path, shared = sys.argv[1:4]
    write = "--write-baseline" in sys.argv
    corpora = os.path.join(shared, "corpora")
    if not os.path.isdir(corpora):
        print("SKIPPED: %s not found" % corpora)
        return 77
    baseline = {}
    if os.path.exists(baseline_path):
        for line in open(baseline_path):
            if line.strip() and not line.startswith("#"):
                src, n = line.split("\t")[:2]
                baseline[src] = int(n)
    summary, failed = [], False
    for name, rel, gen in SOURCES:
        rows = [json.loads(l) for l in open(os.path.join(corpora, rel), encoding="utf-8")]
        cases = [c for c in gen(rows) if c[2] is not None]
        results = run_dump(binary, cases)
        n_cases = n_claimed = n_agree_cases = n_fields = n_agree = 0
        for (case, fmt, line, exp), (kind, got) in zip(cases, results):
            n_cases += 1
            if got.get("format") in STRUCTURED or kind == "ERROR":
                continue  # JSON/CSV/W3C: the structured formats' own tests
            n_claimed += 1
            if kind != "RECORD":
                print("  %s %s: %s (%s)" % (name, case, kind, got.get("reason", "")))
                n_fields += len(exp)
                continue
            all_ok = True
            for k, peer, ours, ok in compare(exp, got):
                n_fields += 1
                n_agree += ok
                if not ok:
                    all_ok = False
                    print("  %s %s [%s]: %s: peer %r, statuslint %r" % (
                        name, case, got.get("format"), k, peer, ours))
            n_agree_cases += all_ok
        summary.append((name, n_cases, n_claimed, n_agree_cases, n_agree, n_fields))
        if n_agree < baseline.get(name, 0):
            failed = True
    print("\n%-18s %6s %8s %12s %14s" % ("source", "cases", "claimed", "cases agree",
                                          "fields agree"))
    for name, c, cl, ac, af, nf in summary:
        pct = 100.0 * af / nf if nf else 100.0
        print("%-18s %6d %8d %12d %8d/%-5d %5.1f%%  (baseline %s)" % (
            name, c, cl, ac, af, nf, pct, baseline.get(name, "-")))
    if write:
        with open(baseline_path, "w") as f:
            f.write("# source\tagreeing fields (peer_check.py fails below this)\n")
            for name, _, _, _, af, _ in summary:
                f.write("%s\t%d\n" % (name, af))
    if failed:
        print("FAIL: agreement fell below %s" % baseline_path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
