#!/usr/bin/env python3
"""gen_rules_doc.py: writes docs/rules.md, the rules reference, from rules/*.yml.

Usage: gen_rules_doc.py [RULES_DIR] [-o OUT]      write the reference (stdout without -o)
       gen_rules_doc.py [RULES_DIR] --check FILE  exit 1 if FILE differs from what would be written
The rule files are the only source: edit them, then regenerate (see docs/writing-rules.md)."""
import glob
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)

# What a user adds to the log format to supply a field (mirrors src/record/rec_fields.def).
CANONICAL = {
    "time": ("$time_local", "%t"), "client": ("$remote_addr", "%h"), "user": ("$remote_user", "%u"),
    "method": ("$request", "%r"), "target": ("$request", "%r"), "path": ("$request", "%r"),
    "query": ("$request", "%r"), "protocol": ("$request", "%r"), "status": ("$status", "%>s"),
    "bytes": ("$body_bytes_sent", "%b"), "bytes_total": ("$bytes_sent", "%O"),
    "referer": ("$http_referer", "%{Referer}i"), "user_agent": ("$http_user_agent", "%{User-Agent}i"),
    "host": ("$host", "%v"), "content_type": ("$sent_http_content_type", "%{Content-Type}o"),
    "request_time": ("$request_time", "%D"), "request_length": ("$request_length", "%I"),
    "upstream_status": ("$upstream_status", None), "upstream_addr": ("$upstream_addr", None),
    "upstream_time": ("$upstream_response_time", None), "route": ("$request", "%r"),
}
COMBINED = {"time", "client", "user", "method", "target", "path", "query", "protocol",
            "status", "bytes", "referer", "user_agent"}
SEV_ORDER = {"error": 0, "warning": 1, "info": 2}

# Catalog rules (rule-catalog.md sections 1-8) that the pack does not implement, and why.
NOT_IMPLEMENTED = [
    ("auth.403-without-credentials", "needs per-route history; implemented as the aggregate rule "
     "agg.403-without-credentials."),
    ("method.405-501-swap (second half)", "501 for a registered method that the same server answers "
     "with 2xx on other routes needs per-server history; implemented as the aggregate rule "
     "agg.501-for-served-method. The stateless half (405 for an unregistered method) is "
     "method.405-501-swap."),
    ("dav.208-non-propfind", "folded into dav.208-top-level and its per-method variants (catalog "
     "errata A): every logged 208 already fires dav.208-top-level."),
    ("agg.soft-404 (size half)", "200s whose body size equals one the host answered 404 with need "
     "a learned set of sizes per host, which the rule language does not have yet; the error-page "
     "half is agg.soft-404."),
    ("agg.rate-limit-as-503 (route share)", "\"80 % of a route's 503s go to one client while others "
     "get 2xx\" needs a top-k share per route; agg.rate-limit-as-503 counts a client's own 503s."),
]


def header_name(field):
    return "-".join(w.capitalize() for w in field.split("_"))


def hint(field):
    """nginx variable and Apache directive that supply field, as Markdown."""
    if field in CANONICAL:
        ng, ap = CANONICAL[field]
        return "`%s`" % ng + (", `%s`" % ap if ap else " (nginx only)")
    if field.startswith("req."):
        h = field[4:]
        return "`$http_%s`, `%%{%s}i`" % (h, header_name(h))
    if field.startswith("resp."):
        h = field[5:]
        return "`$sent_http_%s`, `%%{%s}o`" % (h, header_name(h))
    return "a `%s` field" % field


def ref_url(ref):
    m = re.match(r"RFC (\d+) §([\d.]+)$", ref)
    if m:
        return "https://www.rfc-editor.org/rfc/rfc%s#section-%s" % m.groups()
    m = re.match(r"RFC (\d+) App\. ([A-Z][\d.]*)$", ref)
    if m:
        return "https://www.rfc-editor.org/rfc/rfc%s#appendix-%s" % m.groups()
    m = re.match(r"RFC (\d+)$", ref)
    if m:
        return "https://www.rfc-editor.org/rfc/rfc%s" % m.group(1)
    return None


def fmt_ref(ref):
    url = ref_url(ref)
    return "[%s](%s)" % (ref, url) if url else ref


def anchor(rule_id):
    return re.sub(r"[^a-z0-9-]", "", rule_id.lower())


def load(rules_dir):
    files = sorted(glob.glob(os.path.join(rules_dir, "*.yml")))
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        for r in doc.get("rules", []):
            r["_file"] = "rules/" + os.path.basename(f)
            out.append(r)
    return files, out


def codes_text(r):
    return ", ".join(str(c) for c in r.get("codes", [])) or "any"


def needs_beyond(r):
    return [n for n in r.get("needs", []) if n not in COMBINED]


