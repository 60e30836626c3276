#!/usr/bin/python3
"""validate.py KIND FILE [SCHEMA]: checks one statuslint report beyond (or with) its schema.

KIND: sarif | codequality | json | jsonl | text
Exit 0 valid, 1 invalid (each problem printed), 77 when a needed module is missing."""
import json
import re
import sys

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fail(msg):
    print(f"INVALID: {msg}")
    sys.exit(1)


def raw_checks(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        fail("starts with a BOM")
    text = data.decode("utf-8")  # raises on invalid UTF-8
    m = CONTROL.search(text)
    if m:
        fail(f"raw control character U+{ord(m.group()):04X} at offset {m.start()}")
    return text


def schema(doc, schema_path):
    try:
        import jsonschema
    except ImportError:
        print("SKIPPED: python3-jsonschema is not installed")
        sys.exit(77)
    s = json.load(open(schema_path, encoding="utf-8"))
    cls = jsonschema.validators.validator_for(s)
    errors = list(cls(s).iter_errors(doc))
    for e in errors[:20]:
        print(f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    if errors:
        fail(f"{len(errors)} schema errors")


def sarif_github(doc):
    """The rules GitHub code scanning applies on upload (outputs.md section 1)."""
    if "$schema" not in doc or doc.get("version") != "2.1.0":
        fail("$schema/version")
    for run in doc["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        for r in rules:
            for k in ("shortDescription", "fullDescription", "help"):
                t = r.get(k, {}).get("text", "")
                if not t or len(t) > (1024 if k != "help" else 10**6):
                    fail(f"rule {r['id']}: {k}.text empty or too long")
            if "security-severity" in r.get("properties", {}):
                fail("security-severity present")
            if len(r.get("properties", {}).get("tags", [])) > 20:
                fail("more than 20 tags")
        results = run.get("results", [])
        if len(results) > 25000:
            fail("more than 25000 results")
        hashes = set()
        for res in results:
            locs = res.get("locations") or []
            if not locs or "physicalLocation" not in locs[0]:
                fail("result without a physical location")
            uri = locs[0]["physicalLocation"]["artifactLocation"]["uri"]
            if not re.fullmatch(r"[A-Za-z0-9\-._~/%:]+", uri) or "\\" in uri:
                fail(f"uri not percent-encoded: {uri!r}")
            h = res.get("partialFingerprints", {}).get("primaryLocationLineHash")
            if not h or not re.fullmatch(r"[0-9a-f]{16}:[0-9]+", h):
                fail(f"bad primaryLocationLineHash {h!r}")
            if h in hashes:
                fail(f"duplicate primaryLocationLineHash {h}")
            hashes.add(h)
            idx = res.get("ruleIndex")
            if idx is not None and rules[idx]["id"] != res["ruleId"]:
                fail("ruleIndex does not match ruleId")
            if not res["message"]["text"]:
                fail("empty message")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    text = raw_checks(path)
    if kind == "jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            o = json.loads(line)
            for k in ("file", "line", "rule", "severity", "status", "message", "fingerprint"):
                if k not in o:
                    fail(f"line {n}: no {k}")
            if not re.fullmatch(r"[0-9a-f]{16}", o["fingerprint"]):
                fail(f"line {n}: fingerprint")
    elif kind == "json":
        doc = json.loads(text)
        s = doc["summary"]
        if s["lines"] != s["records"] + s["rejected"] + s["skipped"]:
            fail("lines != records + rejected + skipped")
        for k in ("files", "findings", "by_rule", "status", "suppressed", "baselined", "input_errors"):
            if k not in s:
                fail(f"summary has no {k}")
        if not isinstance(doc["findings"], list) or not isinstance(doc["rejected_samples"], list):
            fail("findings / rejected_samples")
    elif kind == "sarif":
        doc = json.loads(text)
        schema(doc, sys.argv[3])
        sarif_github(doc)
    elif kind == "codequality":
        doc = json.loads(text)
        schema(doc, sys.argv[3])
        fps = [i["fingerprint"] for i in doc]
        if len(fps) != len(set(fps)):
            fail("duplicate fingerprints")
    elif kind != "text":
        fail(f"unknown kind {kind}")
    print(f"{path}: OK")


if __name__ == "__main__":
    main()
