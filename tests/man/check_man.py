#!/usr/bin/env python3
"""check_man.py: the man pages cannot drift from the binary and the rule language.

usage: check_man.py STATUSLINT MAN1 MAN5 SRCDIR

statuslint(1) against the binary: the options of the getopt table (`statuslint --list options`),
those named in `--help` and those with an entry under OPTIONS are the same sets, with the same
short forms; the output formats, log-format presets and subcommands listed by `--list` are the
entries of OUTPUT FORMATS, LOG FORMATS and COMMANDS, and --help names the same formats and
subcommands. statuslint-rules(5) against the code's own tables (rule keys, settings keys, fields,
keywords) and the binary's functions table (`--list functions`: names, arguments, help lines).
Both pages render with groff without a warning, and carry the version.
Prints one line per check; exits 1 on the first page that fails, naming what is missing where."""
import os, re, shlex, shutil, subprocess, sys

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def same(name, a, b, aname, bname):
    a, b = set(a), set(b)
    check(a == b, f"{name}: {aname} == {bname}" +
          (f" (only in {aname}: {sorted(a - b)}; only in {bname}: {sorted(b - a)})" if a != b else ""))


# ---- a small man(7) reader: sections, .TP headers, bold words ----
def unescape(s):
    s = re.sub(r'\\f[BIRP]|\\f\[[A-Z]*\]', '', s)
    return s.replace('\\-', '-').replace('\\(dq', '"').replace('\\(aq', "'").replace('\\e', '\\')


def macro_args(line):
    try:
        return shlex.split(line, posix=True)
    except ValueError:
        return line.split()


def bold_words(line):
    """Words set in bold on one roff line (.B, .BR/.RB/.BI/.IB alternation, inline \\fB...\\fR)."""
    out = re.findall(r'\\fB(.*?)\\f[RPI]', line)
    m = re.match(r'\.(B|BR|RB|BI|IB)\s+(.*)', line)
    if m:
        args = macro_args(m.group(2))
        start = 0 if m.group(1) in ('B', 'BR', 'BI') else 1
        out += args if m.group(1) == 'B' else args[start::2]
    return [w for x in out for w in unescape(x).replace(',', ' ').split()]


def first_bold(line):
    """The first bold phrase of a line, whole (a subcommand is two words)."""
    m = re.match(r'\.(B|BR|BI)\s+(.*)', line)
    if m:
        return unescape(macro_args(m.group(2))[0])
    m = re.search(r'\\fB(.*?)\\f[RPI]', line)
    return unescape(m.group(1)) if m else ''


def sections(text):
    secs, cur = {}, None
    for line in text.splitlines():
        if line.startswith('.SH ') or line.startswith('.SS '):
            cur = unescape(line[4:]).strip('"')
            secs.setdefault(cur, [])
        elif cur:
            secs[cur].append(line)
    return secs


def tp_headers(lines):
    return [lines[i + 1] for i, l in enumerate(lines[:-1]) if l.strip() == '.TP']


def header_bold(lines):
    return [w for h in tp_headers(lines) for w in bold_words(h)]


def groff_clean(path):
    if not shutil.which('groff'):
        print("note: groff absent; rendering not checked")
        return
    r = subprocess.run(['groff', '-man', '-ww', '-z', '-t', path], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr.strip(),
          f"{os.path.basename(path)} renders without groff warnings {r.stderr.strip()[:300]}")


LONG = re.compile(r'(?<![\w-])--[a-z][a-z0-9-]*')
SHORT = re.compile(r'(?<![\w-])-([a-zA-Z])(?![\w-])')


def help_commands(helptext):
    """Subcommands in the usage lines: the lower-case words right after 'statuslint', with
    a|b|c alternatives spelled out ('statuslint state list|check PATH' is two commands)."""
    found = []
    for line in helptext.split('\n\n')[0].splitlines():
        m = re.match(r'\s*(?:usage:)?\s*statuslint((?: [a-z][a-z|-]*)+)', line)
        if not m:
            continue
        words = m.group(1).split()
        alts = ['']
        for w in words:
            alts = [(a + ' ' + x).strip() for a in alts for x in w.split('|')]
        found += alts
    return found