def agg_text(a):
    """An aggregate or sequence block on one line: key, window, the conditions."""
    parts = []
    for k, v in a.items():
        if k == "by":
            v = v if isinstance(v, list) else [v]
            parts.append("by %s" % (", ".join("`%s`" % x for x in v) or "nothing (one group)"))
        elif k == "count":
            parts.append("counters " + ", ".join("`%s`: `%s`" % (n, " ".join(str(c).split()))
                                                  for n, c in v.items()))
        elif k in ("having", "first", "then"):
            parts.append("%s `%s`" % (k, " ".join(str(v).split())))
        else:
            parts.append("%s `%s`" % (k, str(v).lower() if isinstance(v, bool) else v))
    return "; ".join(parts)


def render(files, rules):
    L = []
    w = L.append
    w("<!-- Generated by tests/gen_rules_doc.py from rules/*.yml. Do not edit: edit the rule")
    w("     files and run `python3 tests/gen_rules_doc.py -o docs/rules.md`. -->")
    w("# Rules reference")
    w("")
    nsev = {s: sum(1 for r in rules if r["severity"] == s) for s in SEV_ORDER}
    w("The built-in pack holds %d rules in %d files (%d error, %d warning, %d info). Each rule "
      "rests on the RFC sections it cites and carries its own tests (`statuslint rules test`)."
      % (len(rules), len(files), nsev["error"], nsev["warning"], nsev["info"]))
    w("`statuslint rules explain ID` prints any entry below from the binary itself.")
    w("")
    w("**Severity**: `error` breaks a MUST / MUST NOT or is structurally impossible; `warning` "
      "breaks a SHOULD or is a strong sign of a swapped code; `info` is a heuristic or style.")
    w("")
    w("**Needs**: a rule runs only on inputs whose format can supply every field it needs; "
      "otherwise it is switched off with one notice naming the directive to add. Rules that "
      "need nothing beyond the combined format run everywhere. Ids with a suffix "
      "(`dav.208-top-level.post`) are variants of the catalog rule before the suffix, split "
      "out because they differ in severity, advice or the fields they need; each is "
      "disabled or re-levelled by its own id.")
    w("")
    w("## Index")
    w("")
    w("| Rule | Severity | Codes | Needs beyond combined |")
    w("|---|---|---|---|")
    for r in rules:
        nb = ", ".join("`%s`" % n for n in needs_beyond(r)) or "—"
        w("| [`%s`](#%s) | %s | %s | %s |" % (r["id"], anchor(r["id"]), r["severity"],
                                            codes_text(r), nb))
    w("")
    cur = None
    for r in rules:
        if r["_file"] != cur:
            cur = r["_file"]
            w("## %s" % cur)
            w("")
        w("### %s" % r["id"])
        w("")
        w("**%s**" % r["title"])
        w("")
        w("- Severity: `%s`" % r["severity"])
        w("- Codes: %s" % codes_text(r))
        w("- Condition: `%s`" % " ".join(str(r["when"]).split()))
        for kind in ("aggregate", "sequence"):
            if kind in r:
                w("- %s: %s" % (kind.capitalize(), agg_text(r[kind])))
        if r.get("suggest"):
            w("- Suggested instead: %s" % ", ".join(str(c) for c in r["suggest"]))
        needs = r.get("needs", [])
        if needs:
            w("- Needs: " + "; ".join("`%s` (%s)" % (n, hint(n)) for n in needs))
        w("- References: " + ", ".join(fmt_ref(x) for x in r.get("references", [])))
        t = r.get("tests", {})
        w("- Tests: %d match, %d no_match" % (len(t.get("match", [])), len(t.get("no_match", []))))
        w("")
        w(" ".join(str(r.get("description", "")).split()))
        w("")
    w("## Catalog rules not in the pack")
    w("")
    for rid, why in NOT_IMPLEMENTED:
        w("- `%s`: %s" % (rid, why))
    w("")
    w("Aggregate rules (`aggregate:` and `sequence:` blocks, ids `agg.*`) keep bounded state per "
      "key across lines; see docs/writing-rules.md for their syntax, windows and memory.")
    w("")
    return "\n".join(L)


def main(argv):
    rules_dir = os.path.join(SRC, "rules")
    out = check = None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "-o":
            out = args.pop(0)
        elif a == "--check":
            check = args.pop(0)
        else:
            rules_dir = a
    files, rules = load(rules_dir)
    text = render(files, rules)
    if check:
        try:
            with open(check, encoding="utf-8") as fh:
                have = fh.read()
        except OSError as e:
            print("gen_rules_doc: %s" % e, file=sys.stderr)
            return 1
        if have != text:
            print("%s is stale: run python3 tests/gen_rules_doc.py -o %s" % (check, check),
                  file=sys.stderr)
            return 1
        print("%s is up to date (%d rules)" % (check, len(rules)))
        return 0
    if out:
        with open(out + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(out + ".tmp", out)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
