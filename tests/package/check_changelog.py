#!/usr/bin/env python3
"""check_changelog.py CHANGELOG.md VERSION: the changelog keeps the Keep a Changelog shape.

"# Changelog", then "## Unreleased" and/or "## [X.Y.Z] - YYYY-MM-DD" sections, newest first, none
newer than project(VERSION); inside each only the standard "### Added/Changed/Deprecated/Removed/
Fixed/Security" groups, each with at least one "- " entry."""
import re, sys

path, version = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
errors = []
vkey = lambda v: tuple(int(x) for x in v.split("."))
if not lines or lines[0] != "# Changelog":
    errors.append("line 1: expected '# Changelog'")
groups = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
released, section, group, entries = [], None, None, {}
for n, l in enumerate(lines, 1):
    if l.startswith("## "):
        m = re.fullmatch(r"## (?:Unreleased|\[Unreleased\]|\[(\d+\.\d+\.\d+)\] - (\d{4}-\d\d-\d\d))", l)
        if not m:
            errors.append(f"line {n}: section heading is '## Unreleased' or '## [X.Y.Z] - YYYY-MM-DD'")
            continue
        if m.group(1):
            released.append((n, m.group(1)))
        elif released:
            errors.append(f"line {n}: Unreleased comes before the releases")
        section, group = l, None
    elif l.startswith("### "):
        group = l[4:]
        if section is None or group not in groups:
            errors.append(f"line {n}: '{l}' is not one of ### {', '.join(sorted(groups))} in a section")
        entries[(section, group)] = 0
    elif l.startswith("- ") and group:
        entries[(section, group)] += 1
for (s, g), c in entries.items():
    if not c:
        errors.append(f"{s} / {g}: no entry")
if not entries:
    errors.append("no entries at all")
for (n1, a), (n2, b) in zip(released, released[1:]):
    if vkey(a) <= vkey(b):
        errors.append(f"line {n2}: {b} is listed below {a} but is not older")
if released and vkey(released[0][1]) > vkey(version):
    errors.append(f"line {released[0][0]}: {released[0][1]} is newer than project(VERSION) {version}")
for e in errors:
    print(f"{path}: {e}")
print(f"{path}: {'ok' if not errors else 'FAILED'} ({len(entries)} groups, {len(released)} releases)")
sys.exit(1 if errors else 0)