def check_man1(exe, path):
    text = open(path, encoding='utf-8').read()
    secs = sections(text)
    table = [l.split('\t') for l in run(exe, '--list', 'options').splitlines()]
    longs = {t[0] for t in table}
    shorts = {t[1]: t[0] for t in table if t[1] != '-'}
    helptext = run(exe, '--help')
    # options
    opt_heads = [unescape(h) for h in tp_headers(secs.get('OPTIONS', []))]
    man_longs = {o for h in opt_heads for o in LONG.findall(h)}
    same("options", longs, man_longs, "getopt table", "statuslint(1) OPTIONS")
    same("options", longs, LONG.findall(helptext), "getopt table", "--help")
    check(not set(LONG.findall(unescape(text))) - longs,
          "statuslint(1) names no option the binary lacks "
          f"{sorted(set(LONG.findall(unescape(text))) - longs)}")
    for s, l in shorts.items():
        check(any(f"{s}, {l}" in h for h in opt_heads), f"statuslint(1) OPTIONS has '{s}, {l}'")
        check(f"{s}, {l}" in helptext, f"--help has '{s}, {l}'")
    man_shorts = {'-' + s for h in opt_heads for s in SHORT.findall(h)}
    same("short options", set(shorts), man_shorts, "getopt table", "statuslint(1) OPTIONS")
    # output formats
    fmts = run(exe, '--list', 'formats').split()
    same("output formats", fmts, header_bold(secs.get('OUTPUT FORMATS', [])), "--list formats",
         "statuslint(1) OUTPUT FORMATS")
    m = re.search(r'--format FMT\s+(.*?)\s*\(repeatable', helptext, re.S)
    same("output formats", fmts, m.group(1).split() if m else [], "--list formats", "--help -f")
    # log formats
    presets = run(exe, '--list', 'log-formats').split()
    same("log formats", presets, header_bold(secs.get('LOG FORMATS', [])), "--list log-formats",
         "statuslint(1) LOG FORMATS")
    m = re.search(r'a preset \((.*?)\)', helptext, re.S)
    listed = [w for w in (m.group(1).split() if m else []) if w != '...']
    check(m and set(listed) <= set(presets), f"--help names only real presets {listed}")
    # subcommands
    cmds = run(exe, '--list', 'commands').splitlines()
    man_cmds = [first_bold(h) for h in tp_headers(secs.get('COMMANDS', []))]
    same("subcommands", cmds, man_cmds, "--list commands", "statuslint(1) COMMANDS")
    same("subcommands", cmds, help_commands(helptext), "--list commands", "--help usage")
    if set(cmds) != set(help_commands(helptext)):
        print("     (--list commands prints the commands[] table of src/cli/cli_list.c)")
    synopsis = unescape('\n'.join(secs.get('SYNOPSIS', [])))
    for c in cmds:
        check(f"statuslint {c}" in synopsis, f"statuslint(1) SYNOPSIS has 'statuslint {c}'")
    version = run(exe, '--version').splitlines()[0].split()[1]
    check(f'"statuslint {version}"' in text, f"statuslint(1) .TH carries version {version}")
    groff_clean(path)


def c_table(src, name):
    m = re.search(r'\b' + re.escape(name) + r'\[\]\s*=\s*\{(.*?)\};', src, re.S)
    if not m:
        sys.exit(f"check_man.py: table {name} not found in the sources")
    return re.findall(r'"([^"]+)"', m.group(1))


def check_man5(exe, path, srcdir, version):
    text = open(path, encoding='utf-8').read()
    secs = sections(text)
    rd = lambda p: open(os.path.join(srcdir, p), encoding='utf-8').read()
    load, config = rd('src/rule/rule_load.c'), rd('src/rule/rule_config.c')
    rule_keys = [h.split()[0] for h in header_bold(secs.get('RULE KEYS', []))
                 if h not in ('(required)',)]
    same("rule keys", c_table(load, 'rule_keys'), rule_keys, "rule_load.c", "statuslint-rules(5) RULE KEYS")
    same("settings keys", c_table(config, 'cfg_keys'), header_bold(secs.get('PROJECT SETTINGS', [])),
         "rule_config.c", "statuslint-rules(5) PROJECT SETTINGS")
    settings_bold = {w for l in secs.get('PROJECT SETTINGS', []) for w in bold_words(l)}
    check(set(c_table(config, 'supp_keys')) <= settings_bold, "suppress keys are in PROJECT SETTINGS")
    check(set(c_table(load, 'top_keys')) <= set(header_bold(secs.get('DESCRIPTION', []))),
          "top-level keys are in DESCRIPTION")
    check(set(c_table(load, 'test_keys')) <= {w for l in secs.get('RULE KEYS', []) + secs.get('TESTS', [])
                                               for w in bold_words(l)}, "test keys are described")
    fields = re.findall(r'^X\(\s*\w+,\s*"([^"]+)"', rd('src/record/rec_fields.def'), re.M)
    named = [w for l in secs.get('Fields', []) for w in bold_words(l) if re.fullmatch(r'[a-z][a-z_]*', w)]
    same("fields", fields, named, "rec_fields.def", "statuslint-rules(5) Fields")
    flines = secs.get('Functions', [])
    man_funcs = {}
    for i, l in enumerate(flines[:-2]):  # .TP / .BI name( arg ) / the description
        if l.strip() == '.TP' and flines[i + 1].startswith('.BI '):
            sig = re.sub(r'\s+', '', ''.join(macro_args(flines[i + 1][4:])))
            man_funcs[sig] = unescape(flines[i + 2]).strip()
    table = dict(l.split('\t', 1) for l in run(exe, '--list', 'functions').splitlines())
    same("functions", table, man_funcs, "the functions table (--list functions)",
         "statuslint-rules(5) Functions")
    for sig, help_line in table.items():
        check(man_funcs.get(sig) in (None, help_line), f"statuslint-rules(5) describes {sig} as "
              f"the table's help line says ({help_line!r}, not {man_funcs.get(sig)!r})")
    kw = re.findall(r'\{"([a-z]+)", T_', rd('src/rule/rule_lex.c'))
    op_bold = {w for l in secs.get('Operators', []) for w in bold_words(l)}
    check(kw and set(kw) <= op_bold, f"keywords are in Operators {sorted(set(kw) - op_bold)}")
    check(f'"statuslint {version}"' in text, f"statuslint-rules(5) .TH carries version {version}")
    groff_clean(path)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    exe, man1, man5, srcdir = sys.argv[1:]
    check_man1(exe, man1)
    check_man5(exe, man5, srcdir, run(exe, '--version').splitlines()[0].split()[1])
    if failures:
        print(f"{len(failures)} check(s) failed: update docs/man/*.in (or --help, or the table "
              "named) so they agree")
        sys.exit(1)


main()
