#!/usr/bin/env python3
"""convert.py KIND < combined.log > out: rewrites a combined log as the same traffic in
another format, the way the server or exporter would write it.

  nginx_json  nginx `log_format ... escape=json` keyed by variable names (values strings)
  csv         a CSV export with nginx-variable column names (quoted where needed)
  w3c         W3C extended (IIS style: #Fields, date/time split, '+' for spaces in the UA)

Each output keeps one record per input line, after a fixed number of header lines
(json 0, csv 1, w3c 4), so findings can be compared line by line."""
import csv
import json
import re
import sys
import time

LINE = re.compile(r'^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d+|-) (\d+|-) '
                  r'"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"')


def records(stream):
    for raw in stream:
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            sys.exit("convert.py: not a combined line: %r" % raw[:80])
        yield m.groups()


def main(kind):
    out = sys.stdout
    rows = list(records(sys.stdin))
    if kind == "nginx_json":
        for ip, _, user, t, req, st, b, ref, ua in rows:
            out.write(json.dumps({"remote_addr": ip, "remote_user": user, "time_local": t,
                                  "request": req, "status": st, "body_bytes_sent": b,
                                  "http_referer": ref, "http_user_agent": ua}) + "\n")
    elif kind == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["remote_addr", "time_local", "request", "status", "body_bytes_sent",
                    "http_referer", "http_user_agent"])
        for ip, _, user, t, req, st, b, ref, ua in rows:
            w.writerow([ip, t, req, st, b, ref, ua])
    elif kind == "w3c":
        out.write("#Software: statuslint test conversion\n#Version: 1.0\n#Date: 2026-06-01 00:00:00\n")
        out.write("#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query cs-version "
                  "sc-status sc-bytes cs(User-Agent) cs(Referer)\n")
        for ip, _, user, t, req, st, b, ref, ua in rows:
            tm = time.strptime(t, "%d/%b/%Y:%H:%M:%S %z")
            parts = req.split(" ")
            method, target, proto = (parts + ["-", "-", "-"])[:3] if len(parts) >= 3 else ("-", "-", "-")
            stem, _, query = target.partition("?")
            out.write(" ".join([time.strftime("%Y-%m-%d", tm), time.strftime("%H:%M:%S", tm), ip,
                                method, stem or "-", query or "-", proto, st, b,
                                ua.replace(" ", "+") or "-", ref or "-"]) + "\n")
    else:
        sys.exit("convert.py: unknown kind %r" % kind)


if __name__ == "__main__":
    main(sys.argv[1])
