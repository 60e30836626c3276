#!/usr/bin/env python3
"""check_completion.py: load a shell completion of src/shell/ in the real shell and ask it.

usage: check_completion.py bash|zsh|fish STATUSLINT SRCDIR WORKDIR

Completes command lines the way a user's TAB would (bash: Debian's bash-completion and
_statuslint; zsh: an interactive zsh on a pty with compinit; fish: `complete -C`), from SRCDIR with
STATUSLINT's directory first on PATH, and checks the candidates against what the binary says
(--list options/formats/log-formats/commands, rules list -f jsonl). Prints SKIPPED and exits 77
when the shell (or bash-completion) is not installed."""
import json, os, shutil, subprocess, sys

shell, exe, src, work = sys.argv[1:5]
exe = os.path.abspath(exe)
os.makedirs(work, exist_ok=True)
env = dict(os.environ, PATH=os.path.dirname(exe) + os.pathsep + os.environ.get("PATH", ""),
           HOME=work, XDG_CONFIG_HOME=work, XDG_DATA_HOME=work, NO_COLOR="1")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
if not shutil.which(shell) or (shell == "bash" and not os.path.exists(BASH_COMPLETION)):
    print(f"SKIPPED: {shell} {'(with bash-completion) ' if shell == 'bash' else ''}is not installed")
    sys.exit(77)


def out(*args):
    return subprocess.run([exe, *args], capture_output=True, text=True, check=True, cwd=src).stdout


options = [l.split("\t") for l in out("--list", "options").splitlines()]
longs = {o[0] for o in options}
formats = set(out("--list", "formats").split())
presets = set(out("--list", "log-formats").split())
subs = {c.split(" ", 1)[1] for c in out("--list", "commands").splitlines() if c.startswith("rules ")}
ids = [json.loads(l)["id"] for l in out("rules", "list", "-f", "jsonl").splitlines()]
rulefile = os.path.join(work, "only.yml")
with open(rulefile, "w") as f:
    f.write("rules:\n  - id: my.only-rule\n    title: only rule\n    severity: info\n"
            "    codes: [302]\n    when: method == \"GET\"\n    message: \"{method}\"\n")

# (line, check, what the candidates must be)
cases = [
    ("statuslint --fo", "has", {"--format"}),
    ("statuslint -", "has", longs),
    ("statuslint -f ", "eq", formats),
    ("statuslint --format ", "eq", formats),
    ("statuslint --log-format ", "eq", presets),
    ("statuslint --log-format=c", "eq", {p for p in presets if p.startswith("c")}),
    ("statuslint --fail-on ", "eq", {"error", "warning", "info", "none"}),
    ("statuslint --color ", "eq", {"auto", "always", "never"}),
    ("statuslint ru", "has", {"rules"}),
    ("statuslint rules ", "eq", subs),
    ("statuslint rules explain dav.208", "eq", {i for i in ids if i.startswith("dav.208")}),
    (f"statuslint --no-default-rules --rules {rulefile} rules explain ", "eq", {"my.only-rule"}),
    ("statuslint rules list -f ", "eq", {"text", "jsonl"}),
    ("statuslint --version -f ", "eq", {"text", "json"}),
    ("statuslint samples/ -f s", "eq", {f for f in formats if f.startswith("s")}),
    ("statuslint samples/comb", "file", "combined.log"),
    ("statuslint -o samples/comb", "file", "combined.log"),
]
lines = [c[0] for c in cases]


def bash_run():
    script = [f"source {BASH_COMPLETION}", f"source {os.path.join(src, 'src/shell/statuslint.bash')}"]
    for line in lines:
        words = line.split(" ")
        arr = " ".join("'%s'" % w for w in words)
        script += [f"echo '== {line}'", f"COMP_LINE='{line}'; COMP_POINT={len(line)}",
                   f"COMP_WORDS=({arr}); COMP_CWORD={len(words) - 1}; COMPREPLY=()",
                   f"_statuslint statuslint '{words[-1]}' '{words[-2]}'",
                   "printf '%s\\n' \"${COMPREPLY[@]}\""]
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)], env=env, cwd=src,
                       capture_output=True, text=True, timeout=60)
    return r.stdout, r.stderr


def fish_run():
    script = [f"source {os.path.join(src, 'src/shell/statuslint.fish')}"]
    for line in lines:
        script += [f"echo '== {line}'", f"complete -C '{line}' | string replace -r '\\t.*' ''"]
    r = subprocess.run(["fish", "--no-config", "-c", "\n".join(script)], env=env, cwd=src,
                       capture_output=True, text=True, timeout=60)
    return r.stdout, r.stderr


def zsh_run():
    res = os.path.join(work, "zsh.out")
    r = subprocess.run(["zsh", "-f", os.path.join(src, "tests/shell/zsh_complete.zsh"),
                        os.path.join(src, "src/shell"), res, *lines], env=env, cwd=src,
                       capture_output=True, text=True, timeout=120)
    if r.returncode == 77:
        print("SKIPPED: zsh has no zsh/zpty module")
        sys.exit(77)
    return (open(res).read() if os.path.exists(res) else ""), r.stdout + r.stderr


stdout, stderr = {"bash": bash_run, "fish": fish_run, "zsh": zsh_run}[shell]()
got, cur = {}, None
for l in stdout.splitlines():
    if l.startswith("== "):
        cur = l[3:]
        got[cur] = set()
    elif cur is not None and l and l != "~~ done":  # zsh_complete.zsh's end-of-completion mark
        last = cur.split(" ")[-1]
        if "=" in last and l.startswith(last.split("=")[0] + "="):  # fish keeps "--opt=" on it
            l = l.split("=", 1)[1]
        got[cur].add(l)
failed = 0
for line, kind, want in cases:
    have = got.get(line)
    if have is None:
        ok = False
    elif kind == "eq":
        ok = have == want
    elif kind == "has":
        ok = want <= have
    else:  # a file: shells differ in whether the directory part is in the candidate
        ok = any(h.endswith(want) for h in have)
    failed += not ok
    print(("ok   " if ok else "FAIL ") + f"{shell}: {line!r}" +
          ("" if ok else f"\n     want {kind} {sorted(want) if isinstance(want, set) else want}"
                         f"\n     got  {sorted(have) if have is not None else None}"))
if stderr.strip():
    print(f"{shell} stderr:\n{stderr.strip()[:2000]}")
    failed += 1
sys.exit(1 if failed else 0)
